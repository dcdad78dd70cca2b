"""The dictation bar that sits under an answer box: Record/Stop (or hold F9 in the box to
talk), a level meter and the time, "Import audio…", and while the words come back a
Cancel button; then the delivery line (pace, fillers, pauses, length).

The transcript streams into the box segment by segment as the speech model hears it
(the task's partial results, queued to the GUI thread), at the cursor, beside whatever
was typed. The page sends the answer as usual; `audio_path` is the recording to keep
with it, for as long as the box still holds dictated words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.tasks import Lane
from ui.dictation.feedback import DeliveryFeedback, clock
from ui.dictation.recorder import Recorder
from ui.dictation.tasks import import_task, transcribe_task
from ui.pages.conversation import is_dark

if TYPE_CHECKING:
    from coach.delivery.records import Dictation
    from coach.delivery.service import DictationService
    from coach.tasks import Progress

log = logging.getLogger(__name__)

RunTask = Callable[..., Any]  # MainWindow.run_task
ShowError = Callable[[ErrorReport], Any]  # MainWindow.show_error

PUSH_TO_TALK = Qt.Key.Key_F9
PUSH_TO_TALK_NAME = "F9"
AUDIO_FILTER = "Audio (*.wav *.mp3 *.m4a *.ogg *.flac *.webm);;All files (*)"
MAX_RECORDING_S = 15 * 60  # a runaway recording stops itself
METER_STEPS = 1000
RECORD_TEXT = "● Record"
DONE = {  # what to do once the words are in, by context
    "story": "Check the words, then save the story.",
    "": "Check the words, then send. The recording is kept with the answer.",
}
STOP_TEXT = "■ Stop"


def insert_text(box: QPlainTextEdit, text: str) -> None:
    """Put dictated words at the box's cursor, a space away from what is there."""
    inserter = getattr(box, "insert_dictation", None)
    if callable(inserter):  # ui.pages.conversation.AnswerBox
        inserter(text)
        return
    text = " ".join(text.split())
    if not text:
        return
    cursor = box.textCursor()
    before = box.toPlainText()[: cursor.position()]
    if before and not before[-1].isspace():
        text = " " + text
    cursor.insertText(text)
    box.setTextCursor(cursor)


def bar_style(dark: bool) -> str:
    level = "#81c995" if dark else "#2e7d32"
    recording = "#f28b82" if dark else "#c5221f"
    return f"""
QProgressBar#levelMeter {{
    border: none;
    border-radius: 3px;
    background: palette(mid);
    max-height: 6px;
    min-height: 6px;
}}
QProgressBar#levelMeter::chunk {{
    border-radius: 3px;
    background: {level};
}}
QProgressBar#levelMeter[transcribing="true"]::chunk {{
    background: palette(highlight);
}}
QPushButton#recordButton:checked {{
    color: {recording};
    font-weight: 600;
}}
QLabel#dictationStatus, QLabel#recordingTime {{
    color: palette(placeholder-text);
}}
"""


