"""Speech-to-text on faster-whisper (CTranslate2, int8 on the CPU), with word timings.

Choices, measured on espeak-ng speech with the Whisper base model (2 cores):
- Whisper learned from transcripts that mostly leave out "um" and "uh". A prompt
  written with fillers in it makes the decoder keep them: with `FILLER_PROMPT`, 20 of 21
  planted fillers across 13 scripts were transcribed (no prompt: 10 of 15 on the first
  9), and none appeared in the scripts that had none. It goes in as `hotwords`, which
  faster-whisper puts before every 30-second window; an `initial_prompt` would prime
  only the first one once `condition_on_previous_text` is off.
- `condition_on_previous_text=False`: a window that loops cannot feed the next one.
- The VAD filter is on: with the prompt, silence and noise came back as the prompt's
  own words ("So, um, I was, I was, ...") after 30 s of retries; with VAD, nothing, at
  once. It kept every planted filler.
- English: the coach's filler rules and question bank are English, and a multilingual
  model's language guess misfires on accented English. `language=None` detects.
- After the last sentence Whisper decodes the fraction of a second left in its window
  and, primed by the prompt, invents words there ("It.", "I'm sorry. I'm sorry.") after
  several temperature retries: on 27 s of speech, 4 s of 10 went on that tail. So the
  segments are no longer read once one ends within `TAIL_SECONDS` of the last speech VAD
  found, and a segment with more words than `MAX_WORDS_PER_SECOND` allows is dropped.
- The file is transcribed in pieces of about `PIECE_SECONDS`, cut at the quietest
  moment near each boundary: faster-whisper decodes, extracts features and runs VAD
  over its whole input before the first segment, which for a one-hour file would be
  a long wait that no cancel can cut short.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import psutil
from faster_whisper import WhisperModel
from faster_whisper.vad import VadOptions, get_speech_timestamps

from models.errors import ModelError, ModelLoadError
from models.speech_audio import SAMPLE_RATE, duration, read_blocks

ShouldStop = Callable[[], bool]

# faster-whisper would fetch a missing tokenizer.json from the internet: require it.
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
FILLER_PROMPT = "So, um, I was, uh, thinking about it, hmm."
PIECE_SECONDS = 120.0
SEAM_SEARCH_SECONDS = 10.0  # how far back from a boundary to look for a quiet moment
QUIET_FRAME_SECONDS = 0.1
TAIL_SECONDS = 0.5  # VAD pads speech by 0.4 s: what is left after this holds no word
# Fast speech is 4 to 5 words a second; Whisper's timings stretch or squeeze a little.
MAX_WORDS_PER_SECOND = 10.0
BEAM_SIZE = 5  # faster-whisper's default; greedy (1) was ~15% faster and less accurate


def _words_only(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


_PROMPT_WORDS = _words_only(FILLER_PROMPT)


class WhisperTranscriber:
    """A loaded faster-whisper model folder. `transcribe` yields segments as they are
    decoded; keep one instance per model (loading takes a second or two)."""

    def __init__(
        self, path: Path, *, n_threads: int | None = None, language: str | None = "en"
    ) -> None:
        path = Path(path)
        missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
        if not path.is_dir() or missing:
            why = "it is not a folder" if not path.is_dir() else f"missing {', '.join(missing)}"
            raise ModelLoadError(
                f"{path.name} is not a faster-whisper model folder ({why}).",
                hint="A speech model is a folder with model.bin, config.json and "
                "tokenizer.json, such as faster-whisper base.en from the Models page.",
            )
        threads = n_threads or psutil.cpu_count(logical=False) or 0
        try:
            self._model: Any = WhisperModel(
                str(path),
                device="cpu",
                compute_type="int8",
                cpu_threads=threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelLoadError(
                f"faster-whisper could not load {path.name}: {exc}",
                hint="The folder may be damaged: download the model again.",
            ) from exc
        self.path = path
        self.name = path.name
        self.language = language
        self.piece_seconds = PIECE_SECONDS

    def duration(self, audio_path: str | Path) -> float:
        """The recording's length in seconds (0.0 when its header does not say)."""
        return duration(Path(audio_path))

    def transcribe(
        self, audio_path: str | Path, *, should_stop: ShouldStop | None = None
    ) -> Iterator[SpeechSegment]:
        """Segments with word timings, in order. Returns early (no error) once
        `should_stop` is true; it is checked between segments and between pieces.
        An unreadable file raises `AudioError` (user-facing)."""
        model = self._model
        if model is None:
            raise ModelError("The speech model was closed.", hint="Choose it again and retry.")
        vad = VadOptions()
        stop = should_stop or (lambda: False)
        chunks = pieces(Path(audio_path), should_stop=stop, piece_seconds=self.piece_seconds)
        for offset, audio in chunks:
            speech = get_speech_timestamps(audio, vad)
            if not speech:
                continue  # silence: Whisper would only invent words here
            speech_end = speech[-1]["end"] / SAMPLE_RATE
            segments, _info = model.transcribe(
                audio,
                language=self.language,
                beam_size=BEAM_SIZE,
                word_timestamps=True,
                vad_filter=True,
                vad_parameters=vad,
                condition_on_previous_text=False,
                hotwords=FILLER_PROMPT,
            )
            for segment in segments:
                if stop():
                    return
                found = _segment(segment, offset)
                if found.text and not is_prompt_echo(found.text) and not too_fast(found):
                    yield found
                if segment.end >= speech_end - TAIL_SECONDS:
                    break  # only the tail is left: see the module's notes

    def close(self) -> None:
        self._model = None


