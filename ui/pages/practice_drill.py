"""A drill in progress: the scenario (prompt and artifact), the countdown, the
conversation with the interviewer, the facts learned so far, and the answer box.

The answer box is the one way in for an answer: typing (Ctrl+Enter sends) and
dictation (the dictation bar under the box, `ui/dictation`) both end in the page's `submit_answer`.
The conversation widget is also the read-only transcript of a past drill.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.pages.conversation import AnswerBox, Bubble, clear_layout, pane_scroll, repolish, text_label

if TYPE_CHECKING:
    from coach.drills.scenarios import HiddenFact, Scenario
    from coach.drills.service import DrillTurn, DrillView

SEND_KEYS = "Ctrl+Enter"
FINISH_KEYS = "Ctrl+Shift+Enter"
SOURCE_TAGS = {
    "scenario": "the scenario",
    "model": "from the model",
    "rule": "rule probe",
    "rules": "rule probe",
    "probe": "rule probe",
}
LAST_MINUTE_S = 60


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def source_tag(turn: DrillTurn) -> str:
    """ "Interviewer · rule probe · aims at verification" and the like."""
    source = (turn.source or "").lower()
    tag = SOURCE_TAGS.get(source, source.replace("-", " "))
    parts = ["Interviewer", tag]
    aim = getattr(turn, "aim", None)
    if aim is not None and source != "scenario":
        parts.append(f"aims at {aim.value}")
    return " · ".join(part for part in parts if part)


# ---- the answer box ----------------------------------------------------------------------


class Countdown(QLabel):
    """Time left (or time spent, with no limit), ticking once a second.

    The time comes from the drill's `elapsed_s` when shown plus a monotonic clock since,
    so a resumed drill carries on where it was. `clock` can be replaced in tests; `tick`
    is the timer's slot."""

    time_up = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("timer")
        self.setAccessibleName("Time left")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(110)
        self.clock: Callable[[], float] = time.monotonic
        self.limit_s = 0
        self._base = 0.0
        self._since = 0.0
        self._announced = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.state = "off"

    def start(self, limit_s: int, elapsed_s: float) -> None:
        """Count from `elapsed_s` against `limit_s` (0: no limit, count up)."""
        self.limit_s = max(0, int(limit_s))
        self._base = max(0.0, float(elapsed_s))
        self._since = self.clock()
        self._announced = self.limit_s > 0 and self._base >= self.limit_s
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self.timer.stop()

    def elapsed(self) -> float:
        return self._base + max(0.0, self.clock() - self._since)

    def remaining(self) -> float | None:
        return None if not self.limit_s else max(0.0, self.limit_s - self.elapsed())

    def tick(self) -> None:
        left = self.remaining()
        if left is None:
            text, state = f"{clock_text(self.elapsed())} spent", "none"
            tip = "No time limit: this is the time spent so far."
        elif left <= 0:
            text, state = "Time is up", "up"
            tip = "The time limit has passed. Finish and score when you are ready."
        else:
            text = f"{clock_text(math.ceil(left))} left"
            state = "last-minute" if left <= LAST_MINUTE_S else "running"
            tip = f"Time limit {clock_text(self.limit_s)}; {clock_text(self.elapsed())} spent."
        self.setText(text)
        self.setToolTip(tip)
        if state != self.state:
            self.state = state
            self.setProperty("state", state)
            repolish(self)
        if state == "up" and not self._announced:
            self._announced = True
            self.time_up.emit()


# ---- the conversation --------------------------------------------------------------------


