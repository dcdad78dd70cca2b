"""Dictation end to end: the dictation bar on the Résumé, Practice and Stories pages, the
real dictation service on real SQLite and real files, the window's task runner, and a
scripted stand-in transcriber where the words do not matter (plus one run on the real
faster-whisper base model, on speech made by espeak-ng). There is no microphone here
(offscreen, often no sound server): recording says so, and importing a recording is the
way in. Driven as a candidate would: clicks, keys, the file dialog (answered by a stub)."""

from __future__ import annotations

import math
import threading
import wave
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from coach.delivery.records import Delivery, FillerHit, Pause
from coach.drills.scenarios import Round
from coach.profile import Level, Profile, Track
from coach.protocols import ShouldStop, TranscriptSegment, TranscriptWord
from coach.tasks import TaskContext
from tests.speech import silent_wav, write_wav
from ui.dictation import recorder as recorder_module
from ui.dictation.bar import DictationBar
from ui.dictation.feedback import DeliveryFeedback, delivery_parts, delivery_text
from ui.dictation.recorder import NO_MICROPHONE, Recorder, WavSink
from ui.main_window import MainWindow
from ui.pages.conversation import AnswerBox
from ui.pages.practice_page import PracticePage
from ui.pages.resume_page import ResumePage
from ui.pages.stories_page import StoriesPage

MakeWindow = Callable[..., MainWindow]
STAFF = Profile(Level.STAFF, Track.BACKEND)
TYPE_OR_IMPORT = "You can type, or import an audio file."
CV = """# Ada Example

## Experience

**Staff Software Engineer — Northwind Payments, Berlin | Mar 2019 – Present**

- Responsible for the card authorisation service.
- Led the migration of 120 services to per-domain databases.
"""
CHECKOUT = "diag-checkout-p99"
SEGMENTS = (
    "I moved the fraud checks off the hot path.",
    "Um, p99 latency fell from 800 ms to 480 ms.",
    "It took two quarters.",
)
SPOKEN = " ".join(SEGMENTS)


# ---- a scripted transcriber --------------------------------------------------------------


def _timed(texts: tuple[str, ...], words_per_second: float = 2.4) -> list[TranscriptSegment]:
    """Segments with word timings at a steady pace, a second's pause between segments."""
    segments, at = [], 0.5
    step = 1 / words_per_second
    for text in texts:
        words = []
        for token in text.split():
            words.append(TranscriptWord(at, at + step * 0.8, f" {token}"))
            at += step
        segments.append(TranscriptSegment(words[0].start, words[-1].end, f" {text}", tuple(words)))
        at += 1.0
    return segments


class ScriptedTranscriber:
    """Stands in for the speech model: the same segments for any audio. With `gate` set,
    it holds after the first segment until the gate opens or it is told to stop."""

    name = "Scripted Whisper"

    def __init__(self, texts: tuple[str, ...] = SEGMENTS) -> None:
        self.segments = _timed(texts)
        self.gate: threading.Event | None = None
        self.heard: list[str] = []

    def transcribe(
        self, audio_path: str, *, should_stop: ShouldStop | None = None
    ) -> Iterator[TranscriptSegment]:
        self.heard.append(audio_path)
        for index, segment in enumerate(self.segments):
            if index == 1 and self.gate is not None:
                while not self.gate.wait(0.02):
                    if should_stop is not None and should_stop():
                        return
            yield segment


# ---- helpers -------------------------------------------------------------------------------


