"""The Résumé page's middle pane: the role's bullets, the questions and answers so far,
the question waiting (streamed while the model words it), what the role still lacks for
the target level, and the answer box.

The answer box is the one way in for an answer: typing (Ctrl+Enter sends) and
dictation (the dictation bar under the box, `ui/dictation`) both end in the page's `submit_answer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.pages.conversation import AnswerBox, Bubble, clear_layout, pane_scroll, text_label

if TYPE_CHECKING:
    from coach.library.store import StoredRole
    from coach.profile import Level
    from coach.refresh.records import Turn
    from coach.refresh.service import SessionView

ASKED_BY = {
    "model": "from the model",
    "bank": "from the question bank",
    "prep": "from your prep for a posting",
}


def gaps_text(view: SessionView) -> str:
    """ "Still missing for Staff:" and one plain-words line per missing aspect."""
    assessment = view.assessment
    level = view.level.label
    if assessment.meets_bar:
        return f"This role now has what a {level} résumé needs."
    notes = []
    for aspect in assessment.missing:
        note = assessment.status(aspect).note.strip() or aspect.value
        notes.append(f"•  {note[:1].upper()}{note[1:]}")
    return "\n".join([f"Still missing for {level}:", *notes])


def level_text(view: SessionView) -> str:
    summary = view.assessment.level.summary.strip()
    return f"Level lens: {summary}" if summary else ""


class ConversationPane(QFrame):
    send_clicked = Signal()
    skip_clicked = Signal()
    enough_clicked = Signal()
    start_clicked = Signal()
    restart_clicked = Signal()
    retry_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resumePane")
        self.bubbles: list[Bubble] = []
        self.pending: Bubble | None = None
        self._streamed = ""
        self._follow_bottom = True
        heading = self._heading_row()
        self.scroll = self._thread_area()
        self.gaps: QLabel = text_label()  # the latest note of what the role lacks
        self.level: QLabel = text_label(name="levelLens")
        self.answer_area = self._answer_area()
        self.start_area = self._start_area()
        self.message = text_label(name="muted")
        self.retry_button = QPushButton("Ask again")
        self.retry_button.clicked.connect(self.retry_clicked)
        self.retry_button.setVisible(False)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.retry_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(message_row)
        layout.addWidget(self.start_area)
        layout.addWidget(self.answer_area)
        self.show_nothing("Pick a role on the left to refresh it.")

    def _heading_row(self) -> QHBoxLayout:
        self.title = text_label(name="paneTitle")
        self.subtitle = text_label(name="muted")
        self.restart_button = QToolButton()
        self.restart_button.setText("Start over…")
        self.restart_button.setToolTip(
            "Start this role over: its questions, answers and drafts are removed"
        )
        self.restart_button.setAutoRaise(True)
        self.restart_button.clicked.connect(self.restart_clicked)
        self.restart_button.setVisible(False)
        heading = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        heading.addLayout(titles, 1)
        heading.addWidget(self.restart_button, 0, Qt.AlignmentFlag.AlignTop)
        return heading

    def _thread_area(self) -> QScrollArea:
        """The bullets, then the conversation, in a scroll area that follows the newest."""
        self.thread = QWidget()
        self.thread.setObjectName("paneContent")
        self.thread_layout = QVBoxLayout(self.thread)
        self.thread_layout.setContentsMargins(0, 0, 6, 0)
        self.thread_layout.setSpacing(8)
        scroll = pane_scroll(self.thread)
        scroll.verticalScrollBar().rangeChanged.connect(self._follow)
        scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        return scroll

    def _answer_area(self) -> QWidget:
        self.answer_box = AnswerBox(
            "Your answer, in your own words: numbers with a baseline and a time frame, "
            "what you decided, who was involved. Ctrl+Enter sends."
        )
        self.answer_box.setFixedHeight(104)
        self.answer_box.submitted.connect(self.send_clicked)
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Send your answer (Ctrl+Enter)")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send_clicked)
        self.skip_button = QPushButton("&Skip")
        self.skip_button.setToolTip("Skip this question (Alt+S)")
        self.skip_button.clicked.connect(self.skip_clicked)
        self.enough_button = QPushButton("Enough questions — &draft now")
        self.enough_button.setToolTip(
            "Stop the questions and write drafts from your answers (Alt+D)"
        )
        self.enough_button.clicked.connect(self.enough_clicked)
        self.answer_box.textChanged.connect(self._answer_changed)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.enough_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.answer_box)
        layout.addLayout(buttons)
        self.answer_layout = layout
        self._answer_changed()
        return area

    def set_dictation(self, bar: QWidget) -> None:
        """Put the dictation bar under the answer box."""
        self.answer_layout.insertWidget(self.answer_layout.indexOf(self.answer_box) + 1, bar)

    def _start_area(self) -> QWidget:
        self.start_note = text_label(name="")
        self.start_button = QPushButton("Start refreshing this role")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_clicked)
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        return area

    def _answer_changed(self) -> None:
        self.send_button.setEnabled(
            self.answer_box.isEnabled() and bool(self.answer_box.answer().strip())
        )

    # ---- states ----------------------------------------------------------------------

    def show_nothing(self, text: str) -> None:
        """No role to show (none picked, no target level, ...): just `text`."""
        self.title.setText("")
        self.subtitle.setText("")
        self.restart_button.setVisible(False)
        self._clear_thread()
        self.thread_layout.addWidget(text_label(text, "muted"))
        self.thread_layout.addStretch(1)
        self.start_area.setVisible(False)
        self.answer_area.setVisible(False)
        self.say("")

    def show_intro(self, role: StoredRole, level: Level | None) -> None:
        """A role not started yet: its bullets and a Start button (None: no target level
        yet, so nothing can start)."""
        self._heading(role, level)
        self.restart_button.setVisible(False)
        self._clear_thread()
        self._add_bullets(role)
        self.thread_layout.addStretch(1)
        if level is None:
            self.start_note.setText(
                "Choose your target level first: the questions and the drafts aim at it."
            )
        else:
            self.start_note.setText(
                f"The coach asks what this role still lacks for {level.label}: scope, your "
                "own decisions, measured results. Answer in your own words, skip what you do "
                "not know, and stop whenever you like: the drafts use only what you said."
            )
        self.start_button.setVisible(level is not None)
        self.start_area.setVisible(True)
        self.answer_area.setVisible(False)
        self.say("")

    def show_view(
        self,
        view: SessionView,
        *,
        waiting_tag: str = "",
        streamed: str = "",
        target: Level | None = None,
    ) -> None:
        """The session as it stands. `waiting_tag` set: a question is being fetched.
        `target`: the profile's level, when it is not the one the session was started for."""
        self._heading(view.role, view.level)
        if target is not None and target != view.level:
            self.subtitle.setText(
                f"Refreshing for {view.level.label}. Your target is now {target.label}: "
                "start this role over to aim for it."
            )
        self.restart_button.setVisible(True)
        self._clear_thread()
        self._add_bullets(view.role)
        answered = [turn for turn in view.turns if not turn.pending]
        for turn in answered:
            self._add_turn(turn)
        # The coach's note of what the role still lacks sits just above the question it
        # leads to, or closes the thread once the questions are over.
        self._add_gaps(view)
        if view.pending is not None:
            self.pending = self._add_question(view.pending, waiting=True)
        elif waiting_tag:
            self.pending = self._add_waiting(waiting_tag)
            if streamed:
                self.stream(streamed)
        self.thread_layout.addStretch(1)
        self.start_area.setVisible(False)
        asking = view.asking
        self.answer_area.setVisible(asking)
        self.set_answering(view.pending is not None)
        self.enough_button.setEnabled(view.answered > 0 or view.pending is not None)
        self._follow_bottom = True

    def set_answering(self, ready: bool) -> None:
        """The answer box works only while a question is waiting for an answer."""
        self.answer_box.setEnabled(ready)
        self.skip_button.setEnabled(ready)
        self._answer_changed()
        if ready and self.isVisible():
            self.answer_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def say(self, text: str, *, retry: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.retry_button.setVisible(retry)

    # ---- streaming -------------------------------------------------------------------

    def stream(self, piece: str) -> None:
        """More of the question the model is wording."""
        if self.pending is None:
            return
        self._streamed += piece
        self.pending.text.setText(self._streamed.strip() or "…")
        self._follow_bottom = True

    def pending_text(self) -> str:
        return self.pending.text.text() if self.pending is not None else ""

    # ---- building the thread ---------------------------------------------------------

    def _heading(self, role: StoredRole, level: Level | None) -> None:
        self.title.setText(
            " — ".join(part for part in (role.title or "Untitled role", role.company) if part)
        )
        self.subtitle.setText(f"Refreshing for {level.label}" if level else "No target level yet")

    def _clear_thread(self) -> None:
        self.bubbles = []
        self.pending = None
        self._streamed = ""
        clear_layout(self.thread_layout)

    def _add_bullets(self, role: StoredRole) -> None:
        box = QFrame()
        box.setObjectName("bulletsBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(text_label("On your CV now", "bubbleTag"))
        bullets: Sequence[str] = role.bullets or ("(no bullets on the CV for this role)",)
        for bullet in bullets:
            layout.addWidget(text_label(f"•  {bullet}"))
        self.bullets_box = box
        self.thread_layout.addWidget(box)

    def _add_gaps(self, view: SessionView) -> None:
        box = QFrame()
        box.setObjectName("gapsBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        self.gaps = text_label(gaps_text(view))
        lens = level_text(view)
        self.level = text_label(lens, "levelLens")
        self.level.setVisible(bool(lens))
        layout.addWidget(self.gaps)
        layout.addWidget(self.level)
        self.thread_layout.addWidget(box)

    def _add_question(self, turn: Turn, *, waiting: bool = False) -> Bubble:
        bubble = Bubble("question", turn.question, ASKED_BY.get(turn.asked_by, ""), turn.note)
        bubble.setProperty("waiting", waiting)
        self.bubbles.append(bubble)
        self.thread_layout.addWidget(bubble.wrapped(indent_left=False))
        return bubble

    def _add_waiting(self, tag: str) -> Bubble:
        bubble = Bubble("question", "Thinking of the next question…", tag)
        bubble.setProperty("waiting", True)
        self.bubbles.append(bubble)
        self.thread_layout.addWidget(bubble.wrapped(indent_left=False))
        return bubble

    def _add_turn(self, turn: Turn) -> None:
        self._add_question(turn)
        if turn.skipped:
            bubble = Bubble("skipped", "Skipped")
            bubble.text.setObjectName("muted")
        else:
            bubble = Bubble("answer", turn.answer or "", "your answer")
        self.bubbles.append(bubble)
        self.thread_layout.addWidget(bubble.wrapped(indent_left=True))

    def _scrolled(self, value: int) -> None:
        # Reading back up stops the thread following new text; back at the end, it follows.
        self._follow_bottom = value >= self.scroll.verticalScrollBar().maximum() - 4

    def _follow(self, _low: int, high: int) -> None:
        if self._follow_bottom:
            self.scroll.verticalScrollBar().setValue(high)

    def texts(self) -> list[str]:
        """What the thread shows, bubble by bubble (for tests and accessibility)."""
        return [bubble.text.text() for bubble in self.bubbles]
