"""The Résumé page's draft pane: each draft as a line diff the candidate decides on.

A rewritten bullet shows the original struck through above the new line; a new bullet
shows only the new line; a story shows its STAR parts. Every claim in a drafted line is
highlighted from its provenance check, and the level lens sums up how the line reads.
Per line: Accept, Edit (inline) and Reject, with the current status always in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coach.refresh.records import DraftStatus
from coach.stories.records import Story
from ui.pages.conversation import pane_scroll
from ui.pages.resume_claim_text import ClaimText
from ui.pages.resume_style import DiffColours, diff_colours

if TYPE_CHECKING:
    from coach.refresh.records import DraftLine
    from coach.refresh.review import LineReview
    from coach.refresh.service import SessionView

MAX_LISTED = 6  # unsupported claims named under a line; the rest are counted

STATUS_LABELS = {
    DraftStatus.PENDING: "To review",
    DraftStatus.ACCEPTED: "Accepted",
    DraftStatus.EDITED: "Edited and kept",
    DraftStatus.REJECTED: "Rejected",
}
PART_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "learning": "Learning",
}


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def what_it_is(draft: DraftLine) -> str:
    if draft.kind == "story":
        return "STAR story"
    if draft.replaces is not None:
        return f"Rewrite of bullet {draft.replaces + 1}"
    return "New bullet"


def author_text(draft: DraftLine) -> str:
    return "written by the model" if draft.author == "model" else "from your own words (no model)"


class StoryEditor(QWidget):
    """A story's title and STAR parts, each in its own box."""

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.title = QLineEdit(story.title)
        self.parts: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Title", self.title)
        for name in Story.PARTS:
            box = QPlainTextEdit(getattr(story, name))
            box.setTabChangesFocus(True)
            box.setFixedHeight(56)
            self.parts[name] = box
            form.addRow(PART_LABELS[name], box)

    def story(self) -> Story:
        values = {name: " ".join(box.toPlainText().split()) for name, box in self.parts.items()}
        return Story(title=self.title.text().strip(), **values)


