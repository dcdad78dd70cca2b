"""Numbers written in words: "three", "forty-two", "a dozen", "ten thousand", "a million".

"one" on its own is left out on purpose: it is nearly always a pronoun or an article
("one of the", "no one", "one place") rather than a count anyone would inflate. It still
counts inside a bigger number ("one hundred", "twenty-one").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}
_SMALL = {**UNITS, **TEENS, **TENS}
_ALL = (*_SMALL, "hundred", *SCALES, "dozen")
_TOKEN = re.compile(r"\b(?:" + "|".join(sorted(_ALL, key=len, reverse=True)) + r")\b")
_JOIN = re.compile(r"\s+and\s+|\s*-\s*|\s+")
_A = re.compile(r"\b(?:half\s+a|an?)\s+$")


@dataclass(frozen=True)
class SpelledNumber:
    start: int
    end: int
    value: Fraction
    precision: Fraction  # place value of the last word group: "ten thousand" -> 1,000


def find_spelled(norm: str) -> list[SpelledNumber]:
    found: list[SpelledNumber] = []
    pos = 0
    while True:
        first = _TOKEN.search(norm, pos)
        if first is None:
            return found
        run = [first]
        while True:
            gap = _JOIN.match(norm, run[-1].end())
            if gap is None:
                break
            nxt = _TOKEN.match(norm, gap.end())
            if nxt is None or not _follows(run[-1].group(), nxt.group(), gap.group()):
                break
            run.append(nxt)
        pos = run[-1].end()
        number = _value([m.group() for m in run], norm[: first.start()])
        if number is None:
            continue
        value, precision, prefix = number
        found.append(SpelledNumber(first.start() - prefix, run[-1].end(), value, precision))


def _follows(prev: str, nxt: str, gap: str) -> bool:
    """Whether `nxt` continues the number that ends in `prev` ("forty"+"two", not "two"+"three")."""
    if "and" in gap and prev not in ("hundred", *SCALES):
        return False
    if nxt == "dozen":
        return False  # "two dozen" is read word by word below; keep runs simple
    if nxt == "hundred":
        return prev in _SMALL
    if nxt in SCALES:
        return prev in _SMALL or prev == "hundred"
    if prev in TENS:
        return nxt in UNITS and nxt != "zero"
    return prev in ("hundred", *SCALES) and nxt in _SMALL


def _value(tokens: list[str], before: str) -> tuple[Fraction, Fraction, int] | None:
    lead = _A.search(before)
    if tokens == ["dozen"]:
        if lead is None:
            return None  # "dozen" alone is not a number; "a dozen", "half a dozen" are
        six = lead.group().startswith("half")
        return Fraction(6 if six else 12), Fraction(1), len(lead.group())
    if tokens == ["one"]:
        return None
    if tokens[0] in ("hundred", *SCALES):
        if lead is None or lead.group().startswith("half"):
            return None
        tokens = ["one", *tokens]  # "a thousand" = "one thousand"
        prefix = len(lead.group())
    else:
        prefix = 0
    total, current, precision = 0, 0, 1
    for token in tokens:
        if token in _SMALL:
            current += _SMALL[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * SCALES[token]
            current, precision = 0, SCALES[token]
    if current:
        precision = 1
    return Fraction(total + current), Fraction(precision), prefix
