"""When one stated number backs another: intervals, rounding and qualifiers.

Each quantity becomes an interval. On the source side it is what the candidate asserted
("about 40%" is 39-41%, "over 10K" is anything above 10,000). On the draft side it is
what the drafted words allow, with honest rounding at the precision they are written in:
"10K" allows (9,500, 10,500], "40%" allows (39.5, 40.5], "10,000" allows only 10,000.
A source backs a draft when everything the source allows is inside what the draft
allows: "over 10K" is not backed by "9,500", nor by "10,000" (not *over*).

Rounding is half-down on purpose: 9,500 is not "10K". A value exactly half-way is
better written as it is, and rounding it up is the inflation this check exists to catch.
Multiples may be rounded down freely (2.8x written as "2x" understates) but up by at
most 0.05 ("multipliers to one decimal"). Percentages allow ±1 point only with an
approximation word ("about 40%" vs "39%"); other hedged values allow ±5%.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from coach.provenance.numbers import Qualifier, Quantity
from coach.provenance.units import Dimension

_HEDGE = Fraction(5, 100)  # "about 10K" covers 9,500-10,500
_HEDGE_POINTS = Fraction(1)  # "about 40%" covers 39-41%
_MULTIPLE_UP = Fraction(5, 100)  # "4x" may stand for 3.95x, not 3.9x


@dataclass(frozen=True)
class Interval:
    low: Fraction | None  # None: unbounded
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, other: Interval) -> bool:
        if self.low is not None:
            if other.low is None or other.low < self.low:
                return False
            if other.low == self.low and self.low_open and not other.low_open:
                return False
        if self.high is not None:
            if other.high is None or other.high > self.high:
                return False
            if other.high == self.high and self.high_open and not other.high_open:
                return False
        return True

    def contains_point(self, value: Fraction) -> bool:
        return self.contains(Interval(value, value))


def _widened(quantity: Quantity) -> Interval:
    if quantity.dimension is Dimension.PERCENT:
        return Interval(quantity.low - _HEDGE_POINTS, quantity.high + _HEDGE_POINTS)
    return Interval(quantity.low * (1 - _HEDGE), quantity.high * (1 + _HEDGE))


def _rounding(quantity: Quantity) -> Interval:
    low, high, step = quantity.low, quantity.high, quantity.precision
    if quantity.dimension in (Dimension.YEAR, Dimension.QUARTER):
        return Interval(low, high)
    if quantity.dimension is Dimension.MULTIPLIER:
        return Interval(low - _MULTIPLE_UP, high + step, high_open=True)
    return Interval(low - step / 2, high + step / 2, low_open=True)


def _lower(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None else min(a, b)


def _upper(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None else max(a, b)


def _one_sided(quantity: Quantity) -> Interval | None:
    """ "over 10K", "at least 5", "under 200 ms", "up to 3x" mean the same on both sides."""
    low, high = quantity.low, quantity.high
    return {
        Qualifier.OVER: Interval(low, None, low_open=True),
        Qualifier.AT_LEAST: Interval(low, None),
        Qualifier.UNDER: Interval(Fraction(0), high, high_open=True),
        Qualifier.AT_MOST: Interval(Fraction(0), high),
    }.get(quantity.qualifier)


def asserted(quantity: Quantity) -> Interval:
    """What a source sentence commits the candidate to."""
    if (bound := _one_sided(quantity)) is not None:
        return bound
    if quantity.qualifier is Qualifier.APPROX:
        return _widened(quantity)
    if quantity.qualifier is Qualifier.NEARLY:
        return Interval(_widened(quantity).low, quantity.high)
    return Interval(quantity.low, quantity.high)


def allowed(quantity: Quantity) -> Interval:
    """What a drafted number may honestly stand for."""
    if (bound := _one_sided(quantity)) is not None:
        return bound
    rounding = _rounding(quantity)
    wide = _widened(quantity)
    if quantity.qualifier is Qualifier.APPROX:
        return Interval(_lower(wide.low, rounding.low), _upper(wide.high, rounding.high))
    if quantity.qualifier is Qualifier.NEARLY:
        return Interval(_lower(wide.low, rounding.low), quantity.high)
    return rounding


def value_backs(draft: Quantity, source: Quantity) -> bool:
    """Whether the source's number, as stated, backs the drafted number (units aside)."""
    draft_allows = allowed(draft)
    if draft_allows.contains(asserted(source)):
        return True
    # Dropping the candidate's own "about" keeps their figure: "about 10" backs "10".
    dropped_about = source.qualifier is Qualifier.APPROX and draft.qualifier is Qualifier.EXACT
    if dropped_about and draft_allows.contains(Interval(source.low, source.high)):
        return True
    # Understating is honest: "over 10,000 users" backs a plain "10K users".
    point_claim = draft.qualifier in (Qualifier.EXACT, Qualifier.APPROX, Qualifier.NEARLY)
    floor_only = source.qualifier in (Qualifier.OVER, Qualifier.AT_LEAST) and not source.vague
    return point_claim and floor_only and draft_allows.contains_point(source.low)


def distance(draft: Quantity, source: Quantity) -> Fraction:
    """How far apart two values are, relative to the drafted one (for "you said 38%")."""
    scale = abs(draft.low) or Fraction(1)
    return abs(source.low - draft.low) / scale