class DraftCard(QFrame):
    accept_clicked = Signal(int)  # draft id
    reject_clicked = Signal(int)
    edit_saved = Signal(int, str)  # draft id, the new text (a story's JSON)

    def __init__(self, draft: DraftLine, review: LineReview | None, colours: DiffColours) -> None:
        super().__init__()
        self.draft = draft
        self.review = review
        self.setObjectName("draftCard")
        self.setProperty("status", draft.status.value)
        self.lines: list[ClaimText] = []  # the drafted text, with claims highlighted
        self.removed: ClaimText | None = None

        top = self._header()
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(2)
        if draft.kind == "story":
            self._story_body(body, colours)
        else:
            self._bullet_body(body, colours)
        self._notes()
        self.buttons = self._buttons()

        self.editor: QWidget | None = None
        self.editor_area = QWidget()
        self.editor_layout = QVBoxLayout(self.editor_area)
        self.editor_layout.setContentsMargins(0, 0, 0, 0)
        self.editor_area.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addWidget(self.editor_area)
        layout.addWidget(self.warning)
        layout.addWidget(self.lens)
        layout.addWidget(self.buttons)
        if draft.status == DraftStatus.REJECTED:
            self.body.setEnabled(False)  # greyed: out of the résumé, but still there

    def _header(self) -> QHBoxLayout:
        self.chip = _label(STATUS_LABELS[self.draft.status], "statusChip")
        self.chip.setProperty("status", self.draft.status.value)
        self.chip.setWordWrap(False)
        kind = _label(f"{what_it_is(self.draft)} · {author_text(self.draft)}", "muted")
        top = QHBoxLayout()
        top.addWidget(kind, 1)
        top.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _notes(self) -> None:
        """The warning about unsupported claims, and the level lens."""
        review = self.review
        unsupported = review.unsupported if review is not None else ()
        self.warning = _label("", "warning")
        if unsupported and self.draft.confirmed:
            self.warning.setText("You confirmed its claims are true.")
            self.warning.setObjectName("muted")
        elif unsupported:
            shown = [f"“{check.claim.text}”" for check in unsupported[:MAX_LISTED]]
            if len(unsupported) > MAX_LISTED:
                shown.append(f"and {len(unsupported) - MAX_LISTED} more")
            names = ", ".join(shown)
            self.warning.setText(
                f"⚠ {_plural(len(unsupported), 'claim')} not in your own words: {names}"
            )
        self.warning.setVisible(bool(self.warning.text()))
        summary = review.level.summary.strip() if review is not None else ""
        self.lens = _label(f"Level lens: {summary}" if summary else "", "levelLens")
        self.lens.setVisible(bool(summary))

    def _buttons(self) -> QWidget:
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Keep this line on your résumé")
        self.accept_button.clicked.connect(lambda: self.accept_clicked.emit(self.draft.id))
        self.edit_button = QPushButton("Edit")
        self.edit_button.setToolTip("Change the wording, then keep it")
        self.edit_button.clicked.connect(self.start_editing)
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Leave this line out")
        self.reject_button.clicked.connect(lambda: self.reject_clicked.emit(self.draft.id))
        self.accept_button.setEnabled(self.draft.status != DraftStatus.ACCEPTED)
        self.reject_button.setEnabled(self.draft.status != DraftStatus.REJECTED)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 2, 0, 0)
        row.addStretch(1)
        for button in (self.accept_button, self.edit_button, self.reject_button):
            row.addWidget(button)
        return buttons

    # ---- the diff --------------------------------------------------------------------

    def _checks(self, part: str) -> tuple[str | None, Sequence]:
        """The checked text and claim checks of one part ("bullet" or a STAR part)."""
        if self.review is None:
            return None, ()
        for name, report in self.review.parts:
            if name == part:
                return report.line, report.checks
        return None, ()

    @staticmethod
    def _gutter(mark: str, colour: str) -> QLabel:
        label = QLabel(mark)
        label.setFixedWidth(14)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        label.setStyleSheet(f"color: {colour}; font-weight: 700;")
        return label

    def _diff_row(self, layout: QVBoxLayout, mark: str, colour: str, text: ClaimText) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self._gutter(mark, colour))
        row.addWidget(text, 1)
        layout.addLayout(row)

    def _bullet_body(self, layout: QVBoxLayout, colours: DiffColours) -> None:
        draft = self.draft
        if draft.original is not None:
            self.removed = ClaimText()
            self.removed.show_removed(draft.original, colours.removed)
            self.removed.setAccessibleName("Original bullet, replaced")
            self._diff_row(layout, "−", colours.removed.name(), self.removed)
        line, checks = self._checks("bullet")
        text = ClaimText()
        text.setAccessibleName("Drafted line")
        text.show_line(line if line is not None else draft.current, checks, colours)
        self.lines.append(text)
        self._diff_row(layout, "+", colours.added.name(), text)

    def _story_body(self, layout: QVBoxLayout, colours: DiffColours) -> None:
        story = self.draft.story
        assert story is not None
        if story.title:
            title = ClaimText()
            title.show_line(story.title, (), colours, bold=True)
            layout.addWidget(title)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        for row, (name, part) in enumerate(story.parts()):
            line, checks = self._checks(name)
            text = ClaimText()
            text.setAccessibleName(PART_LABELS[name])
            text.show_line(line if line is not None else part, checks, colours)
            self.lines.append(text)
            label = _label(PART_LABELS[name], "bubbleTag")
            label.setWordWrap(False)
            label.setContentsMargins(0, 3, 0, 0)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
        layout.addLayout(grid)

    def text(self) -> str:
        return "\n".join(line.text() for line in self.lines)

    # ---- editing ---------------------------------------------------------------------

    def start_editing(self) -> None:
        if self.editor is not None:
            return
        story = self.draft.story
        if story is not None:
            self.editor = StoryEditor(story)
        else:
            box = QPlainTextEdit(self.draft.current)
            box.setTabChangesFocus(True)
            box.setFixedHeight(72)
            self.editor = box
        save = QPushButton("Save")
        save.setDefault(True)
        save.clicked.connect(self.save_edit)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.stop_editing)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        row.addWidget(cancel)
        self.editor_layout.addWidget(self.editor)
        self.editor_layout.addLayout(row)
        self.save_button = save
        self.body.setVisible(False)
        self.buttons.setVisible(False)
        self.editor_area.setVisible(True)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def edited_text(self) -> str:
        if isinstance(self.editor, StoryEditor):
            return self.editor.story().to_json()
        if isinstance(self.editor, QPlainTextEdit):
            return " ".join(self.editor.toPlainText().split())
        return self.draft.current

    def set_edited_text(self, text: str) -> None:
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)

    def save_edit(self) -> None:
        self.edit_saved.emit(self.draft.id, self.edited_text())

    def stop_editing(self) -> None:
        if self.editor is None:
            return
        while self.editor_layout.count():
            item = self.editor_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                inner = item.layout()
                while inner.count():
                    child = inner.takeAt(0)
                    if child.widget() is not None:
                        child.widget().deleteLater()
        self.editor = None
        self.editor_area.setVisible(False)
        self.body.setVisible(True)
        self.buttons.setVisible(True)


