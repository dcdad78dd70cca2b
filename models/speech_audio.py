"""Reading recordings for speech-to-text with PyAV (FFmpeg inside the wheel, so WAV, MP3,
M4A, OGG, FLAC and WEBM need nothing installed).

The audio is decoded as a stream of 16 kHz mono blocks rather than all at once, so a
one-hour file neither fills memory nor keeps a cancel waiting for the whole decode.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np

from models.errors import ModelError

SAMPLE_RATE = 16_000  # what Whisper's feature extractor expects
BLOCK_SECONDS = 10.0  # decoded audio handed on at a time
READABLE = "WAV, MP3, M4A, OGG, FLAC or WEBM"

ShouldStop = Callable[[], bool]


class AudioError(ModelError):
    """The file is missing, or not audio FFmpeg can decode."""


def _unreadable(path: Path, why: str) -> AudioError:
    return AudioError(
        f"This file is not audio Loopcoach can read ({path.name}: {why}).",
        hint=f"Record again, or choose a {READABLE} file.",
    )


@contextlib.contextmanager
def _open(path: Path) -> Iterator[Any]:
    if not path.is_file():
        raise AudioError(f"There is no audio file at {path}.")
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _unreadable(path, _reason(exc)) from exc
    with container:
        if not container.streams.audio:
            raise _unreadable(path, "it has no sound track")
        yield container


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.rstrip(".").lower() or type(exc).__name__


def duration(path: Path) -> float:
    """Length in seconds from the file's header; 0.0 when the file does not say
    (some WEBM recordings), so progress is shown without a total."""
    with _open(path) as container:
        stream = container.streams.audio[0]
        if stream.duration and stream.time_base:
            return float(stream.duration * stream.time_base)
        if container.duration:
            return float(container.duration / av.time_base)
        return 0.0


def read_blocks(
    path: Path, *, should_stop: ShouldStop | None = None, block_seconds: float = BLOCK_SECONDS
) -> Iterator[np.ndarray]:
    """The file's sound as float32 mono blocks at 16 kHz, `block_seconds` long (the last
    one shorter). Stops early, quietly, when `should_stop` returns True."""
    block = round(block_seconds * SAMPLE_RATE)
    with _open(path) as container:
        resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        pending: list[np.ndarray] = []
        count = 0
        for frame in _frames(container, path):
            for out in resampler.resample(frame):
                samples = out.to_ndarray().reshape(-1)
                pending.append(samples)
                count += samples.size
            if count >= block:
                audio = np.concatenate(pending)
                while audio.size >= block:
                    yield _to_float(audio[:block])
                    audio = audio[block:]
                pending, count = [audio], audio.size
                if should_stop and should_stop():
                    return
        pending.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
        if pending and (audio := np.concatenate(pending)).size:
            yield _to_float(audio)


def _frames(container: Any, path: Path) -> Iterator[Any]:
    """Decoded frames; a damaged frame is skipped (as faster-whisper does), a damaged
    file is an AudioError."""
    frames = container.decode(audio=0)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue
        except av.error.FFmpegError as exc:
            raise _unreadable(path, _reason(exc)) from exc
        frame.pts = None  # PyAV's resampler checks timestamps; recorders get them wrong
        yield frame


def _to_float(samples: np.ndarray) -> np.ndarray:
    return samples.astype(np.float32) / 32768.0