@dataclass(frozen=True)
class SpeechWord:
    start: float  # seconds from the start of the file
    end: float
    text: str  # with its punctuation, no surrounding spaces


@dataclass(frozen=True)
class SpeechSegment:
    """Shaped like coach.protocols.TranscriptSegment (models/ does not import coach)."""

    start: float
    end: float
    text: str
    words: tuple[SpeechWord, ...] = ()


def _segment(segment: Any, offset: float) -> SpeechSegment:
    words = tuple(
        SpeechWord(float(w.start) + offset, float(w.end) + offset, w.word.strip())
        for w in segment.words or ()
        if w.word.strip()
    )
    return SpeechSegment(
        float(segment.start) + offset, float(segment.end) + offset, segment.text.strip(), words
    )


def quiet_cut(audio: np.ndarray, target: int, search: int) -> int:
    """The sample index, in the `search` samples before `target`, at the middle of the
    quietest `QUIET_FRAME_SECONDS`: a seam there is unlikely to split a word."""
    frame = round(QUIET_FRAME_SECONDS * SAMPLE_RATE)
    start = max(0, target - search)
    window = audio[start:target]
    frames = window.size // frame
    if frames == 0:
        return target
    energy = np.square(window[: frames * frame].reshape(frames, frame)).mean(axis=1)
    return start + int(np.argmin(energy)) * frame + frame // 2


def pieces(
    path: Path, *, should_stop: ShouldStop | None = None, piece_seconds: float = PIECE_SECONDS
) -> Iterator[tuple[float, np.ndarray]]:
    """(offset in seconds, audio) pieces of the file, cut at quiet moments."""
    target = round(piece_seconds * SAMPLE_RATE)
    search = min(round(SEAM_SEARCH_SECONDS * SAMPLE_RATE), target // 2)
    buffer = np.empty(0, dtype=np.float32)
    offset = 0
    for block in read_blocks(path, should_stop=should_stop):
        buffer = np.concatenate([buffer, block])
        while buffer.size >= target:
            cut = quiet_cut(buffer, target, search)
            yield offset / SAMPLE_RATE, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
    if buffer.size and not (should_stop and should_stop()):
        yield offset / SAMPLE_RATE, buffer


def too_fast(segment: SpeechSegment) -> bool:
    """True for more words than anyone says in the segment's time: Whisper's guess at
    the last fraction of a second after an answer ("It.", "I'm sorry. I'm sorry.")."""
    seconds = max(segment.end - segment.start, 0.01)
    return len(segment.text.split()) / seconds > MAX_WORDS_PER_SECOND


def is_prompt_echo(text: str) -> bool:
    """True when a segment is only a run of the filler prompt's words: what Whisper
    says over noise that VAD let through, never what the candidate said."""
    words = _words_only(text)
    return len(words.split()) >= 3 and words in _PROMPT_WORDS