class DraftPane(QFrame):
    accept_clicked = Signal(int)
    reject_clicked = Signal(int)
    edit_saved = Signal(int, str)
    accept_all_clicked = Signal()
    ask_more_clicked = Signal()
    redraft_clicked = Signal()
    draft_clicked = Signal()  # "Draft now" (with the model when one is loaded)
    rule_draft_clicked = Signal()  # "Draft without the model"
    cancel_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resumePane")
        self.cards: list[DraftCard] = []
        self._view: SessionView | None = None

        title = _label("Drafts", "paneTitle")
        self.summary = _label("", "muted")
        self.actions = self._actions_row()
        self.banner_area = self._banner_area()
        self.empty = self._empty_area()
        self.scroll = self._list_area()
        self.footer = self._footer_row()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.actions)
        layout.addWidget(self.banner_area)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.footer)
        self.show_view(None)

    def _actions_row(self) -> QWidget:
        """Deciding in bulk at the top; going back or drafting again at the bottom."""
        self.accept_all_button = QPushButton("Accept all supported")
        self.accept_all_button.setToolTip(
            "Accept every line to review whose claims are all found in your own words"
        )
        self.accept_all_button.clicked.connect(self.accept_all_clicked)
        row = QWidget()
        actions = QHBoxLayout(row)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.accept_all_button)
        actions.addStretch(1)
        return row

    def _footer_row(self) -> QWidget:
        self.ask_more_button = QPushButton("Ask more questions")
        self.ask_more_button.setToolTip("Back to questions; these drafts stay until you redraft")
        self.ask_more_button.clicked.connect(self.ask_more_clicked)
        self.redraft_button = QPushButton("Redraft")
        self.redraft_button.setToolTip("Write the drafts again from all your answers")
        self.redraft_button.clicked.connect(self.redraft_clicked)
        row = QWidget()
        actions = QHBoxLayout(row)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addStretch(1)
        actions.addWidget(self.ask_more_button)
        actions.addWidget(self.redraft_button)
        return row

    def _banner_area(self) -> QWidget:
        """Drafting in progress, a failed draft, or a cancelled one."""
        self.banner = _label("", "banner")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.cancel_button = QPushButton("Cancel drafting")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.rule_button = QPushButton("Draft without the model")
        self.rule_button.setToolTip("Tighten your own words with rules: nothing new is written")
        self.rule_button.clicked.connect(self.rule_draft_clicked)
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.draft_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.retry_button, self.rule_button):
            buttons.addWidget(button)
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        area.setVisible(False)
        return area

    def _empty_area(self) -> QWidget:
        self.placeholder = _label("", "muted")
        self.draft_button = QPushButton("Draft now")
        self.draft_button.clicked.connect(self.draft_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.draft_button)
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addLayout(row)
        layout.addStretch(1)
        return area

    def _list_area(self) -> QScrollArea:
        self.list = QWidget()
        self.list.setObjectName("paneContent")
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 6, 0)
        self.list_layout.setSpacing(10)
        scroll = pane_scroll(self.list)
        return scroll

    # ---- showing ---------------------------------------------------------------------

    def show_view(self, view: SessionView | None, *, drafting: bool = False) -> None:
        self._view = view
        self._clear()
        drafts = view.drafts if view is not None else ()
        colours = diff_colours(self.palette())
        for draft in drafts:
            card = DraftCard(draft, view.reviews.get(draft.id) if view else None, colours)
            card.accept_clicked.connect(self.accept_clicked)
            card.reject_clicked.connect(self.reject_clicked)
            card.edit_saved.connect(self.edit_saved)
            self.cards.append(card)
            self.list_layout.addWidget(card)
        self.list_layout.addStretch(1)

        has = bool(drafts)
        self.scroll.setVisible(has)
        self.empty.setVisible(not has)
        self.actions.setVisible(has)
        self.footer.setVisible(has)
        waiting = [d for d in drafts if d.status == DraftStatus.PENDING]
        supported = [
            c for c in self.cards if c.draft.status == DraftStatus.PENDING and self._supported(c)
        ]
        self.accept_all_button.setEnabled(bool(supported) and not drafting)
        self.redraft_button.setEnabled(not drafting)
        self.ask_more_button.setEnabled(view is not None and not view.asking and not drafting)
        if has:
            unconfirmed = sum(
                1
                for c in self.cards
                if c.draft.status == DraftStatus.PENDING and not self._supported(c)
            )
            parts = [
                f"{_plural(len(waiting), 'line')} to review" if waiting else "All lines decided"
            ]
            if unconfirmed:
                parts.append(f"{unconfirmed} with claims to confirm")
            kept = sum(1 for d in drafts if d.status in (DraftStatus.ACCEPTED, DraftStatus.EDITED))
            parts.append(f"{kept} kept")
            self.summary.setText(" · ".join(parts))
        else:
            self.summary.setText("")
        self.summary.setVisible(has)
        self._placeholder(view, drafting)

    @staticmethod
    def _supported(card: DraftCard) -> bool:
        return card.review is None or card.review.supported

    def _placeholder(self, view: SessionView | None, drafting: bool) -> None:
        if view is None:
            text, button = "Drafts for the role you pick appear here.", False
        elif drafting:
            text, button = "", False
        elif view.asking:
            text = (
                "When you have said enough, press “Enough questions — draft now”. Each "
                "draft is a line diff against your CV; every number, team size, scope word "
                "and ownership verb in it is checked against your own words."
            )
            button = False
        else:
            text, button = "The questions are over for this role: write the drafts.", True
        self.placeholder.setText(text)
        self.placeholder.setVisible(bool(text))
        self.draft_button.setVisible(button)

    def _clear(self) -> None:
        self.cards = []
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def card(self, draft_id: int) -> DraftCard:
        return next(card for card in self.cards if card.draft.id == draft_id)

    # ---- the banner ------------------------------------------------------------------

    def drafting(self, text: str) -> None:
        """Drafts are being written: say so, with Cancel (call after `show_view(drafting=True)`)."""
        self._banner(text, progress=True, cancel=True)
        self.placeholder.setVisible(False)
        self.draft_button.setVisible(False)

    def failed(self, text: str, *, offer_rules: bool) -> None:
        """The last draft failed: why, and the ways on (again, or without the model)."""
        self._banner(text, retry=True, rules=offer_rules)
        self.placeholder.setVisible(False)
        self.draft_button.setVisible(False)

    def notice(self, text: str, *, retry: bool = False) -> None:
        self._banner(text, retry=retry)

    def clear_banner(self) -> None:
        self.banner_area.setVisible(False)

    def _banner(
        self,
        text: str,
        *,
        progress: bool = False,
        cancel: bool = False,
        retry: bool = False,
        rules: bool = False,
    ) -> None:
        self.banner.setText(text)
        self.progress.setVisible(progress)
        self.cancel_button.setVisible(cancel)
        self.retry_button.setVisible(retry)
        self.rule_button.setVisible(rules)
        self.banner_area.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.cards:
            self.show_view(self._view)  # the diff's colours follow light and dark
