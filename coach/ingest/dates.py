"""Dates and date ranges as CVs write them: "Mar 2019 – Present", "2015–2019", "03/2019".

Pure functions, no clock: whoever needs "today" passes it in.

Recognised date tokens (case-insensitive):
- month name and year: "Jan 2015", "January 2015", "Sept. 2012", "Mar, 2019";
- numeric month and year: "03/2019", "3.2019", "2019-03", "2019/03", "2019-03-01";
- a year alone: "2019".
Range separators: hyphen, en dash, em dash (spaced or not), "to", "until", "till", "through".
Open ends: "Present", "Current", "Currently", "Now", "Today", "Ongoing", "to date", "since 2019",
and a trailing dash with nothing after it ("2019 –").
Month names in English, German, French, Spanish, Italian, Portuguese and Dutch, with
their usual abbreviations ("janv.", "März", "dic."), and those languages' words for
"present" and "since" ("heute", "aujourd'hui", "actualidad", "seit 2019", "depuis").
A two-digit end year counts in the start's century ("2019–21").
Read as the year alone, the word kept inside the date: seasons ("Summer 2019"),
quarters and halves ("Q3 2019", "H2 2020").
Not recognised: two-digit years on their own ("Jan '19").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# Month names and their usual abbreviations in the languages CVs here are written in
# (English, German, French, Spanish, Italian, Portuguese, Dutch), folded to lower case.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "jan",
        "january",
        "januar",
        "jän",
        "jänner",
        "janv",
        "janvier",
        "ene",
        "enero",
        "gen",
        "gennaio",
        "janeiro",
        "januari",
    ),
    2: (
        "feb",
        "february",
        "februar",
        "févr",
        "fevr",
        "février",
        "fevrier",
        "febrero",
        "febbraio",
        "fev",
        "fevereiro",
        "februari",
    ),
    3: ("mar", "march", "märz", "mär", "maerz", "mars", "marzo", "março", "marco", "mrt", "maart"),
    4: ("apr", "april", "avr", "avril", "abr", "abril", "aprile"),
    5: ("may", "mai", "mayo", "mag", "maggio", "maio", "mei"),
    6: ("jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho"),
    7: ("jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho"),
    8: ("aug", "august", "août", "aout", "ago", "agosto", "augustus"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "set", "settembre", "setembro"),
    10: ("oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "outubro"),
    11: ("nov", "november", "novembre", "noviembre", "novembro"),
    12: (
        "dec",
        "december",
        "dez",
        "dezember",
        "déc",
        "décembre",
        "decembre",
        "dic",
        "diciembre",
        "dicembre",
        "dezembro",
    ),
}
_MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}
_MONTH_NAME = "|".join(sorted((re.escape(w) for w in _MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
# Read as the year alone, but part of the date: "Summer 2019" leaves no "Summer" behind.
_SEASON = (
    r"spring|summer|autumn|fall|winter|sommer|herbst|frühling|frühjahr|été|hiver|printemps"
    r"|automne|verano|invierno|primavera|otoño|estate|inverno|q[1-4]|h[12]"
)
DATE_PATTERN = (
    r"(?:"
    rf"(?<![^\W\d_])(?:{_MONTH_NAME})\.?,?\s*{_YEAR}"
    rf"|(?<![^\W\d_])(?:{_SEASON})\s+{_YEAR}"
    rf"|(?<!\d)(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|(?<!\d){_YEAR}[-/](?:0[1-9]|1[0-2])(?:-[0-3]\d)?"
    rf"|(?<!\d){_YEAR}"
    r")(?!\d)"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date|heute|bis\s+heute|jetzt|aktuell"
    r"|derzeit|aujourd[’']hui|présent|actuel(?:lement)?|en\s+cours|actualidad|presente|hoy"
    r"|actual(?:mente)?|oggi|in\s+corso|atual(?:mente)?|heden|nu|huidig)(?![^\W\d_])"
)
_SEPARATOR = (
    r"\s*(?:[-–—‒―]+|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b|\bbis\b|\bau\b|\bà"
    r"|\bhasta\b|\bal\b|\baté|\btot\b)\s*"
)
_SHORT_END = r"(?<!\d)\d{2}(?![\d/.])"  # "2019–21": the end year's last two digits

_RANGE_RE = re.compile(
    rf"(?P<start>{DATE_PATTERN}){_SEPARATOR}(?P<end>{DATE_PATTERN}|{_PRESENT}|{_SHORT_END})",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(
    rf"(?<![^\W\d_])(?:since|seit|depuis|desde|dal|sinds)\s+(?P<start>{DATE_PATTERN})",
    re.IGNORECASE,
)
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
    named = re.fullmatch(r"([^\W\d_]+)\.?,?\s*(\d{4})", text)
    if named and (month := _MONTHS.get(named.group(1))):
        return YearMonth(int(named.group(2)), month)
    if match := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", text):
        return YearMonth(int(match.group(2)), int(match.group(1)))
    if match := re.fullmatch(r"(\d{4})[-/](\d{2})(?:-\d{2})?", text):
        return YearMonth(int(match.group(1)), int(match.group(2)))
    if match := re.fullmatch(rf"(?:{_SEASON})\s+(\d{{4}})", text):
        return YearMonth(int(match.group(1)))
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
            if re.fullmatch(r"\d{2}", end_text.strip()):
                short = YearMonth(start.year // 100 * 100 + int(end_text))
                if short.year >= start.year:
                    return DateRange(start, short, False, match.span())
            elif (end := parse_date(end_text)) is not None:
                return DateRange(start, end, False, match.span())
    for pattern in (_SINCE_RE, _OPEN_RE):
        if (found := pattern.search(text)) and (since := parse_date(found.group("start"))):
            return DateRange(since, None, True, found.span())
    singles = list(_SINGLE_RE.finditer(text))
    if singles and (start := parse_date(singles[-1].group("start"))):
        return DateRange(start, start, False, singles[-1].span(), single=True)
    return None


def sort_key(value: YearMonth, *, as_end: bool = False) -> tuple[int, int]:
    """A comparable key; a missing month counts as January for starts, December for ends."""
    return (value.year, value.month or (12 if as_end else 1))
