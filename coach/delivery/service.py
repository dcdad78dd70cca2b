"""Dictation: recordings in the data folder, transcribed by the chosen speech model,
measured, and kept as delivery history.

`transcribe` runs on a worker (the model lane). It streams each segment's text to
`on_text` from that worker, reports progress in seconds of audio, and stops between
segments when the task is cancelled; nothing is saved for a cancelled recording.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.delivery.metrics import measure
from coach.delivery.records import DeliveryRecord, Dictation
from coach.delivery.sealed_audio import new_recording_key, open_recording, seal_recording
from coach.delivery.store import DeliveryStore
from coach.errors import UserError
from coach.protocols import Transcriber, TranscriptSegment, TranscriptWord
from coach.storage.db import Database
from coach.tasks import TaskContext

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".flac", ".webm")
MAX_IMPORT_BYTES = 500 * 1024 * 1024
PROGRESS_TEXT = "Transcribing…"


class DictationService:
    def __init__(
        self,
        db: Database,
        audio_folder: Path,
        transcriber: Callable[[], Transcriber | None],
    ) -> None:
        self._store = DeliveryStore(db)
        self._folder = audio_folder
        self._transcriber = transcriber

    @property
    def audio_folder(self) -> Path:
        return self._folder

    # ---- recordings -----------------------------------------------------------------

    def _unique(self, prefix: str, suffix: str) -> Path:
        self._folder.mkdir(parents=True, exist_ok=True)
        while True:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self._folder / f"{prefix}-{stamp}-{secrets.token_hex(2)}{suffix}"
            if not path.exists():
                return path

    def new_recording_path(self) -> Path:
        """Where to record the next answer: a new WAV name in the audio folder."""
        return self._unique("recording", ".wav")

    def import_audio(self, source: Path) -> Path:
        """Copy an audio file into the audio folder and return the copy's path."""
        suffix = source.suffix.lower()
        if suffix not in AUDIO_SUFFIXES:
            raise UserError(
                f"{source.name} is not an audio file Loopcoach can transcribe.",
                hint="Choose a WAV, MP3, M4A, OGG, FLAC or WEBM file.",
            )
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise UserError(f"{source.name} cannot be read: {exc.strerror or exc}.") from exc
        if size == 0:
            raise UserError(f"{source.name} is empty.", hint="Record again or choose another file.")
        if size > MAX_IMPORT_BYTES:
            raise UserError(
                f"{source.name} is {size / 1024**2:,.0f} MB; Loopcoach takes recordings up to "
                f"{MAX_IMPORT_BYTES // 1024**2} MB.",
                hint="Cut it to the answer you want transcribed, or save it as MP3 or M4A.",
            )
        target = self._unique("imported", suffix)
        partial = target.with_name(f"incomplete-{target.name}")
        try:
            shutil.copyfile(source, partial)
            partial.replace(target)  # never a half-copied file under the real name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise UserError(f"{source.name} could not be copied: {exc.strerror or exc}.") from exc
        return target

    # ---- transcription --------------------------------------------------------------

    def transcribe(
        self,
        audio_path: Path,
        ctx: TaskContext,
        *,
        context: str = "refresh",
        on_text: Callable[[str], None] | None = None,
    ) -> Dictation:
        engine = self._transcriber()
        if engine is None:
            raise UserError(
                "No speech model is chosen, so recordings cannot be transcribed.",
                hint="Choose one on the Models page (faster-whisper base.en is small and "
                "quick), or type your answer.",
            )
        total = _duration(engine, audio_path)
        ctx.progress(0.0, total, PROGRESS_TEXT)
        texts: list[str] = []
        words: list[TranscriptWord] = []
        for raw in engine.transcribe(str(audio_path), should_stop=lambda: ctx.cancelled):
            ctx.check()
            segment = _segment(raw)
            if not segment.text:
                continue
            texts.append(segment.text)
            words.extend(segment.words)
            if on_text is not None:
                on_text(segment.text)
            ctx.progress(min(segment.end, total) if total else segment.end, total, PROGRESS_TEXT)
        ctx.check()  # an engine that saw the cancel stops quietly; the task must not succeed
        if not words:
            raise UserError(
                "No speech was heard in the recording.",
                hint="Check that the right microphone is chosen and not muted, then record again.",
            )
        text = " ".join(texts)
        delivery = measure(words)
        if not self._ours(audio_path):  # a file of the candidate's (the CLI): left as it is
            self._store.add(
                context=context, audio_path=audio_path, text=text, words=words, delivery=delivery
            )
            return Dictation(text, audio_path, tuple(words), delivery)
        key = new_recording_key()
        sealed = seal_recording(audio_path, key)
        try:
            self._store.add(
                context=context,
                audio_path=sealed,
                text=text,
                words=words,
                delivery=delivery,
                audio_key=key,
            )
        except BaseException:
            sealed.unlink(missing_ok=True)
            raise
        audio_path.unlink(missing_ok=True)  # the key is stored: the plain file can go
        return Dictation(text, sealed, tuple(words), delivery)

    def _ours(self, path: Path) -> bool:
        """A recording made or imported into the audio folder (not a file elsewhere)."""
        return path.resolve().parent == self._folder.resolve()

    def recording(self, delivery_id: int) -> bytes:
        """A delivery's recording, unsealed in memory."""
        _, _, audio = self._store.transcript(delivery_id)
        key = self._store.audio_key(delivery_id)
        if audio is None:
            raise UserError("This answer has no recording.")
        if key is None:
            return Path(audio).read_bytes()
        return open_recording(Path(audio), key)

    def history(self, limit: int = 100) -> list[DeliveryRecord]:
        """The latest deliveries, oldest first, to show progress over time."""
        return self._store.history(limit)

    def transcript(self, delivery_id: int) -> tuple[str, tuple[TranscriptWord, ...], str | None]:
        """(text, timed words, audio path) of one saved delivery."""
        return self._store.transcript(delivery_id)


def _duration(engine: Any, audio_path: Path) -> float | None:
    """The recording's length when the engine can tell (WhisperTranscriber can); None
    shows progress without a total."""
    probe = getattr(engine, "duration", None)
    seconds = probe(str(audio_path)) if callable(probe) else 0.0
    return float(seconds) or None


def _segment(raw: Any) -> TranscriptSegment:
    """The engine's segment as the domain's own type. An engine without word timings
    (a scripted stand-in) gets its words spread evenly over the segment."""
    text = str(raw.text).strip()
    start, end = float(raw.start), float(raw.end)
    timed = getattr(raw, "words", ())
    words = tuple(TranscriptWord(float(w.start), float(w.end), str(w.text)) for w in timed)
    if not words and text:
        parts = text.split()
        step = (end - start) / len(parts)
        words = tuple(
            TranscriptWord(start + i * step, start + (i + 1) * step, part)
            for i, part in enumerate(parts)
        )
    return TranscriptSegment(start, end, text, words)