class ConversationView(QScrollArea):
    """The drill's turns, newest at the bottom; follows new text unless scrolled back."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("paneScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thread = QWidget()
        self.thread.setObjectName("paneContent")
        self.thread_layout = QVBoxLayout(self.thread)
        self.thread_layout.setContentsMargins(0, 0, 6, 0)
        self.thread_layout.setSpacing(8)
        self.setWidget(self.thread)
        self.bubbles: list[Bubble] = []
        self.pending: Bubble | None = None
        self._streamed = ""
        self._follow_bottom = True
        self.verticalScrollBar().rangeChanged.connect(self._follow)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def show_turns(
        self,
        turns: Sequence[DrillTurn],
        *,
        artifact: str = "",
        waiting: str = "",
    ) -> None:
        """All turns; `waiting` set: the interviewer is replying (a bubble to stream into).
        The opening turn's artifact is shown in its own pane, so not again here."""
        self._clear()
        for turn in turns:
            if turn.speaker == "interviewer":
                text, note = turn.text, turn.note or ""
                if turn.source == "scenario" and artifact and text.endswith(artifact.strip()):
                    text = text[: len(text) - len(artifact.strip())].rstrip()
                    note = note or "The artifact is shown with the scenario."
                bubble = Bubble("interviewer", text, source_tag(turn), note)
                self._add(bubble, indent_left=False)
            elif turn.speaker == "candidate":
                tag = "You · dictated" if turn.source == "dictated" else "You"
                self._add(Bubble("candidate", turn.text, tag), indent_left=True)
            else:  # a hidden fact came out: it is listed under "What you've learned"
                mark = text_label(f"✓ New fact learned: {turn.text}", "factMark")
                mark.setToolTip("Listed under “What you’ve learned”")
                self.thread_layout.addWidget(mark)
        if waiting:
            self.pending = Bubble("interviewer", "…", waiting)
            self.pending.setProperty("waiting", True)
            self._add(self.pending, indent_left=False)
        if not turns and not waiting:
            self.thread_layout.addWidget(text_label("No turns yet.", "muted"))
        self.thread_layout.addStretch(1)
        self._follow_bottom = True

    def stream(self, piece: str) -> None:
        if self.pending is None:
            return
        self._streamed += piece
        self.pending.text.setText(self._streamed.strip() or "…")
        self._follow_bottom = True

    def pending_text(self) -> str:
        return self.pending.text.text() if self.pending is not None else ""

    def texts(self) -> list[str]:
        return [bubble.text.text() for bubble in self.bubbles]

    def _add(self, bubble: Bubble, *, indent_left: bool) -> None:
        self.bubbles.append(bubble)
        self.thread_layout.addWidget(bubble.wrapped(indent_left))

    def _clear(self) -> None:
        self.bubbles = []
        self.pending = None
        self._streamed = ""
        clear_layout(self.thread_layout)

    def _scrolled(self, value: int) -> None:
        self._follow_bottom = value >= self.verticalScrollBar().maximum() - 4

    def _follow(self, _low: int, high: int) -> None:
        if self._follow_bottom:
            self.verticalScrollBar().setValue(high)


# ---- the scenario and the facts learned --------------------------------------------------


def artifact_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName("artifact")
    box.setReadOnly(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    box.setAccessibleName("Artifact")
    return box


class ScenarioPane(QFrame):
    """The prompt, the artifact (logs, code: monospace, selectable, scrollable) and the
    facts the candidate has earned by asking."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("practicePane")
        self.prompt = text_label()
        self.artifact_title = text_label("Artifact", "sectionTitle", selectable=False)
        self.artifact = artifact_box()
        self.facts = FactsPanel()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 12, 14, 12)
        self.layout_.setSpacing(6)
        self.layout_.addWidget(text_label("The prompt", "sectionTitle", selectable=False))
        self.layout_.addWidget(self.prompt)
        self.layout_.addWidget(self.artifact_title)
        self.layout_.addWidget(self.artifact, 3)
        self.layout_.addSpacing(4)
        self.layout_.addWidget(self.facts, 1)

    def show_scenario(self, scenario: Scenario) -> None:
        self.prompt.setText(scenario.prompt)
        has_artifact = bool(scenario.artifact.strip())
        self.artifact.setPlainText(scenario.artifact)
        self.artifact_title.setVisible(has_artifact)
        self.artifact.setVisible(has_artifact)


class FactsPanel(QFrame):
    """ "What you've learned": the hidden facts the candidate's questions earned."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("factsPane")
        self.setMinimumHeight(110)
        self.title = text_label("What you’ve learned", "sectionTitle", selectable=False)
        self.count = text_label("", "hint", selectable=False)
        self.body = QWidget()
        self.body.setObjectName("paneContent")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 4, 0)
        self.body_layout.setSpacing(2)
        scroll = pane_scroll(self.body)
        self.count.setWordWrap(False)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addWidget(scroll, 1)
        self.fact_labels: list[QLabel] = []

    def show_facts(self, revealed: Sequence[HiddenFact], total: int) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.fact_labels = []
        for fact in revealed:
            fact_label = text_label(f"•  {fact.fact}", "fact")
            self.fact_labels.append(fact_label)
            self.body_layout.addWidget(fact_label)
        if not revealed:
            self.body_layout.addWidget(
                text_label(
                    "Nothing yet. The interviewer knows more than the prompt says: facts "
                    "come out only when you ask for them (“What changed in Tuesday’s "
                    "deploy?”, “I’d want to know who owns it”).",
                    "muted",
                )
            )
        self.body_layout.addStretch(1)
        self.count.setText(f"{len(revealed)} of {total} hidden facts found" if total else "")

    def texts(self) -> list[str]:
        return [fact_label.text().removeprefix("•  ") for fact_label in self.fact_labels]


# ---- the drill view ----------------------------------------------------------------------


