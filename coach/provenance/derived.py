"""Numbers that follow from a before/after pair the candidate gave.

"cut p99 from 800 ms to 200 ms" backs "75% faster", "75% reduction" and "4x"; "spend
went from $1.2M to $800K" backs "saved $400K". Percentages may be off by one point of
rounding, multiples are read to one decimal (see bounds.py), and the direction must fit:
800 → 200 is not a "75% increase".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from coach.provenance.bounds import value_backs
from coach.provenance.direction import Direction, compatible
from coach.provenance.numbers import Change, Qualifier, Quantity
from coach.provenance.units import Dimension

_POINT_SLACK = Fraction(1)  # "±1 percentage point"
_SPEED_WORDS = re.compile(r"(?<![a-z])(?:faster|quicker|speed-?up|speedier)(?![a-z])")


@dataclass(frozen=True)
class Derivation:
    change: Change
    dimension: Dimension
    value: Fraction
    direction: Direction
    speed_only: bool = False  # a speed-up percentage: only for "N% faster"
    points: bool = False  # a difference in percentage points: 99.5% -> 99.95% is 0.45 points


def derivations(change: Change) -> list[Derivation]:
    before, after = change.before.low, change.after.low
    if before == after or before <= 0 or after < 0:
        return []
    direction = Direction.DOWN if after < before else Direction.UP
    out = [Derivation(change, Dimension.PERCENT, abs(after - before) / before * 100, direction)]
    if after > 0:
        out.append(
            Derivation(
                change, Dimension.MULTIPLIER, max(before, after) / min(before, after), direction
            )
        )
        if direction is Direction.DOWN and change.before.dimension is Dimension.DURATION:
            # 800 ms -> 200 ms is "300% faster" to some writers: allowed only with "faster"
            out.append(
                Derivation(change, Dimension.PERCENT, (before / after - 1) * 100, direction, True)
            )
    if change.before.dimension is Dimension.MONEY:
        out.append(Derivation(change, Dimension.MONEY, abs(after - before), direction))
    if change.before.dimension is Dimension.PERCENT:
        out.append(
            Derivation(change, Dimension.PERCENT, abs(after - before), direction, points=True)
        )
    return out


def derivation_backs(draft: Quantity, derivation: Derivation, draft_clause: str) -> bool:
    if draft.dimension is not derivation.dimension:
        return False
    if not compatible(draft.direction, derivation.direction):
        return False
    if derivation.speed_only and not _SPEED_WORDS.search(draft_clause):
        return False
    if draft.dimension is Dimension.MONEY and draft.unit != derivation.change.before.unit:
        return False
    stated = replace(
        draft,
        low=derivation.value,
        high=derivation.value,
        qualifier=Qualifier.EXACT,
        vague=False,
    )
    if value_backs(draft, stated):
        return True
    point_claim = draft.qualifier in (Qualifier.EXACT, Qualifier.APPROX)
    return (
        draft.dimension is Dimension.PERCENT
        and point_claim
        and abs(draft.low - derivation.value) <= _POINT_SLACK
    )


def describe(derivation: Derivation) -> str:
    """ "a 75% reduction", "4x lower", "a $400K saving"."""
    value = derivation.value
    down = derivation.direction is Direction.DOWN
    if derivation.points:
        return f"{format_number(value)} points {'lower' if down else 'higher'}"
    if derivation.dimension is Dimension.PERCENT:
        return f"a {format_number(value)}% {'reduction' if down else 'increase'}"
    if derivation.dimension is Dimension.MULTIPLIER:
        return f"a {format_number(value)}x {'drop' if down else 'rise'}"
    return f"a difference of {format_money(value, derivation.change.before.unit)}"


def format_number(value: Fraction) -> str:
    """At most one decimal, no trailing ".0": 75, 4, 66.7, 1,200."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def format_money(value: Fraction, currency: str) -> str:
    symbol = _SYMBOLS.get(currency, "")
    for size, letter in ((10**9, "B"), (10**6, "M"), (10**3, "K")):
        if value >= size:
            return f"{symbol}{format_number(value / size)}{letter}"
    return f"{symbol}{format_number(value)}"