class DictationBar(QFrame):
    """Dictation for one answer box, or for the last focused of several (a story's STAR
    parts). `context` names where the answer goes ("refresh", "drill", "story") in the
    delivery history."""

    dictated = Signal(object)  # coach.delivery.records.Dictation
    busy_changed = Signal(bool)  # recording or transcribing

    def __init__(
        self,
        service: DictationService,
        *,
        context: str,
        boxes: Sequence[QPlainTextEdit],
        run_task: RunTask,
        show_error: ShowError,
        recorder: Recorder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not boxes:
            raise ValueError("a dictation bar needs a box to dictate into")
        self.setObjectName("dictationBar")
        self.service = service
        self.context = context
        self.boxes = list(boxes)
        self._run_task = run_task
        self._show_error = show_error
        self.recorder = recorder or Recorder(self)
        self.recorder.level_changed.connect(self._level)
        self.recorder.failed.connect(self._recorder_failed)
        self.handle: Any = None  # the running transcription
        self.audio_path: Path | None = None  # the recording behind the words in the box
        self.last_dictation: Dictation | None = None
        self.history_dialog: QWidget | None = None
        self._focused = self.boxes[0]  # where dictation goes: the last box with focus
        self._box: QPlainTextEdit | None = None  # the box the words in flight go to
        self._dictated_box: QPlainTextEdit | None = None  # the box audio_path belongs to
        self._streamed = False
        self._abandoned = False  # the words in flight have nowhere to go any more
        self._push_to_talk = False
        self._clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)
        self._dark: bool | None = None
        self._build()
        for box in self.boxes:
            box.installEventFilter(self)
            box.textChanged.connect(lambda b=box: self._box_changed(b))
        self._apply_style()
        self._update()

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> None:
        row = self._controls()
        self.feedback = DeliveryFeedback()
        self.status = QLabel()
        self.status.setObjectName("dictationStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        layout.addWidget(self.status)
        self.say("")

    def _controls(self) -> QHBoxLayout:
        many = len(self.boxes) > 1
        into = "the part you were last in" if many else "the answer box"
        self.record_button = QPushButton(RECORD_TEXT)
        self.record_button.setObjectName("recordButton")
        self.record_button.setCheckable(True)
        self.record_button.setToolTip(
            f"Record your answer from the microphone into {into}; press again to stop. "
            f"Or hold {PUSH_TO_TALK_NAME} while typing in it, and let go to stop."
        )
        self.record_button.setAccessibleName("Record")
        self.record_button.clicked.connect(self.toggle_recording)
        self.record_button.setMinimumWidth(self.record_button.sizeHint().width())
        self.meter = QProgressBar()
        self.meter.setObjectName("levelMeter")
        self.meter.setRange(0, METER_STEPS)
        self.meter.setTextVisible(False)
        self.meter.setFixedWidth(90)
        self.meter.setAccessibleName("Microphone level")
        self.time_label = QLabel(clock(0))
        self.time_label.setObjectName("recordingTime")
        self.time_label.setToolTip("Time recorded")
        self.import_button = QPushButton("Import audio…")
        self.import_button.setToolTip(
            f"Transcribe a recording (WAV, MP3, M4A, OGG, FLAC, WebM) into {into}"
        )
        self.import_button.clicked.connect(self.choose_audio_file)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop transcribing (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.history_button = QToolButton()
        self.history_button.setText("Your delivery")
        self.history_button.setAutoRaise(True)
        self.history_button.setToolTip("Pace and fillers of your dictated answers over time")
        self.history_button.clicked.connect(self.show_history)
        for button in (self.record_button, self.import_button, self.history_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.record_button)
        row.addWidget(self.meter, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.time_label)
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.history_button)
        return row

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(bar_style(dark))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()

    # ---- state -------------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self.recorder.recording

    @property
    def transcribing(self) -> bool:
        return self.handle is not None

    @property
    def busy(self) -> bool:
        return self.recording or self.transcribing

    def target(self) -> QPlainTextEdit:
        """The box dictation goes into now: the one with focus, else the last that had it."""
        if not self.busy:
            focused = next((box for box in self.boxes if box.hasFocus()), None)
            if focused is not None:
                self._focused = focused
        return self._focused

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _update(self) -> None:
        box = self.target()
        usable = box.isEnabled()
        recording, transcribing = self.recording, self.transcribing
        self.record_button.setEnabled(recording or (usable and not transcribing))
        self.record_button.setChecked(recording)
        self.record_button.setText(STOP_TEXT if recording else RECORD_TEXT)
        self.import_button.setEnabled(usable and not recording and not transcribing)
        self.import_button.setVisible(not transcribing)  # Cancel takes its place
        self.meter.setVisible(recording or transcribing)
        self.time_label.setVisible(recording)
        self.cancel_button.setVisible(transcribing)
        self.meter.setProperty("transcribing", transcribing)
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)

    def hold_send(self) -> bool:
        """True (and says why) while the answer's words are still coming: the page then
        does not send yet."""
        if self.recording:
            self.say("Stop the recording first: its words go into this answer.")
            return True
        if self.transcribing:
            self.say("The rest of the words are on their way: send once they are in, or cancel.")
            return True
        return False

    def _refuse(self, box: QPlainTextEdit) -> str:
        """Why dictation cannot go into `box` now ("" when it can)."""
        if self.transcribing:
            return "Wait for the words of the last recording, or cancel it."
        if not box.isEnabled():
            return "The answer box is closed for now."
        if box.isReadOnly():
            return "This text is read-only: there is nowhere to dictate into."
        return ""

    def _where(self, box: QPlainTextEdit) -> str:
        if len(self.boxes) == 1:
            return ""
        return f" into {box.accessibleName() or 'the box'}"

    # ---- recording ---------------------------------------------------------------------

    def toggle_recording(self) -> None:
        if self.recording:
            self.stop_recording()
        else:
            self.start_recording()

    def start_recording(self, *, push_to_talk: bool = False) -> bool:
        """Start recording from the microphone; False (with the reason shown) if it cannot."""
        if self.recording:
            return True
        box = self.target()
        refusal = self._refuse(box)
        if refusal:
            self.say(refusal)
            self._update()
            return False
        try:
            path = self.service.new_recording_path()
        except Exception as exc:
            self._show_error(report_for(exc, "preparing the recording"))
            self._update()
            return False
        if not self.recorder.start(path):  # `failed` has said why
            self._update()
            return False
        self._box = box
        self._push_to_talk = push_to_talk
        self.feedback.clear()
        self._clock.start()
        self._ticker.start()
        self._tick()
        how = f"let go of {PUSH_TO_TALK_NAME}" if push_to_talk else "press Stop"
        self.say(f"Recording{self._where(box)}… {how} when you are done.")
        self._update()
        self.busy_changed.emit(True)
        return True

    def stop_recording(self) -> Any:
        """Stop, and transcribe what was recorded; the transcription's handle, or None."""
        if not self.recording:
            return None
        self._ticker.stop()
        self._push_to_talk = False
        path = self.recorder.stop()
        self._update()
        if path is None:
            self.say("Nothing was recorded: check that the microphone is on and not muted.")
            self.busy_changed.emit(False)
            return None
        return self._start(transcribe_task, path, box=self._box or self.target())

    def _tick(self) -> None:
        seconds = self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0
        self.time_label.setText(clock(seconds))
        if seconds >= MAX_RECORDING_S and self.recording:
            self.stop_recording()
            self.say(f"Recording stopped at {MAX_RECORDING_S // 60} minutes.")

    def _level(self, level: float) -> None:
        if self.recording:
            self.meter.setValue(round(max(0.0, min(1.0, level)) * METER_STEPS))

    def _recorder_failed(self, message: str) -> None:
        if self.recording:  # the device went away mid-answer: keep what was said
            self.stop_recording()
            self.say(f"{message} {self.status.text()}".strip())
        else:
            self.say(message)
            self._update()

    # ---- importing ---------------------------------------------------------------------

    def choose_audio_file(self) -> Any:
        start = str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Import a recording", start, AUDIO_FILTER)
        return self.import_file(Path(path)) if path else None

    def import_file(self, source: Path) -> Any:
        """Copy `source` into the data folder and transcribe it into the box."""
        box = self.target()
        refusal = self._refuse(box) or ("Stop the recording first." if self.recording else "")
        if refusal:
            self.say(refusal)
            return None
        self.feedback.clear()
        self.busy_changed.emit(True)
        return self._start(import_task, source, box=box)

    # ---- transcribing ------------------------------------------------------------------

    def _start(self, task: Callable[..., Any], path: Path, *, box: QPlainTextEdit) -> Any:
        self._box = box
        self._streamed = False
        self._abandoned = False
        self.meter.setRange(0, 0)  # busy until the model says how far it is
        handle = self._run_task(
            task,
            self.service,
            path,
            self.context,
            title="Transcribing your answer",
            lane=Lane.GENERAL,
            on_result=self._transcribed,
            on_error=self._failed,
        )
        self.handle = handle
        handle.partial.connect(self._text)
        handle.progress.connect(self._progress)
        handle.cancelled.connect(self._cancelled)
        handle.finished.connect(lambda: self._finished(handle))
        self.say(f"Transcribing{self._where(box)}… the words appear as they are heard.")
        self._update()
        return handle

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def abandon(self, reason: str = "") -> None:
        """The text dictation was for has gone (another story opened): stop recording
        (the file stays in the audio folder) and cancel the transcription, inserting
        nothing more."""
        was_busy = self.busy
        if self.recording:
            self._ticker.stop()
            self._push_to_talk = False
            self.recorder.stop()
            self.busy_changed.emit(self.transcribing)
        if self.handle is not None:
            self._abandoned = True
            self.handle.cancel()
        self.audio_path = None
        self._dictated_box = None
        self.feedback.clear()
        self.say(reason if was_busy else "")
        self._update()

    def _text(self, piece: object) -> None:
        if self._abandoned:
            return
        if self._box is not None and str(piece).strip():
            self._streamed = True
            insert_text(self._box, str(piece))

    def _progress(self, value: Progress) -> None:
        fraction = value.fraction
        if fraction is None:
            self.meter.setRange(0, 0)
        else:
            self.meter.setRange(0, METER_STEPS)
            self.meter.setValue(round(fraction * METER_STEPS))

    def _transcribed(self, dictation: Dictation) -> None:
        if self._abandoned:
            return
        box = self._box or self.target()
        if not self._streamed:
            insert_text(box, dictation.text)
        self.last_dictation = dictation
        self.audio_path = Path(dictation.audio_path)
        self._dictated_box = box
        self.feedback.show_delivery(dictation.delivery)
        self.say(DONE.get(self.context, DONE[""]))
        self.dictated.emit(dictation)

    def _failed(self, report: ErrorReport) -> None:
        self.say(report.message)
        self._show_error(report)

    def _cancelled(self) -> None:
        if self._abandoned:
            return
        if self._streamed:
            self.say("Transcribing was cancelled. The words so far are kept in the box.")
        else:
            self.say("Transcribing was cancelled.")

    def _finished(self, handle: Any) -> None:
        if self.handle is handle:
            self.handle = None
        self.meter.setRange(0, METER_STEPS)
        self.meter.setValue(0)
        self._update()
        self.busy_changed.emit(self.busy)

    # ---- the boxes ---------------------------------------------------------------------

    def _box_changed(self, box: QPlainTextEdit) -> None:
        # The recording belongs to the words in the box: once it is emptied (sent or
        # cleared), the next answer starts without one.
        if box is self._dictated_box and not box.toPlainText().strip():
            self.audio_path = None
            self._dictated_box = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn and watched in self.boxes and not self.busy:
            self._focused = watched  # type: ignore[assignment]
            self._update()
        elif kind == QEvent.Type.EnabledChange and watched is self.target():
            self._update()
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = event
            assert isinstance(key, QKeyEvent)
            if key.key() == PUSH_TO_TALK and not key.isAutoRepeat():
                if kind == QEvent.Type.KeyPress and not self.recording:
                    self.start_recording(push_to_talk=True)
                elif kind == QEvent.Type.KeyRelease and self.recording and self._push_to_talk:
                    self.stop_recording()
                return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        # The page moved on (a drill left, another story opened): what was said so far is
        # transcribed rather than left recording out of sight.
        # When the window itself is closing, the recording is kept on disk and not
        # transcribed: nothing would be left to put the words in.
        if not event.spontaneous() and self.recording:
            if self.window().isVisible():
                self.stop_recording()
            else:
                self.abandon()
        super().hideEvent(event)

    # ---- history -----------------------------------------------------------------------

    def show_history(self) -> QWidget | None:
        from ui.dictation.history import DeliveryHistoryDialog  # noqa: PLC0415  (QtCharts)

        try:
            records = self.service.history()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your delivery history"))
            return None
        dialog = DeliveryHistoryDialog(records, self.window())
        self.history_dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "history_dialog", None))
        dialog.open()
        return dialog
