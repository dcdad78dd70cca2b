"""Reading quantities: value in a canonical unit, qualifier, what is counted."""

from __future__ import annotations

from fractions import Fraction

import pytest

from coach.provenance.numbers import Qualifier, scan
from coach.provenance.units import Dimension

D = Dimension
Q = Qualifier

READINGS = [
    ("10K users", D.COUNT, 10_000, 10_000, Q.EXACT, {"user"}),
    ("10,000 users", D.COUNT, 10_000, 10_000, Q.EXACT, {"user"}),
    ("ten thousand users", D.COUNT, 10_000, 10_000, Q.EXACT, {"user"}),
    ("$1.2M", D.MONEY, 1_200_000, 1_200_000, Q.EXACT, set()),
    ("1.2 million dollars", D.MONEY, 1_200_000, 1_200_000, Q.EXACT, set()),
    ("$1,200,000", D.MONEY, 1_200_000, 1_200_000, Q.EXACT, set()),
    ("€300k", D.MONEY, 300_000, 300_000, Q.EXACT, set()),
    ("40 percent", D.PERCENT, 40, 40, Q.EXACT, set()),
    ("~40%", D.PERCENT, 40, 40, Q.APPROX, set()),
    ("over 10K", D.COUNT, 10_000, 10_000, Q.OVER, set()),
    ("10K+ users", D.COUNT, 10_000, 10_000, Q.OVER, {"user"}),
    ("at least 5 regions", D.COUNT, 5, 5, Q.AT_LEAST, {"region"}),
    ("up to 3x", D.MULTIPLIER, 3, 3, Q.AT_MOST, set()),
    ("sub-200ms", D.DURATION, Fraction(1, 5), Fraction(1, 5), Q.UNDER, set()),
    ("nearly 2 hours", D.DURATION, 7200, 7200, Q.NEARLY, set()),
    ("3-fold", D.MULTIPLIER, 3, 3, Q.EXACT, set()),
    ("threefold", D.MULTIPLIER, 3, 3, Q.EXACT, set()),
    ("a dozen engineers", D.COUNT, 12, 12, Q.EXACT, {"engineer"}),
    ("half a dozen teams", D.COUNT, 6, 6, Q.EXACT, {"team"}),
    ("forty-two services", D.COUNT, 42, 42, Q.EXACT, {"service"}),
    ("3–5 teams", D.COUNT, 3, 5, Q.EXACT, {"team"}),
    ("between 3 and 5 teams", D.COUNT, 3, 5, Q.EXACT, {"team"}),
    ("$1–2M", D.MONEY, 1_000_000, 2_000_000, Q.EXACT, set()),
    (
        "18 months",
        D.DURATION,
        Fraction(36525 * 86400 * 3, 200),
        Fraction(36525 * 86400 * 3, 200),
        Q.EXACT,
        set(),
    ),
    ("40 TB", D.DATA, 40 * 10**12, 40 * 10**12, Q.EXACT, set()),
    ("10K rps", D.RATE, 10_000, 10_000, Q.EXACT, {"request"}),
    ("86,400 jobs a day", D.RATE, 1, 1, Q.EXACT, {"job"}),
    ("four nines", D.PERCENT, Fraction(9999, 100), Fraction(9999, 100), Q.EXACT, set()),
    ("3 points", D.PERCENT, 3, 3, Q.EXACT, set()),
]


@pytest.mark.parametrize("reading", READINGS, ids=[reading[0] for reading in READINGS])
def test_reads_value_unit_and_qualifier(reading: tuple) -> None:
    text, dimension, low, high, qualifier, nouns = reading
    found = scan(text).quantities
    assert len(found) == 1, found
    quantity = found[0]
    assert (quantity.dimension, quantity.low, quantity.high) == (dimension, low, high)
    assert quantity.qualifier is qualifier
    assert set(quantity.nouns) == nouns


def test_two_units_of_time_compare_by_value() -> None:
    two_s, half_s = scan("cut p99 from 2s to 500ms").quantities
    assert two_s.low == 4 * half_s.low


def test_before_after_pairs_share_a_unit() -> None:
    result = scan("MTTR went from 45 to 10 minutes")
    (change,) = result.changes
    assert (change.before.low, change.after.low) == (45 * 60, 10 * 60)


def test_years_and_quarters_keep_their_labels() -> None:
    labels = [q.label for q in scan("Shipped in Q3 2021, after the 2019 reorg").quantities]
    assert labels == ["q3", "2021", "2019"]


def test_year_ranges_are_two_years_not_a_range() -> None:
    years = scan("Acme, 2019–2021").quantities
    assert [(q.dimension, q.label) for q in years] == [(D.YEAR, "2019"), (D.YEAR, "2021")]
