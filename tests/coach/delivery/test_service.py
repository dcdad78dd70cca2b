"""Dictation on the real engine: streamed text, progress, history, cancel, and the
plain errors (no model, silence, not audio)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.delivery.metrics import measure
from coach.delivery.records import DeliveryRecord
from coach.delivery.service import MAX_IMPORT_BYTES, DictationService
from coach.delivery.store import DeliveryStore
from coach.errors import UserError
from coach.protocols import TranscriptSegment, TranscriptWord
from coach.tasks import Cancelled, CancelToken, Progress, TaskContext
from tests.speech import ANSWER_FILLERS, ANSWER_SCRIPT, silent_wav, speak_to_wav


@pytest.fixture(scope="module")
def engine(whisper_model_path: Path) -> Iterator[Any]:
    from models.transcriber import WhisperTranscriber

    built = WhisperTranscriber(whisper_model_path, n_threads=2)
    yield built
    built.close()


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak_to_wav(ANSWER_SCRIPT, tmp_path_factory.mktemp("speech") / "answer.wav")


@pytest.fixture
def dictation(services: Any, engine: Any) -> DictationService:
    return services.dictation(lambda: engine)


@pytest.mark.slow
def test_a_recording_streams_its_text_is_measured_and_kept(
    dictation: DictationService, answer_wav: Path
) -> None:
    streamed: list[str] = []
    progress: list[Progress] = []
    ctx = TaskContext(on_progress=progress.append)
    result = dictation.transcribe(answer_wav, ctx, context="drill", on_text=streamed.append)

    assert streamed
    assert result.text == " ".join(streamed)
    assert "incident commander" in result.text.casefold()
    assert result.audio_path == answer_wav
    assert [hit.text for hit in result.delivery.fillers] == ANSWER_FILLERS
    assert 40 < result.delivery.words <= len(result.words)  # "%" is not a word
    assert progress[0].done == 0 and progress[0].text == "Transcribing…"
    assert progress[-1].total == pytest.approx(27.9, abs=0.5)
    assert progress[-1].fraction is not None and progress[-1].fraction > 0.9

    (record,) = dictation.history()
    assert record.context == "drill"
    assert record.delivery == result.delivery
    text, words, audio = dictation.transcript(record.id)
    assert (text, words, audio) == (result.text, result.words, str(answer_wav))


@pytest.mark.slow
def test_cancel_while_transcribing_stops_and_saves_nothing(
    dictation: DictationService, engine: Any, answer_wav: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "piece_seconds", 10.0)  # several segments to stop between
    token = CancelToken()
    streamed: list[str] = []

    def on_text(text: str) -> None:
        streamed.append(text)
        token.cancel()

    with pytest.raises(Cancelled):
        dictation.transcribe(answer_wav, TaskContext(token), on_text=on_text)
    assert len(streamed) == 1
    assert dictation.history() == []


@pytest.mark.slow
def test_silence_is_no_speech(dictation: DictationService, tmp_path: Path) -> None:
    silence = silent_wav(tmp_path / "silence.wav", 4.0)
    with pytest.raises(UserError, match="No speech was heard in the recording") as caught:
        dictation.transcribe(silence, TaskContext())
    assert caught.value.hint
    assert dictation.history() == []


@pytest.mark.slow
def test_a_file_that_is_not_audio_is_a_user_facing_error(
    dictation: DictationService, tmp_path: Path
) -> None:
    fake = tmp_path / "answer.wav"
    fake.write_text("not a recording", encoding="utf-8")
    with pytest.raises(Exception, match="not audio Loopcoach can read") as caught:
        dictation.transcribe(fake, TaskContext())
    assert getattr(caught.value, "user_facing", False)
    assert dictation.history() == []


def test_no_speech_model_says_how_to_choose_one(services: Any, tmp_path: Path) -> None:
    service = services.dictation(lambda: None)
    with pytest.raises(UserError, match="No speech model is chosen") as caught:
        service.transcribe(tmp_path / "any.wav", TaskContext())
    assert caught.value.hint.startswith("Choose one on the Models page")


# ---- without the model -----------------------------------------------------------------


class WordlessEngine:
    """A stand-in that gives text without word timings, as a scripted UI test might."""

    name = "scripted"

    def transcribe(self, audio_path: str, *, should_stop: Any = None) -> Iterator[Any]:
        yield TranscriptSegment(0.0, 3.0, "Um, we shipped it early.")
        yield TranscriptSegment(5.0, 6.0, "Thanks.")


def test_an_engine_without_word_timings_still_gets_a_delivery(
    services: Any, tmp_path: Path
) -> None:
    service = services.dictation(WordlessEngine)
    result = service.transcribe(tmp_path / "r.wav", TaskContext(), context="story")
    assert result.text == "Um, we shipped it early. Thanks."
    assert [w.text for w in result.words][:2] == ["Um,", "we"]
    assert result.words[0] == TranscriptWord(0.0, 0.6, "Um,")
    assert result.delivery.filler_count == 1
    assert result.delivery.pauses[0].seconds == pytest.approx(2.0)
    assert service.history()[0].context == "story"


def test_history_is_oldest_first_and_limited(services: Any) -> None:
    store = DeliveryStore(services.db)
    service = services.dictation()
    for n in range(5):
        words = [TranscriptWord(0.0, 1.0 + n, "Um,"), TranscriptWord(2.0 + n, 3.0 + n, "yes.")]
        store.add(context="cli", audio_path=None, text="Um, yes.", words=words,
                  delivery=measure(words))  # fmt: skip
    history = service.history(limit=3)
    assert [r.id for r in history] == sorted(r.id for r in history)
    assert len(history) == 3
    assert [r.delivery.seconds for r in history] == [5.0, 6.0, 7.0]  # the latest three
    assert all(isinstance(r, DeliveryRecord) for r in history)
    assert history[0].delivery.fillers[0].text == "um"


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_metrics_are_numbers_only_and_the_words_go_through_the_codec(services: Any) -> None:
    words = [TranscriptWord(0.0, 0.5, "Basically,"), TranscriptWord(2.6, 3.0, "yes.")]
    delivery = measure(words)
    assert delivery.filler_count == 1 and len(delivery.pauses) == 1
    DeliveryStore(services.db).add(
        context="refresh", audio_path=Path("/tmp/r.wav"), text="Basically, yes.",
        words=words, delivery=delivery,
    )  # fmt: skip
    metrics, transcript, audio = services.db.conn.execute(
        "SELECT metrics, transcript, audio_path FROM deliveries"
    ).fetchone()
    leaves = list(_leaves(json.loads(metrics)))
    assert leaves and all(isinstance(leaf, int | float) for leaf in leaves)
    assert services.db.codec.decode(audio) == "/tmp/r.wav"
    assert "Basically," in services.db.codec.decode(transcript)


def test_new_recording_paths_are_unique_wavs_in_the_audio_folder(services: Any) -> None:
    service = services.dictation()
    first, second = service.new_recording_path(), service.new_recording_path()
    assert first != second
    assert first.parent == second.parent == services.paths.audio
    assert first.parent.is_dir()
    assert re.fullmatch(r"recording-\d{8}-\d{6}-[0-9a-f]{4}\.wav", first.name)


def test_import_copies_audio_into_the_folder(
    services: Any, answer_wav: Path, tmp_path: Path
) -> None:
    source = tmp_path / "My Answer.MP3"
    source.write_bytes(answer_wav.read_bytes())  # the suffix decides; the content is checked later
    copied = services.dictation().import_audio(source)
    assert copied.parent == services.paths.audio
    assert copied.suffix == ".mp3"
    assert copied.read_bytes() == source.read_bytes()
    assert [p.name for p in services.paths.audio.iterdir()] == [copied.name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "not an audio file"),
        ("answer", b"RIFF", "not an audio file"),
        ("empty.wav", b"", "is empty"),
    ],
)
def test_import_refuses_what_it_cannot_transcribe(
    services: Any, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(UserError, match=message) as caught:
        services.dictation().import_audio(source)
    assert caught.value.hint
    assert not services.paths.audio.exists() or not any(services.paths.audio.iterdir())


def test_import_refuses_a_file_over_the_limit(services: Any, tmp_path: Path) -> None:
    huge = tmp_path / "meeting.m4a"
    with huge.open("wb") as out:
        out.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no disk used
    with pytest.raises(UserError, match="up to 500 MB") as caught:
        services.dictation().import_audio(huge)
    assert caught.value.hint


def test_import_of_a_missing_file_is_a_user_error(services: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot be read"):
        services.dictation().import_audio(tmp_path / "gone.wav")


# ---- recordings at rest ----------------------------------------------------------------


@pytest.mark.slow
def test_a_transcribed_recording_is_sealed_and_its_plain_file_removed(
    services: Any, engine: Any
) -> None:
    dictation = services.dictation(lambda: engine)
    recorded = speak_to_wav(ANSWER_SCRIPT, dictation.new_recording_path())
    original = recorded.read_bytes()
    result = dictation.transcribe(recorded, TaskContext(), context="refresh")
    assert "incident commander" in result.text.casefold()
    assert not recorded.exists()
    assert result.audio_path == recorded.with_name(recorded.name + ".sealed")
    sealed = result.audio_path.read_bytes()
    assert original[44:4000] not in sealed  # the samples, past the WAV header
    (record,) = dictation.history()
    assert dictation.recording(record.id) == original
    assert [p.name for p in dictation.audio_folder.iterdir()] == [result.audio_path.name]

    services.rotate_key()  # the recording's key is re-sealed with the rest
    assert services.dictation().recording(record.id) == original


def test_a_file_outside_the_audio_folder_is_never_sealed_nor_deleted(
    services: Any, tmp_path: Path
) -> None:
    mine = tmp_path / "my-answer.wav"
    mine.write_bytes(b"RIFF my own file")
    result = services.dictation(WordlessEngine).transcribe(mine, TaskContext())
    assert result.audio_path == mine and mine.read_bytes() == b"RIFF my own file"