def _wav(folder: Path, name: str = "answer.wav", seconds: float = 1.0) -> Path:
    """A short tone, as a real recording would be (the scripted model ignores its words)."""
    rate = 16000
    samples = array(
        "h",
        (round(8000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(int(rate * seconds))),
    )
    return write_wav(folder / name, samples.tobytes(), rate)


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the file dialog with `path`; returns the filters it was shown."""
    shown: list[str] = []

    def dialog(_parent: Any, _caption: str, _folder: str, filters: str) -> tuple[str, str]:
        shown.append(filters)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    return shown


def _idle(qtbot: QtBot, bar: DictationBar, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not bar.busy, timeout=timeout)


def _resume(qtbot: QtBot, window: MainWindow) -> ResumePage:
    window.library.ingest_text(CV, "cv", ctx=TaskContext())
    window.library_page.changed.emit()
    window.show()
    qtbot.waitExposed(window)
    window.show_page("resume")
    page = window.resume_page
    assert isinstance(page, ResumePage)
    page.roles.setCurrentRow(0)
    qtbot.mouseClick(page.conversation.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.pending is not None and not page.busy,
        timeout=20000,
    )
    return page


def _bar(page: ResumePage | PracticePage | StoriesPage) -> DictationBar:
    assert page.dictation_bar is not None
    return page.dictation_bar


def _answered(window: MainWindow, page: ResumePage) -> Any:
    assert page.view is not None
    turns = window.services.refresh().view(page.view.id).turns  # type: ignore[attr-defined]
    return [turn for turn in turns if turn.answer][-1]


@pytest.fixture
def transcriber() -> ScriptedTranscriber:
    return ScriptedTranscriber()


@pytest.fixture
def window(make_window: MakeWindow, transcriber: ScriptedTranscriber) -> MainWindow:
    return make_window(STAFF, transcriber=transcriber)


# ---- no microphone -------------------------------------------------------------------------


def test_record_without_a_microphone_says_so_and_typing_still_works(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not recorder_module.microphone_problem():  # a machine with a microphone after all
        monkeypatch.setattr(recorder_module, "microphone_problem", lambda: NO_MICROPHONE)
    page = _resume(qtbot, window)
    bar = _bar(page)
    box = page.conversation.answer_box
    assert bar.isVisible() and bar.record_button.isEnabled()
    assert not bar.cancel_button.isVisible() and not bar.feedback.isVisible()

    qtbot.mouseClick(bar.record_button, Qt.MouseButton.LeftButton)
    # No input device offscreen; on a machine without the sound library, the library is
    # named instead. Either way the candidate is told how to go on.
    assert TYPE_OR_IMPORT in bar.status.text()
    assert bar.status.isVisible()
    assert not bar.recording and not bar.record_button.isChecked()
    assert bar.record_button.text() == "● Record"

    # Holding F9 in the answer box is push-to-talk: the same message, and no F9 typed.
    box.setFocus()
    bar.say("")
    qtbot.keyPress(box, Qt.Key.Key_F9)
    qtbot.keyRelease(box, Qt.Key.Key_F9)
    assert TYPE_OR_IMPORT in bar.status.text()

    qtbot.keyClicks(box, "I typed this answer instead.")
    assert box.toPlainText() == "I typed this answer instead."
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    answered = _answered(window, page)
    assert answered.answer == "I typed this answer instead."
    assert answered.audio_path is None
    assert window.error_dialogs == []


def test_without_a_device_or_the_sound_library_the_recorder_explains(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    messages: list[str] = []
    recorder.failed.connect(messages.append)
    monkeypatch.setattr(recorder_module, "microphone_problem", lambda: NO_MICROPHONE)
    assert not recorder.start(tmp_path / "a.wav")
    assert messages == [NO_MICROPHONE]
    assert not (tmp_path / "a.wav").exists()
    assert recorder.stop() is None

    missing = recorder_module.NO_AUDIO_LIBRARY.format(reason="libpulse.so.0: not found")
    monkeypatch.setattr(recorder_module, "microphone_problem", lambda: missing)
    assert not recorder.start(tmp_path / "a.wav")
    assert "libpulse" in messages[-1] and messages[-1].endswith(TYPE_OR_IMPORT)


def test_without_qt_multimedia_recording_names_the_missing_library(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import PySide6

    # As on a Linux machine without libpulse: importing Qt Multimedia fails.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.delattr(PySide6, "QtMultimedia", raising=False)
    monkeypatch.setattr(recorder_module, "_multimedia", None)
    monkeypatch.setattr(recorder_module, "_multimedia_problem", None)
    problem = recorder_module.microphone_problem()
    assert problem.startswith("Recording is not available") and problem.endswith(TYPE_OR_IMPORT)
    recorder = Recorder()
    messages: list[str] = []
    recorder.failed.connect(messages.append)
    assert not recorder.start(tmp_path / "a.wav")
    assert messages == [problem]


def test_the_real_probe_never_crashes_and_logs_qt_noise_quietly(qtbot: QtBot) -> None:
    # Loading Qt Multimedia warns about optional libraries it does not find; the harness
    # fails a test on any Qt warning, so this passing shows they go to the log instead.
    problem = recorder_module.microphone_problem()
    assert problem in ("", NO_MICROPHONE) or problem.endswith(TYPE_OR_IMPORT)
    assert recorder_module.microphone_problem() == problem  # and again, as quietly


def test_recording_from_a_real_microphone_when_there_is_one(qtbot: QtBot, tmp_path: Path) -> None:
    """Runs where a sound server offers an input (a developer's machine; here, a
    PulseAudio pipe source fed a tone); offscreen CI has none and skips it."""
    if recorder_module.microphone_problem():
        pytest.skip("no microphone on this machine")
    recorder = Recorder()
    levels: list[float] = []
    recorder.level_changed.connect(levels.append)
    path = tmp_path / "live.wav"
    assert recorder.start(path), "the default input could not be opened"
    qtbot.waitUntil(lambda: recorder.seconds() >= 0.5, timeout=10000)
    with wave.open(str(path), "rb") as reader:  # playable while still recording
        assert reader.getnframes() > 0
    assert recorder.stop() == path
    assert levels and all(0.0 <= level <= 1.0 for level in levels)
    with wave.open(str(path), "rb") as reader:
        assert reader.getnframes() / reader.getframerate() >= 0.5


# ---- the WAV file as it is written ---------------------------------------------------------


def test_the_wav_file_is_playable_after_every_chunk(tmp_path: Path) -> None:
    path = tmp_path / "live.wav"
    sink = WavSink(path, rate=16000, channels=1, sample_format="Int16")
    loud = array("h", [20000, -20000] * 800).tobytes()
    assert sink.write(bytes(3200)) == 0.0  # silence
    assert sink.write(loud[:-1]) > 0.9  # an odd byte waits for its pair
    # Not closed yet (a crash now): the header already tells the frames on disk.
    with wave.open(str(path), "rb") as reader:
        assert reader.getframerate() == 16000
        assert reader.getnframes() == 1600 + 1599
    assert sink.write(loud[-1:]) == 0.0 or sink.frames == 3200
    assert sink.close() == 3200
    with wave.open(str(path), "rb") as reader:
        assert reader.getnframes() == 3200
        assert reader.getsampwidth() == 2

    # A device that only offers float samples is written as 16-bit.
    floats = WavSink(tmp_path / "float.wav", rate=48000, channels=2, sample_format="Float")
    level = floats.write(array("f", [0.5, -0.5] * 480).tobytes())
    assert 0.5 < level < 1.0
    floats.close()
    with wave.open(str(tmp_path / "float.wav"), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getnframes()) == (2, 2, 480)
        first = array("h", reader.readframes(1))
        assert list(first) == [16383, -16383]


# ---- importing a recording -----------------------------------------------------------------


def test_import_streams_into_the_refresh_answer_and_keeps_the_recording(
    qtbot: QtBot,
    window: MainWindow,
    transcriber: ScriptedTranscriber,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _resume(qtbot, window)
    bar = _bar(page)
    box = page.conversation.answer_box
    box.setPlainText("For context:")
    box.moveCursor(box.textCursor().MoveOperation.End)
    source = _wav(tmp_path)
    filters = _choose_file(monkeypatch, source)
    transcriber.gate = threading.Event()

    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    assert "*.m4a" in filters[0] and "*.webm" in filters[0]
    # The first segment is in the box while the model is still listening.
    qtbot.waitUntil(lambda: SEGMENTS[0] in box.toPlainText(), timeout=10000)
    assert bar.transcribing and bar.cancel_button.isVisible()
    assert not bar.import_button.isEnabled() and not bar.record_button.isEnabled()
    assert box.isEnabled()  # typing goes on
    # Sending now would split the answer from the rest of its words: it waits.
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "on their way" in bar.status.text()
    assert page.view is not None and page.view.pending is not None
    assert not [turn for turn in page.view.turns if turn.answer]
    transcriber.gate.set()
    _idle(qtbot, bar)
    assert box.toPlainText() == f"For context: {SPOKEN}"
    assert window.error_dialogs == []
    assert not bar.cancel_button.isVisible()

    # The recording was copied into the data folder, transcribed, then sealed (the plain
    # copy is gone); its delivery shows beside the answer.
    assert bar.audio_path is not None and bar.audio_path.is_file()
    assert bar.audio_path != source and bar.audio_path.name.endswith(".wav.sealed")
    assert window.services.paths.root in bar.audio_path.parents  # type: ignore[attr-defined]
    heard = bar.audio_path.with_name(bar.audio_path.name.removesuffix(".sealed"))
    assert transcriber.heard == [str(heard)] and not heard.exists()
    assert bar.feedback.isVisible()
    text = bar.feedback.text()
    assert " wpm · 1 filler (" in text and "/min)" in text
    assert "“um” at 0:0" in bar.feedback.labels["fillers"].toolTip()

    # Sending keeps the recording with the answer; the next answer starts without one.
    recording = bar.audio_path
    qtbot.mouseClick(page.conversation.send_button, Qt.MouseButton.LeftButton)
    answered = _answered(window, page)
    assert answered.answer == f"For context: {SPOKEN}"
    assert answered.audio_path == str(recording)
    assert bar.audio_path is None and page.conversation.answer_box.toPlainText() == ""
    qtbot.waitUntil(lambda: page.view is not None and page.view.pending is not None)


def test_a_dictated_drill_answer_is_marked_and_keeps_its_recording(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_page("practice")
    page = window.practice_page
    assert isinstance(page, PracticePage)
    qtbot.mouseClick(page.picker.cards[Round.DIAGNOSIS].radio, Qt.MouseButton.LeftButton)
    assert page.picker.scenarios.select(CHECKOUT)
    qtbot.mouseClick(page.picker.start_button, Qt.MouseButton.LeftButton)
    bar = _bar(page)
    assert bar.isVisible()
    _choose_file(monkeypatch, _wav(tmp_path))
    bar.choose_audio_file()
    _idle(qtbot, bar)
    assert page.drill.answer_box.toPlainText() == SPOKEN
    recording = bar.audio_path
    assert recording is not None

    qtbot.keyClick(page.drill.answer_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.handles, timeout=20000)
    assert page.drill.view is not None
    view = window.services.drills().view(page.drill.view.id)  # type: ignore[attr-defined]
    mine = [turn for turn in view.turns if turn.speaker == "candidate"]
    assert mine[-1].text == SPOKEN
    assert mine[-1].source == "dictated"
    assert mine[-1].audio_path == str(recording)
    assert "You · dictated" in [bubble.tag.text() for bubble in page.drill.conversation.bubbles]

    # Leaving the drill hides the bar; a typed answer afterwards has no recording.
    page.leave_drill()
    assert not bar.isVisible()


def test_dictating_a_story_fills_the_focused_star_part(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_page("stories")
    page = window.stories_page
    assert isinstance(page, StoriesPage)
    bar = _bar(page)
    page.editor.title.setText("Faster card authorisation")
    page.editor.situation.setPlainText("The authorisation service was slow.")
    page.editor.action.setFocus()
    qtbot.waitUntil(page.editor.action.hasFocus)
    assert bar.target() is page.editor.action
    _choose_file(monkeypatch, _wav(tmp_path))
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, bar)
    assert page.editor.action.toPlainText() == SPOKEN
    assert page.editor.situation.toPlainText() == "The authorisation service was slow."
    assert page.editor.result.toPlainText() == ""
    assert "Unsaved" in page.editor.dirty_mark.text()
    assert bar.feedback.isVisible()

    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    stored = page.bank.stories(target=Level.STAFF)
    assert [story.content.action for story in stored] == [SPOKEN]
    history = window.dictation.history()
    assert [record.context for record in history] == ["story"]


def test_cancel_while_transcribing_keeps_the_words_so_far(
    qtbot: QtBot,
    window: MainWindow,
    transcriber: ScriptedTranscriber,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _resume(qtbot, window)
    bar = _bar(page)
    box = page.conversation.answer_box
    transcriber.gate = threading.Event()
    _choose_file(monkeypatch, _wav(tmp_path))
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.toPlainText() == SEGMENTS[0], timeout=10000)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, bar)
    assert "cancelled" in bar.status.text()
    assert box.toPlainText() == SEGMENTS[0]  # nothing said is lost
    assert bar.audio_path is None  # an unfinished transcript carries no recording
    assert not bar.feedback.isVisible()
    assert window.error_dialogs == []
    assert bar.import_button.isEnabled() and bar.record_button.isEnabled()

    qtbot.mouseClick(page.conversation.send_button, Qt.MouseButton.LeftButton)
    assert _answered(window, page).audio_path is None


def test_an_unsupported_file_shows_a_clear_error(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _resume(qtbot, window)
    bar = _bar(page)
    notes = tmp_path / "notes.txt"
    notes.write_text("not audio", "utf-8")
    _choose_file(monkeypatch, notes)
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=10000)
    dialog = window.error_dialogs[-1]
    assert ".txt" in dialog.report.message or "audio" in dialog.report.message.lower()
    assert dialog.report.expected  # the candidate's mistake, not a bug: no traceback
    assert dialog.report.message in bar.status.text()
    _idle(qtbot, bar)
    assert page.conversation.answer_box.toPlainText() == ""
    assert bar.audio_path is None
    dialog.close()


def test_without_a_speech_model_transcribing_points_to_the_models_page(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF)  # no transcriber: no speech model chosen
    page = _resume(qtbot, window)
    bar = _bar(page)
    _choose_file(monkeypatch, _wav(tmp_path))
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=10000)
    assert "Models page" in window.error_dialogs[-1].report.message + (
        window.error_dialogs[-1].report.hint
    )
    _idle(qtbot, bar)
    assert page.conversation.answer_box.toPlainText() == ""


# ---- recording, with a stand-in microphone -------------------------------------------------


class FakeRecorder(QObject):
    """Stands in for the microphone: "records" a tone into the path it is given."""

    level_changed = Signal(float)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.path: Path | None = None

    @property
    def recording(self) -> bool:
        return self.path is not None

    def start(self, path: Path) -> bool:
        self.path = path
        self.level_changed.emit(0.7)
        return True

    def stop(self) -> Path | None:
        path, self.path = self.path, None
        assert path is not None
        return _wav(path.parent, path.name)


def test_record_then_stop_and_hold_f9_to_talk(
    qtbot: QtBot, window: MainWindow, transcriber: ScriptedTranscriber
) -> None:
    box = AnswerBox("Your answer")
    qtbot.addWidget(box)
    service = window.dictation
    bar = DictationBar(
        service,
        context="drill",
        boxes=[box],
        run_task=window.run_task,
        show_error=window.show_error,
        recorder=FakeRecorder(),  # type: ignore[arg-type]
    )
    qtbot.addWidget(bar)
    bar.show()
    box.show()
    dictated: list[Any] = []
    bar.dictated.connect(dictated.append)

    qtbot.mouseClick(bar.record_button, Qt.MouseButton.LeftButton)
    assert bar.recording and bar.record_button.isChecked()
    assert bar.record_button.text() == "■ Stop"
    assert bar.meter.isVisible() and bar.meter.value() == 700
    assert bar.time_label.isVisible()
    assert "press Stop" in bar.status.text()
    qtbot.mouseClick(bar.record_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, bar)
    assert box.toPlainText() == SPOKEN
    assert len(dictated) == 1 and dictated[0].audio_path == bar.audio_path
    assert bar.audio_path is not None and bar.audio_path.is_file()

    # Push-to-talk: hold F9 in the box, let go to stop; F9 itself types nothing.
    box.clear()
    assert bar.audio_path is None  # the words it was for are gone
    box.setFocus()
    qtbot.keyPress(box, Qt.Key.Key_F9)
    assert bar.recording
    assert "let go of F9" in bar.status.text()
    qtbot.keyRelease(box, Qt.Key.Key_F9)
    assert not bar.recording
    _idle(qtbot, bar)
    assert box.toPlainText() == SPOKEN
    assert len(dictated) == 2


def test_leaving_the_page_transcribes_and_closing_the_window_keeps_the_recording(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_page("stories")
    page = window.stories_page
    assert isinstance(page, StoriesPage)
    bar = _bar(page)
    fake = FakeRecorder()
    bar.recorder = fake  # type: ignore[assignment]
    page.editor.result.setFocus()
    qtbot.waitUntil(page.editor.result.hasFocus)
    assert bar.start_recording()
    window.show_page("library")  # the page is hidden: what was said is transcribed
    assert not bar.recording
    _idle(qtbot, bar)
    assert page.editor.result.toPlainText() == SPOKEN

    window.show_page("stories")
    page.editor.title.setText("Checkout")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)  # nothing unsaved
    assert not page.is_dirty
    assert bar.start_recording()
    recording = fake.path
    assert recording is not None
    window.close()  # nothing is transcribed into a closed window; the file stays
    assert not bar.recording and not bar.transcribing
    assert recording.is_file()


# ---- the delivery line and the history -----------------------------------------------------


def _delivery(**changes: Any) -> Delivery:
    values: dict[str, Any] = {
        "seconds": 84.0,
        "words": 199,
        "wpm": 142.1,
        "fillers": (FillerHit("um", 4.2), FillerHit("you know", 31.0)),
        "pauses": (Pause(12.0, 2.4),),
        "cut": "90 s",
    }
    values.update(changes)
    return Delivery(**values)


def test_the_delivery_line_reads_pace_fillers_pauses_and_the_cut(qtbot: QtBot) -> None:
    delivery = _delivery()
    assert delivery_text(delivery) == "142 wpm · 2 fillers (1.4/min) · 1 long pause · fits 90 s"
    parts = {part.name: part for part in delivery_parts(delivery)}
    assert parts["pace"].tone == "good" and "130 to 160" in parts["pace"].tip
    assert parts["fillers"].tone == "good"
    assert "“um” at 0:04, “you know” at 0:31" in parts["fillers"].tip
    assert "2.4 s at 0:12" in parts["pauses"].tip

    fast = _delivery(wpm=185.0, fillers=tuple(FillerHit("uh", t) for t in range(0, 84, 12)))
    parts = {part.name: part for part in delivery_parts(fast)}
    assert parts["pace"].tone == "warn" and "fast" in parts["pace"].tip
    assert parts["fillers"].text == "7 fillers (5.0/min)" and parts["fillers"].tone == "warn"
    clean = _delivery(fillers=(), pauses=(), cut="over 3 min")
    assert delivery_text(clean) == "142 wpm · no fillers · no long pauses · over 3 min"

    widget = DeliveryFeedback()
    qtbot.addWidget(widget)
    widget.show_delivery(delivery)
    assert widget.text() == delivery_text(delivery)
    assert widget.labels["pace"].property("tone") == "good"
    assert widget.labels["fillers"].toolTip().startswith("“um” at 0:04")


def test_your_delivery_lists_and_plots_each_dictated_answer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _resume(qtbot, window)
    bar = _bar(page)
    empty = bar.show_history()
    assert empty is not None and "No dictated answers yet" in empty.summary.text()  # type: ignore[attr-defined]
    empty.close()
    for name in ("one.wav", "two.wav"):
        bar.import_file(_wav(tmp_path, name))
        _idle(qtbot, bar)
    qtbot.mouseClick(bar.history_button, Qt.MouseButton.LeftButton)
    dialog = bar.history_dialog
    assert dialog is not None
    assert dialog.chart.point_count() == 2  # type: ignore[attr-defined]
    rows = dialog.history.rows()  # type: ignore[attr-defined]
    assert len(rows) == 2 and rows[0][1] == "Résumé" and rows[0][2].endswith(" wpm")
    assert "2 dictated answers" in dialog.summary.text()  # type: ignore[attr-defined]
    dialog.close()


# ---- the real speech model -----------------------------------------------------------------


@pytest.mark.slow
def test_the_same_flow_on_the_real_whisper_model(
    qtbot: QtBot,
    make_window: MakeWindow,
    whisper_model_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from models.transcriber import WhisperTranscriber
    from tests.speech import Pause as Silence
    from tests.speech import speak_to_wav

    speech = speak_to_wav(
        [
            "I moved the slow checks off the hot path.",
            Silence(2.5),
            "Um, the team shipped it in two quarters.",
        ],
        tmp_path / "spoken.wav",
        words_per_minute=150,
    )
    window = make_window(STAFF, transcriber=WhisperTranscriber(whisper_model_path))
    page = _resume(qtbot, window)
    bar = _bar(page)
    _choose_file(monkeypatch, speech)
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, bar, timeout=120000)
    assert window.error_dialogs == []
    said = page.conversation.answer_box.toPlainText().lower()
    assert "hot path" in said and "quarters" in said
    assert bar.feedback.text().split(" · ")[0].endswith("wpm")
    assert "1 long pause" in bar.feedback.text()
    assert "1 filler (" in bar.feedback.text()  # the "Um" espeak said
    qtbot.mouseClick(page.conversation.send_button, Qt.MouseButton.LeftButton)
    answered = _answered(window, page)
    assert "hot path" in answered.answer.lower()
    assert answered.audio_path is not None and Path(answered.audio_path).is_file()


def test_silence_only_says_nothing_was_heard(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(STAFF, transcriber=ScriptedTranscriber(()))
    page = _resume(qtbot, window)
    bar = _bar(page)
    _choose_file(monkeypatch, silent_wav(tmp_path / "quiet.wav", 1.0))
    qtbot.mouseClick(bar.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=10000)
    assert window.error_dialogs[-1].report.expected
    _idle(qtbot, bar)
    assert page.conversation.answer_box.toPlainText() == ""
    assert not bar.feedback.isVisible()


@pytest.mark.slow
def test_choosing_a_speech_model_loads_it_for_dictation(
    qtbot: QtBot, make_window: MakeWindow, whisper_model_path: Path, tmp_path: Path
) -> None:
    from app.model_loading import SpeechModelLoader
    from tests.speech import speak_to_wav
    from ui.dictation.tasks import transcribe_task

    window = make_window(STAFF)
    manager = window.services.models  # type: ignore[attr-defined]
    loader = SpeechModelLoader(manager, n_threads=2)  # as the app wires it
    loader.attach(window)
    service = window.services.dictation(loader.current)  # type: ignore[attr-defined]
    speech = speak_to_wav("I moved the slow checks off the hot path.", tmp_path / "a.wav")
    results: list[Any] = []
    try:
        with qtbot.waitSignal(window.models_page.add_model(whisper_model_path).succeeded):
            pass
        window.models_page.use(whisper_model_path)
        assert loader.transcriber is None  # loading on the model lane
        # A transcription asked for meanwhile waits for the model instead of failing.
        window.run_task(
            transcribe_task, service, speech, "drill", title="t", on_result=results.append
        )
        qtbot.waitUntil(lambda: bool(results), timeout=60000)
        assert window.error_dialogs == []
        assert "hot path" in results[0].text.lower()
        assert loader.transcriber is not None
        assert manager.active("speech").path == whisper_model_path
        assert "dictation is ready" in window.statusBar().currentMessage()
    finally:
        loader.close()
