"""faster-whisper (the real Whisper base model) on speech made by espeak-ng."""

from __future__ import annotations

import itertools
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from coach.delivery.metrics import measure
from coach.protocols import TranscriptWord
from models.errors import ModelError, ModelLoadError
from models.speech_audio import SAMPLE_RATE, AudioError, read_blocks
from models.transcriber import SpeechSegment, WhisperTranscriber, pieces, too_fast
from tests.speech import (
    ANSWER_FILLERS,
    ANSWER_KEY_WORDS,
    ANSWER_SCRIPT,
    silent_wav,
    speak_to_wav,
    write_wav,
)


@pytest.fixture(scope="module")
def transcriber(whisper_model_path: Path) -> Iterator[WhisperTranscriber]:
    engine = WhisperTranscriber(whisper_model_path, n_threads=2)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak_to_wav(ANSWER_SCRIPT, tmp_path_factory.mktemp("speech") / "answer.wav")


@pytest.fixture(scope="module")
def segments(transcriber: WhisperTranscriber, answer_wav: Path) -> list[SpeechSegment]:
    return list(transcriber.transcribe(str(answer_wav)))


def _words(segments: list[SpeechSegment]) -> list[TranscriptWord]:
    return [TranscriptWord(w.start, w.end, w.text) for s in segments for w in s.words]


@pytest.mark.slow
def test_the_transcript_holds_the_script_and_its_planted_fillers(
    segments: list[SpeechSegment],
) -> None:
    text = " ".join(s.text for s in segments)
    for key in ANSWER_KEY_WORDS:  # Whisper capitalises a title some runs, not others
        assert key.casefold() in text.casefold(), text
    delivery = measure(_words(segments))
    assert [hit.text for hit in delivery.fillers] == ANSWER_FILLERS, text
    assert len(delivery.pauses) == 2  # the two 2.5 s silences; the 1 s ones are not pauses
    assert 100 < delivery.wpm < 200
    assert delivery.cut == "45 s"


@pytest.mark.slow
def test_words_are_timed_in_order_within_the_recording(
    transcriber: WhisperTranscriber, segments: list[SpeechSegment], answer_wav: Path
) -> None:
    with wave.open(str(answer_wav)) as audio:
        length = audio.getnframes() / audio.getframerate()
    assert transcriber.duration(answer_wav) == pytest.approx(length, abs=0.01)
    words = _words(segments)
    assert len(words) > 40
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= length + 0.5 for w in words)
    assert all(w.text == w.text.strip() and w.text for w in words)


@pytest.mark.slow
def test_a_long_file_cut_into_pieces_reads_the_same(
    transcriber: WhisperTranscriber, answer_wav: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transcriber, "piece_seconds", 14.0)
    cut = list(transcriber.transcribe(answer_wav))
    assert len(cut) >= 2
    text = " ".join(s.text for s in cut)
    assert [hit.text for hit in measure(_words(cut)).fillers] == ANSWER_FILLERS, text
    assert "incident commander" in text.casefold()
    assert "architects" in text.casefold()


@pytest.mark.slow
def test_should_stop_ends_the_transcript_between_segments(
    transcriber: WhisperTranscriber, answer_wav: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert list(transcriber.transcribe(answer_wav, should_stop=lambda: True)) == []
    monkeypatch.setattr(transcriber, "piece_seconds", 10.0)
    seen: list[SpeechSegment] = []
    for segment in transcriber.transcribe(answer_wav, should_stop=lambda: bool(seen)):
        seen.append(segment)
    assert len(seen) == 1


@pytest.mark.slow
def test_silence_gives_no_segments_and_no_invented_words(
    transcriber: WhisperTranscriber, tmp_path: Path
) -> None:
    assert list(transcriber.transcribe(silent_wav(tmp_path / "silence.wav", 5.0))) == []


@pytest.mark.slow
def test_noise_gives_no_invented_words(transcriber: WhisperTranscriber, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    hiss = (rng.standard_normal(SAMPLE_RATE * 6) * 0.05 * 32767).astype("<i2")
    path = write_wav(tmp_path / "hiss.wav", hiss.tobytes(), SAMPLE_RATE)
    assert list(transcriber.transcribe(path)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"This is a text file, not a recording.\n"),
        ("answer.wav", bytes(range(256)) * 40),  # a WAV name over garbage
        ("empty.mp3", b""),
    ],
)
def test_a_file_that_is_not_audio_is_a_plain_user_facing_error(
    transcriber: WhisperTranscriber, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioError) as caught:
        list(transcriber.transcribe(path))
    assert caught.value.user_facing
    assert caught.value.message.startswith("This file is not audio Loopcoach can read")
    assert name in caught.value.message
    with pytest.raises(AudioError):
        transcriber.duration(path)


@pytest.mark.slow
def test_a_missing_file_is_a_user_facing_error(
    transcriber: WhisperTranscriber, tmp_path: Path
) -> None:
    with pytest.raises(AudioError, match="There is no audio file") as caught:
        list(transcriber.transcribe(tmp_path / "gone.wav"))
    assert caught.value.user_facing


def test_a_folder_that_is_not_a_whisper_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="not a faster-whisper model folder") as caught:
        WhisperTranscriber(tmp_path)
    assert "model.bin" in caught.value.message
    assert caught.value.user_facing
    with pytest.raises(ModelLoadError, match="not a folder"):
        WhisperTranscriber(tmp_path / "config.json")


@pytest.mark.slow
def test_a_closed_model_says_so(whisper_model_path: Path, answer_wav: Path) -> None:
    engine = WhisperTranscriber(whisper_model_path, n_threads=1)
    engine.close()
    with pytest.raises(ModelError, match="closed"):
        list(engine.transcribe(answer_wav))


# ---- pieces and filters, without the model ---------------------------------------------


def test_pieces_cut_in_the_quiet_and_lose_nothing(tmp_path: Path) -> None:
    # 25 s of tone with 0.3 s silences every 2 s: cuts must land in a silence.
    t = np.arange(SAMPLE_RATE * 25) / SAMPLE_RATE
    tone = 0.3 * np.sin(2 * np.pi * 220 * t)
    quiet = (t % 2.0) > 1.7
    tone[quiet] = 0.0
    path = write_wav(tmp_path / "tone.wav", (tone * 32767).astype("<i2").tobytes(), SAMPLE_RATE)
    whole = np.concatenate(list(read_blocks(path)))
    cut = list(pieces(path, piece_seconds=6.0))
    assert len(cut) >= 4
    assert np.array_equal(np.concatenate([audio for _, audio in cut]), whole)
    for (offset, audio), (next_offset, _) in itertools.pairwise(cut):
        assert next_offset == pytest.approx(offset + audio.size / SAMPLE_RATE)
        assert quiet[round(next_offset * SAMPLE_RATE)]


def test_words_faster_than_anyone_speaks_are_dropped() -> None:
    assert too_fast(SpeechSegment(26.74, 26.78, "It."))
    assert too_fast(SpeechSegment(26.78, 26.88, "I'm sorry. I'm sorry. I'm sorry."))
    assert not too_fast(SpeechSegment(3.0, 3.4, "Yes."))
    assert not too_fast(SpeechSegment(0.0, 4.0, "We rolled back the release within minutes."))
