"""What a number measures: its dimension, canonical unit and scale.

Values are stored in one canonical unit per dimension (seconds, bytes, per second) so
"2s" equals "2,000 ms" and "1.5 years" equals "18 months".
"""

from __future__ import annotations

import enum
import re
from fractions import Fraction


class Dimension(enum.Enum):
    COUNT = "count"  # a plain number, maybe of something ("15 services")
    PERCENT = "percent"
    MULTIPLIER = "multiplier"  # 2x, threefold, doubled, halved
    MONEY = "money"
    DURATION = "duration"
    DATA = "data"
    RATE = "rate"  # per second
    YEAR = "year"
    QUARTER = "quarter"  # Q1-Q4, H1-H2


# How a reason names a dimension: "“40 ms” in answer 2 is a time, not a percentage".
DIMENSION_NAMES = {
    Dimension.COUNT: "a count",
    Dimension.PERCENT: "a percentage",
    Dimension.MULTIPLIER: "a multiple",
    Dimension.MONEY: "an amount of money",
    Dimension.DURATION: "a time",
    Dimension.DATA: "a data size",
    Dimension.RATE: "a rate",
    Dimension.YEAR: "a year",
    Dimension.QUARTER: "a quarter or half",
}

SECOND = Fraction(1)
_MINUTE = 60 * SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_WEEK = 7 * _DAY
_YEAR = Fraction(36525, 100) * _DAY
_MONTH = _YEAR / 12  # so "18 months" equals "1.5 years"

# (pattern, seconds). Single letters ("s", "h", "d") only count glued to the number
# ("2s", "36h"), so "2 s" in prose or "8 d" are not read as units.
_TIME_WORDS: tuple[tuple[str, Fraction], ...] = (
    (r"nanoseconds?|ns", Fraction(1, 10**9)),
    (r"microseconds?|µs|μs", Fraction(1, 10**6)),
    (r"milliseconds?|millis|msecs?|ms", Fraction(1, 1000)),
    (r"seconds?|secs?|s", SECOND),  # "1.2 s": a lone "s" after a number is seconds
    (r"minutes?|mins?", _MINUTE),
    (r"hours?|hrs?", _HOUR),
    (r"days?", _DAY),
    (r"weeks?|wks?", _WEEK),
    (r"months?", _MONTH),
    (r"years?|yrs?", _YEAR),
    (r"quarters?", _YEAR / 4),
)
_TIME_GLUED: tuple[tuple[str, Fraction], ...] = (
    ("us", Fraction(1, 10**6)),
    ("s", SECOND),
    ("m", _MINUTE),  # only reached when "m" is not read as million: see numbers.py
    ("h", _HOUR),
    ("d", _DAY),
    ("w", _WEEK),
    ("mo", _MONTH),
    ("y", _YEAR),
)
_DATA_WORDS: tuple[tuple[str, Fraction], ...] = (
    (r"kib", Fraction(2**10)),
    (r"mib", Fraction(2**20)),
    (r"gib", Fraction(2**30)),
    (r"tib", Fraction(2**40)),
    (r"pib", Fraction(2**50)),
    (r"kb|kilobytes?", Fraction(10**3)),
    (r"mb|megabytes?", Fraction(10**6)),
    (r"gb|gigabytes?", Fraction(10**9)),
    (r"tb|terabytes?", Fraction(10**12)),
    (r"pb|petabytes?", Fraction(10**15)),
    (r"eb|exabytes?", Fraction(10**18)),
    (r"bytes?", Fraction(1)),
)
# Rates written as one unit; the counted thing goes into the nouns.
_RATE_WORDS: tuple[tuple[str, Fraction, str], ...] = (
    (r"rps|qps|req/s|reqs/s|requests/s(?:ec)?", SECOND, "request"),
    (r"tps", SECOND, "transaction"),
    (r"/s|/sec|/second", SECOND, ""),
    (r"/min|/minute", _MINUTE, ""),
    (r"/h|/hr|/hour", _HOUR, ""),
    (r"/day", _DAY, ""),
    (r"/week|/wk", _WEEK, ""),
    (r"/month", _MONTH, ""),
)
RATE_PERIODS = {
    "second": SECOND,
    "sec": SECOND,
    "minute": _MINUTE,
    "min": _MINUTE,
    "hour": _HOUR,
    "day": _DAY,
    "week": _WEEK,
    "month": _MONTH,
    "quarter": _YEAR / 4,
    "year": _YEAR,
}

CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS = {
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "bucks": "USD",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "jpy": "JPY",
    "yen": "JPY",
}

SCALE_LETTERS = {"k": 10**3, "m": 10**6, "mm": 10**6, "b": 10**9, "bn": 10**9}
SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _compile(
    table: tuple[tuple[str, Fraction], ...],
) -> tuple[tuple[re.Pattern[str], Fraction], ...]:
    return tuple((re.compile(rf"(?:{pattern})(?![a-z0-9])"), factor) for pattern, factor in table)


TIME_WORDS = _compile(_TIME_WORDS)
TIME_GLUED = tuple((re.compile(rf"{unit}(?![a-z0-9])"), factor) for unit, factor in _TIME_GLUED)
DATA_WORDS = _compile(_DATA_WORDS)
RATE_WORDS = tuple(
    (re.compile(rf"(?:{pattern})(?![a-z0-9])"), factor, noun)
    for pattern, factor, noun in _RATE_WORDS
)
