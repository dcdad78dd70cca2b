"""How an answer was spoken, from its word timings: pace, fillers, long pauses, length.

Speaking time runs from the first word's start to the last word's end, so silence
before and after the answer does not lower the pace.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from coach.delivery.fillers import find_fillers
from coach.delivery.records import Delivery, FillerHit, Pause
from coach.protocols import TranscriptWord

# A gap between two words longer than this is a pause worth showing: long enough to
# be heard as a stop, longer than the breath between sentences.
PAUSE_SECONDS = 1.5
# The story cuts a senior answer should fit (DOMAIN.md): 45 s, 90 s, 3 min.
CUTS: tuple[tuple[float, str], ...] = ((45.0, "45 s"), (90.0, "90 s"), (180.0, "3 min"))
OVER_CUTS = "over 3 min"


def cut_for(seconds: float) -> str:
    """The shortest cut the answer fits in."""
    for limit, name in CUTS:
        if seconds <= limit:
            return name
    return OVER_CUTS


def _spoken(words: Sequence[TranscriptWord]) -> list[TranscriptWord]:
    """Words with a letter or digit in them: a lone "-" or "..." is not a word."""
    ordered = sorted(words, key=lambda w: (w.start, w.end))
    return [w for w in ordered if any(ch.isalnum() for ch in w.text)]


def pauses(words: Sequence[TranscriptWord]) -> tuple[Pause, ...]:
    found = []
    for before, after in itertools.pairwise(words):
        gap = after.start - before.end
        if gap > PAUSE_SECONDS:
            found.append(Pause(start=before.end, seconds=round(gap, 2)))
    return tuple(found)


def measure(words: Sequence[TranscriptWord]) -> Delivery:
    spoken = _spoken(words)
    if not spoken:
        return Delivery(0.0, 0, 0.0, (), (), cut_for(0.0))
    seconds = max(0.0, max(w.end for w in spoken) - spoken[0].start)
    wpm = len(spoken) / (seconds / 60) if seconds > 0 else 0.0
    return Delivery(
        seconds=round(seconds, 2),
        words=len(spoken),
        wpm=round(wpm, 1),
        fillers=tuple(FillerHit(m.filler, m.start) for m in find_fillers(spoken)),
        pauses=pauses(spoken),
        cut=cut_for(seconds),
    )
