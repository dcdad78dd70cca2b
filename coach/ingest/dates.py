"""Dates and date ranges as CVs write them: "Mar 2019 – Present", "2015–2019", "03/2019".

Pure functions, no clock: whoever needs "today" passes it in.

Recognised date tokens (case-insensitive):
- month name and year: "Jan 2015", "January 2015", "Sept. 2012", "Mar, 2019";
- numeric month and year: "03/2019", "3.2019", "2019-03", "2019/03", "2019-03-01";
- a year alone: "2019".
Range separators: hyphen, en dash, em dash (spaced or not), "to", "until", "till", "through".
Open ends: "Present", "Current", "Currently", "Now", "Today", "Ongoing", "to date", "since 2019",
and a trailing dash with nothing after it ("2019 –").
Not recognised: two-digit years ("Jan '19"), seasons ("Summer 2019"), quarters ("Q3 2019"),
non-English month names.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH_NAME = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_YEAR = r"(?:19|20)\d{2}"
DATE_PATTERN = (
    r"(?:"
    rf"(?<![A-Za-z])(?:{_MONTH_NAME})\.?,?\s*{_YEAR}"
    rf"|(?<!\d)(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|(?<!\d){_YEAR}[-/](?:0[1-9]|1[0-2])(?:-[0-3]\d)?"
    rf"|(?<!\d){_YEAR}"
    r")(?!\d)"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date)\b"
_SEPARATOR = r"\s*(?:[-–—‒―]+|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"

_RANGE_RE = re.compile(
    rf"(?P<start>{DATE_PATTERN}){_SEPARATOR}(?P<end>{DATE_PATTERN}|{_PRESENT})", re.IGNORECASE
)
_SINCE_RE = re.compile(rf"\bsince\s+(?P<start>{DATE_PATTERN})", re.IGNORECASE)
_OPEN_RE = re.compile(rf"(?P<start>{DATE_PATTERN})\s*[-–—]\s*(?=\)|\]|$)", re.IGNORECASE)
_SINGLE_RE = re.compile(rf"(?P<start>{DATE_PATTERN})", re.IGNORECASE)
_PRESENT_RE = re.compile(_PRESENT, re.IGNORECASE)


@dataclass(frozen=True)
class YearMonth:
    """A CV date: a year, and a month when the CV gives one (1-12)."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class DateRange:
    """A date range found in a line; `span` is where it sits in that line."""

    start: YearMonth
    end: YearMonth | None
    current: bool
    span: tuple[int, int]
    single: bool = False  # a lone date ("2019"): start == end


def parse_date(token: str) -> YearMonth | None:
    """One date token ("Sept. 2012", "03/2019", "2019-03", "2019") as a YearMonth."""
    text = token.strip().lower()
    if match := re.fullmatch(r"([a-z]+)\.?,?\s*(\d{4})", text):
        month = _MONTHS.get(match.group(1)[:3])
        return YearMonth(int(match.group(2)), month) if month else None
    if match := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", text):
        return YearMonth(int(match.group(2)), int(match.group(1)))
    if match := re.fullmatch(r"(\d{4})[-/](\d{2})(?:-\d{2})?", text):
        return YearMonth(int(match.group(1)), int(match.group(2)))
    if re.fullmatch(r"\d{4}", text):
        return YearMonth(int(text))
    return None


def find_date_range(text: str) -> DateRange | None:
    """The date range of a role header line, or None.

    Prefers a full range (the last one in the line), then "since X", then an open "X –",
    then a lone date (the last one), which counts as start == end.
    """
    ranges = list(_RANGE_RE.finditer(text))
    if ranges:
        match = ranges[-1]
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        if start is not None:
            if _PRESENT_RE.fullmatch(end_text.strip()):
                return DateRange(start, None, True, match.span())
            return DateRange(start, parse_date(end_text), False, match.span())
    for pattern in (_SINCE_RE, _OPEN_RE):
        if (match := pattern.search(text)) and (start := parse_date(match.group("start"))):
            return DateRange(start, None, True, match.span())
    singles = list(_SINGLE_RE.finditer(text))
    if singles and (start := parse_date(singles[-1].group("start"))):
        return DateRange(start, start, False, singles[-1].span(), single=True)
    return None


def sort_key(value: YearMonth, *, as_end: bool = False) -> tuple[int, int]:
    """A comparable key; a missing month counts as January for starts, December for ends."""
    return (value.year, value.month or (12 if as_end else 1))
