"""Which way a change went: "cut latency 40%" is down, "grew revenue 40%" is up.

Only percentages and multiples carry a direction; a draft that turns the candidate's
"40% increase" into a "40% reduction" is not supported. Neutral words ("faster",
"improved") give no direction, and no direction is compatible with either.
"""

from __future__ import annotations

import enum

from coach.provenance.text import clause_of, word_set, words


class Direction(enum.Enum):
    UP = "up"
    DOWN = "down"


DOWN_WORDS = word_set(
    """reduce reduced reduces reducing reduction reductions cut cuts cutting lower lowered
    lowering less fewer decrease decreased decreases decreasing drop dropped dropping drops
    down shrank shrunk shrink shrinking fell fall falling declined decline declining trimmed
    trim slashed slash saved save saving savings eliminated smaller shorter halved"""
)
UP_WORDS = word_set(
    """increase increased increases increasing grew grow grows growing growth raise raised
    raising boost boosted boosting more higher up rose rise rising expanded expand gain
    gained gains larger bigger doubled tripled quadrupled"""
)
_AFTER = 2  # "40% fewer pages", "a 40% drop in errors"
_BEFORE = 6  # "reduced p99 checkout latency by 40%"


def word_direction(word: str) -> Direction | None:
    if word in DOWN_WORDS:
        return Direction.DOWN
    if word in UP_WORDS:
        return Direction.UP
    return None


def direction_at(norm: str, start: int, end: int) -> Direction | None:
    """The direction words around a number, inside its clause; nearest words win."""
    clause_start, clause_end = clause_of(norm, start, end)
    for word in words(norm, end, clause_end)[:_AFTER]:
        found = word_direction(word.text)
        if found:
            return found
    for word in reversed(words(norm, clause_start, start)[-_BEFORE:]):
        found = word_direction(word.text)
        if found:
            return found
    return None


def compatible(a: Direction | None, b: Direction | None) -> bool:
    return a is None or b is None or a == b


def describe(direction: Direction) -> str:
    return "an increase" if direction is Direction.UP else "a reduction"
