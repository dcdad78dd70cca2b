"""The Stories page's live checks: what an interviewer listens for, read from the story as
it is typed. Each check has a mark and a plain sentence (and can show the words it found
in the editor); then the length, the level lens against the target level, and the story
cut to 45 seconds, 90 seconds and 3 minutes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from coach.stories.checks import CheckKey
from ui.pages.conversation import repolish, text_label
from ui.pages.stories_text import NO_TARGET, plural, reads_as_text, sentence, spoken_text

if TYPE_CHECKING:
    from coach.calibration import Span
    from coach.stories.checks import Check, StoryChecks
    from coach.stories.cuts import Cut

MARKS = {"ok": "✓", "missing": "✗", "nudge": "–"}
PLACEHOLDER = (
    "Write the story and the checks appear here, updating as you type: “I” not “we”, a "
    "number, the stakes, the obstacle, what you learned, the level it reads as and how it "
    "sounds in 45 seconds, 90 seconds and 3 minutes."
)


def check_state(check: Check) -> str:
    # The learning check never fails: without a learning it is a nudge, not a pass.
    if check.key == CheckKey.LEARNING and not check.spans:
        return "nudge"
    return "ok" if check.ok else "missing"


class CheckRow:
    """One check in the grid: its mark, its name, its sentence and a 'Show' link."""

    def __init__(
        self, grid: QGridLayout, row: int, on_show: Callable[[tuple[Span, ...]], object]
    ) -> None:
        self.mark = QLabel()
        self.mark.setObjectName("checkMark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.label = text_label("", "checkLabel", selectable=False)
        self.message = text_label()
        self.show_button = QPushButton("Show where")
        self.show_button.setObjectName("linkButton")
        self.show_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_button.setToolTip("Highlight the words this check found in the editor")
        self.spans: tuple[Span, ...] = ()
        self.show_button.clicked.connect(lambda: on_show(self.spans))
        words = QVBoxLayout()
        words.setSpacing(1)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.label)
        head.addWidget(self.show_button)
        head.addStretch(1)
        words.addLayout(head)
        words.addWidget(self.message)
        grid.addWidget(self.mark, row, 0)
        grid.addLayout(words, row, 1)
        self.state = ""

    def show(self, check: Check) -> None:
        state = check_state(check)
        self.mark.setText(MARKS[state])
        self.mark.setAccessibleName(
            {"ok": "passed", "missing": "missing", "nudge": "a nudge"}[state]
        )
        if state != self.state:
            self.state = state
            self.mark.setProperty("state", state)
            repolish(self.mark)
        self.label.setText(check.label)
        self.message.setText(check.message)
        self.spans = check.spans
        self.show_button.setVisible(bool(check.spans))


class ChecksPanel(QWidget):
    show_spans = Signal(object)  # tuple[Span, ...]: words to highlight in the editor

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("paneContent")  # transparent inside its scroll area
        self.checks: StoryChecks | None = None
        self.cuts: tuple[Cut, ...] = ()
        self.placeholder = text_label(PLACEHOLDER, "muted", selectable=False)
        self.length = text_label("", "lengthLine", selectable=False)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.rows: dict[CheckKey, CheckRow] = {
            key: CheckRow(self.grid, index, self.show_spans.emit)
            for index, key in enumerate(CheckKey)
        }
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        body.addWidget(self.length)
        body.addLayout(self.grid)
        body.addSpacing(6)
        body.addWidget(self._level_section())
        body.addSpacing(6)
        body.addWidget(self._cuts_section())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.body.setVisible(False)

    def _level_section(self) -> QWidget:
        self.level_chip = QLabel()
        self.level_chip.setObjectName("levelChip")
        self.level_chip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.target_line = text_label("", "muted", selectable=False)
        self.level_summary = text_label()
        self.level_gaps = text_label("", "muted")
        self.no_target = text_label(NO_TARGET, "muted", selectable=False)
        chip_row = QHBoxLayout()
        chip_row.setContentsMargins(0, 0, 0, 0)
        chip_row.addWidget(self.level_chip)
        chip_row.addWidget(self.target_line, 1)
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(text_label("Level lens", "sectionTitle", selectable=False))
        layout.addLayout(chip_row)
        layout.addWidget(self.level_summary)
        layout.addWidget(self.level_gaps)
        layout.addWidget(self.no_target)
        return section

    def _cuts_section(self) -> QWidget:
        self.cut_tabs = QTabBar()
        self.cut_tabs.setExpanding(False)
        self.cut_tabs.setDrawBase(False)
        self.cut_tabs.setAccessibleName("Spoken cut")
        for label in ("45 s", "90 s", "3 min"):
            self.cut_tabs.addTab(label)
        self.cut_tabs.currentChanged.connect(lambda _i: self._show_cut())
        self.cut_note = text_label("", "muted", selectable=False)
        self.cut_text = text_label("", "cutText")
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(text_label("Spoken cuts", "sectionTitle", selectable=False))
        layout.addWidget(
            text_label(
                "Interviewers interrupt: the same story told short, result and your key "
                "action first.",
                "hint",
                selectable=False,
            )
        )
        layout.addWidget(self.cut_tabs)
        layout.addWidget(self.cut_note)
        layout.addWidget(self.cut_text)
        return section

    # ---- showing -------------------------------------------------------------------

    def show_checks(
        self, checks: StoryChecks | None, cuts: Sequence[Cut], *, has_target: bool
    ) -> None:
        """The checks of the story in the editor; None while it has nothing to check."""
        self.checks = checks
        self.cuts = tuple(cuts)
        self.placeholder.setVisible(checks is None)
        self.body.setVisible(checks is not None)
        if checks is None:
            return
        self.length.setText(
            f"{plural(checks.words, 'word', 'words')} · {spoken_text(checks.spoken_seconds)}"
        )
        for check in checks.checks:
            self.rows[check.key].show(check)
        self._show_level(checks, has_target)
        self._show_cut()

    def _show_level(self, checks: StoryChecks, has_target: bool) -> None:
        # What a story reads as does not depend on the target; meeting it, and the gaps
        # to it, do: without a target level those are left out, and the notice says why.
        reading = checks.level
        self.no_target.setVisible(not has_target)
        self.target_line.setVisible(has_target)
        self.level_chip.setText(reads_as_text(reading.reads_as))
        if reading.reads_as is None:
            state = "none"
        elif not has_target:
            state = ""
        else:
            state = "meets" if reading.meets_target else "below"
        self.level_chip.setProperty("state", state)
        repolish(self.level_chip)
        self.level_summary.setText(sentence(reading.summary) + ".")
        target = reading.target.label
        self.target_line.setText(
            f"Your target, {target}: met." if reading.meets_target else f"Your target: {target}."
        )
        gaps = [f"• {sentence(gap)}." for gap in reading.gaps[:3]] if has_target else []
        self.level_gaps.setText("\n".join(gaps))
        self.level_gaps.setVisible(bool(gaps))

    def _show_cut(self) -> None:
        index = self.cut_tabs.currentIndex()
        if not 0 <= index < len(self.cuts):
            self.cut_note.setText("")
            self.cut_text.setText("")
            return
        cut = self.cuts[index]
        self.cut_note.setText(f"{cut.words} of {cut.budget_words} words. {cut.note}")
        self.cut_text.setText(cut.text)

    def check_text(self, key: CheckKey | str) -> str:
        """'✓ A number: …' as shown, for tests and accessibility."""
        row = self.rows[CheckKey(key)]
        return f"{row.mark.text()} {row.label.text()}: {row.message.text()}"
