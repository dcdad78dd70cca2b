"""A dictated answer as plain data: what was said, where the audio is, how it was spoken."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.protocols import TranscriptWord


@dataclass(frozen=True)
class FillerHit:
    text: str  # "um", "you know", ... as said
    start: float  # seconds into the audio


@dataclass(frozen=True)
class Pause:
    start: float  # seconds into the audio, where the silence begins
    seconds: float


@dataclass(frozen=True)
class Delivery:
    """How an answer was spoken (DOMAIN.md: about 130 to 160 words a minute is easy to
    follow; a little over 1 filler a minute reads fluent, around 5 reads hesitant)."""

    seconds: float  # speaking time, first word to last
    words: int
    wpm: float
    fillers: tuple[FillerHit, ...]
    pauses: tuple[Pause, ...]  # silences longer than the pause threshold
    cut: str  # the shortest of the 45 s / 90 s / 3 min cuts it fits, or "over 3 min"

    @property
    def filler_count(self) -> int:
        return len(self.fillers)

    @property
    def fillers_per_min(self) -> float:
        return self.filler_count / (self.seconds / 60) if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Dictation:
    text: str  # the transcript, as the answer box receives it
    audio_path: Path  # kept in the data folder, with the answer
    words: tuple[TranscriptWord, ...]
    delivery: Delivery


@dataclass(frozen=True)
class DeliveryRecord:
    """One dictated answer's delivery, kept to show progress over time."""

    id: int
    created_at: str
    context: str  # "refresh", "drill", "story" or "cli"
    delivery: Delivery