class DrillPanel(QWidget):
    """Heading (title, timer, Finish), then scenario | conversation and answer box."""

    send_clicked = Signal()
    finish_clicked = Signal()
    leave_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.view: DrillView | None = None
        self.title = text_label(name="paneTitle")
        self.subtitle = text_label(name="muted")
        self.countdown = Countdown()
        self.countdown.time_up.connect(self._time_up)
        self.leave_button = QPushButton("Leave for now")
        self.leave_button.setToolTip(
            "Back to the rounds. The drill is kept: continue it from the Practice page."
        )
        self.leave_button.clicked.connect(self.leave_clicked)
        self.finish_button = QPushButton("Finish and score")
        self.finish_button.setToolTip(
            f"End the drill and score it on the five rewards ({FINISH_KEYS})"
        )
        self.finish_button.clicked.connect(self.finish_clicked)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addLayout(titles, 1)
        heading.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.leave_button, 0, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.time_up_note = text_label(
            "Time is up. Wrap up your answer and choose “Finish and score” when you are "
            "ready: nothing you wrote is lost, and you may keep going.",
            "timeUp",
        )
        self.time_up_note.setVisible(False)

        self.scenario = ScenarioPane()
        self.scenario.setMinimumWidth(320)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(8)
        self.splitter.addWidget(self.scenario)
        self.splitter.addWidget(self._conversation_pane())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 520])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.time_up_note)
        layout.addWidget(self.splitter, 1)

        finish = QShortcut(QKeySequence("Ctrl+Shift+Return"), self)
        finish.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        finish.activated.connect(self.finish_clicked)

    def _conversation_pane(self) -> QFrame:
        pane = QFrame()
        pane.setObjectName("practicePane")
        pane.setMinimumWidth(340)
        self.conversation = ConversationView()
        self.answer_box = AnswerBox(
            "Think aloud: ask the interviewer what you need to know (questions earn hidden "
            f"facts), say what you suspect and how you would check. {SEND_KEYS} sends."
        )
        self.answer_box.setMinimumHeight(84)
        self.answer_box.setMaximumHeight(150)
        self.answer_box.submitted.connect(self.send_clicked)
        self.answer_box.finish_requested.connect(self.finish_clicked)
        self.answer_box.textChanged.connect(self._answer_changed)
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip(f"Send your answer ({SEND_KEYS})")
        self.send_button.clicked.connect(self.send_clicked)
        self.keys_hint = text_label(
            f"{SEND_KEYS} sends · {FINISH_KEYS} finishes and scores", "hint", selectable=False
        )
        self.message = text_label(name="muted")
        self.message.setVisible(False)
        self.scoring_bar = QProgressBar()
        self.scoring_bar.setTextVisible(False)
        self.scoring_bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop scoring; the drill and your answers are kept (Esc)")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.scoring_row = QWidget()
        scoring = QHBoxLayout(self.scoring_row)
        scoring.setContentsMargins(0, 0, 0, 0)
        self.scoring_label = text_label(selectable=False)
        scoring.addWidget(self.scoring_label, 1)
        scoring.addWidget(self.scoring_bar)
        scoring.addWidget(self.cancel_button)
        self.scoring_row.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keys_hint, 1)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(text_label("Conversation", "sectionTitle", selectable=False))
        layout.addWidget(self.conversation, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.scoring_row)
        layout.addWidget(self.answer_box)
        layout.addLayout(buttons)
        self.answer_layout = layout
        self._busy = False
        self._answer_changed()
        return pane

    def set_dictation(self, bar: QWidget) -> None:
        """Put the dictation bar under the answer box."""
        self.answer_layout.insertWidget(self.answer_layout.indexOf(self.answer_box) + 1, bar)

    # ---- states ----------------------------------------------------------------------

    def show_view(self, view: DrillView, *, waiting: str = "", reset_timer: bool = True) -> None:
        new_drill = self.view is None or self.view.info.id != view.info.id
        self.view = view
        info, scenario = view.info, view.scenario
        self.title.setText(scenario.title)
        self.subtitle.setText(
            f"{info.round.label} · {info.level.label} · {info.track.label}"
            + (
                f" · {scenario.scenario_type.value.replace('-', ' ')}"
                if scenario.scenario_type
                else ""
            )
        )
        if new_drill:
            self.scenario.show_scenario(scenario)
            self.answer_box.clear()
            self.say("")
        self.scenario.facts.show_facts(view.revealed, len(scenario.hidden_facts))
        self.conversation.show_turns(view.turns, artifact=scenario.artifact, waiting=waiting)
        if new_drill or reset_timer:
            self.countdown.start(info.time_limit_s, view.elapsed_s)
        self.time_up_note.setVisible(self.countdown.state == "up")
        self.set_busy(bool(waiting))

    def set_busy(self, busy: bool) -> None:
        """While the interviewer replies or scoring runs, the answer cannot be sent yet
        (typing goes on)."""
        self._busy = busy
        self._answer_changed()

    def scoring(self, text: str, done: int = 0, total: int = 0) -> None:
        """Show scoring progress ('' hides it)."""
        self.scoring_row.setVisible(bool(text))
        self.scoring_label.setText(text)
        if total:
            self.scoring_bar.setRange(0, total)
            self.scoring_bar.setValue(done)
        else:
            self.scoring_bar.setRange(0, 0)
        self.finish_button.setEnabled(not text)
        self.cancel_button.setEnabled(bool(text))

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def stop(self) -> None:
        self.countdown.stop()

    def _answer_changed(self) -> None:
        self.send_button.setEnabled(not self._busy and bool(self.answer_box.answer().strip()))

    def _time_up(self) -> None:
        self.time_up_note.setVisible(True)
        self.finish_button.setDefault(True)
