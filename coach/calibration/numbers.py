"""How résumés and answers write numbers: "40%", "10K", "1.5 million", "three", "a dozen".

Regex fragments to build the signal tables from, and `parse_count` to turn a matched count
into a number. Digits and English number words only.
"""

from __future__ import annotations

import re

from coach.provenance.spelled import TEENS, TENS, UNITS

# Exact number words come from provenance's table ("zero" and the misspelling "fourty"
# left out: neither is a count anyone writes of teams or time); the rest are the vague
# counts only signals care about.
_WORD_VALUES: dict[str, float] = {
    **{word: value for word, value in {**UNITS, **TEENS, **TENS}.items()
       if word not in ("zero", "fourty")},
    "a dozen": 12,
    "a hundred": 100,
    "a thousand": 1000,
    "a couple of": 2,
    "a pair of": 2,
    "a handful of": 4,
    "dozens of": 24,
    "hundreds of": 200,
    "thousands of": 2000,
    "millions of": 2_000_000,
    # Only in durations: "over a year", "half a quarter".
    "a": 1,
    "an": 1,
    "half a": 0.5,
    "half an": 0.5,
    "a few": 3,
}
_WORDS_LONGEST_FIRST = sorted(_WORD_VALUES.items(), key=lambda kv: -len(kv[0]))
_MAGNITUDES = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000,
               "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
               "billion": 1_000_000_000, "hundred": 100}

# A number in digits: "40", "1,200", "3.5". Not part of a word or a version ("S3", "v2.1").
# "Sev-1" and "sev 2" are severities, not counts.
# (The tables compile case-insensitively, so "SEV-1" is covered too.)
_NOT_AFTER = r"(?<![\w.])(?<!sev-)(?<!sev )"
DIGITS = rf"{_NOT_AFTER}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\w,])|{_NOT_AFTER}\d+(?:\.\d+)?"
MAGNITUDE = r"(?:\s?(?:k|thousand|mm|m|million|bn|b|billion)\b)"
# Word numbers from two up: "one service" is rarely a measured result.
WORD_NUMBER = (
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b"
)
VAGUE_MANY = r"\b(?:a dozen|a hundred|a thousand|dozens of|hundreds of|thousands of|millions of)"
# A count as a phrase: digits with an optional "K"/"million", a word number, "dozens of".
COUNT = rf"(?:(?:{DIGITS}){MAGNITUDE}?\+?|{WORD_NUMBER}|{VAGUE_MANY})"
# Durations and horizons also say "one", "a", "an", "half a": "over a year", "one quarter".
SMALL = rf"(?:{DIGITS}|{WORD_NUMBER}|\bone\b|\ban?\b|\bhalf an?\b|\ba couple of\b|\ba few\b)"

_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MAGNITUDE_RE = re.compile(r"(k|thousand|mm|m|million|bn|b|billion)\b", re.IGNORECASE)


def parse_count(text: str) -> float | None:
    """The value of a count phrase as the tables match it; None when it holds no number.

    "10K" -> 10000, "1.5 million" -> 1500000, "three" -> 3, "twenty-five" -> 25,
    "dozens of" -> 24 (a deliberately low reading of a vague plural), "a few" -> 3.
    """
    lowered = " ".join(text.lower().replace("-", " ").split())
    digits = _DIGITS_RE.search(lowered)
    if digits:
        value = float(digits.group().replace(",", ""))
        rest = lowered[digits.end():].lstrip()
        magnitude = _MAGNITUDE_RE.match(rest)
        return value * _MAGNITUDES[magnitude.group(1)] if magnitude else value
    for phrase, value in _WORDS_LONGEST_FIRST:
        if lowered == phrase or lowered.startswith(phrase + " "):
            words = lowered[len(phrase):].split()
            if words and value >= 20 and value % 10 == 0 and words[0] in _WORD_VALUES:
                return float(value + _WORD_VALUES[words[0]])  # "twenty five"
            return float(value)
    return None


_SPOKEN = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
           9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 1: "one"}


def spoken(number: float) -> str:
    """1..12 as words (how the summaries read), anything else as digits."""
    whole = int(number)
    if whole == number and whole in _SPOKEN:
        return _SPOKEN[whole]
    return f"{number:g}"


def article(word: str) -> str:
    """'a' or 'an' before a number said aloud: "an 18-month", "an eight-week", "a two-year"."""
    first = word.split("-", maxsplit=1)[0]
    if first.isdigit():
        return "an" if first.startswith("8") or first in {"11", "18"} else "a"
    return "an" if first[:1] in "aeiou" else "a"
