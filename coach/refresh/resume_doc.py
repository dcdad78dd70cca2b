"""A refreshed résumé as plain data, ready for export (Markdown, DOCX, PDF).

The layout is fixed on purpose, because screening systems read simple résumés best: one
column, standard headings, recent roles in full, older ones as one line each under
"Earlier experience" (see DOMAIN.md, "Résumé refresh").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# English abbreviations on purpose: calendar.month_abbr follows the machine's locale, and
# the résumé should not change language with it.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Characters XML (so DOCX) cannot hold and no font draws.
_NONCHARACTERS = frozenset("\ufffe\uffff")


@dataclass(frozen=True)
class ResumeRole:
    title: str
    company: str
    location: str
    dates: str  # already formatted, e.g. "Mar 2019 – present"
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class ResumeSection:
    """Any other section kept from the CV as plain lines (Skills, Education, ...)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ResumeDocument:
    name: str
    contact: str  # one line, may be empty
    summary: str  # may be empty
    roles: tuple[ResumeRole, ...]  # full detail, most recent first
    earlier: tuple[str, ...]  # one line per condensed older role, under "Earlier experience"
    sections: tuple[ResumeSection, ...] = ()


YearMonth = tuple[int, int | None]


def format_dates(start: YearMonth | None, end: YearMonth | None, current: bool) -> str:
    """ "Mar 2019 – present", "2015 – Jun 2018", a single date, or "" when nothing is known.

    A month outside 1-12 is treated as unknown (the year alone is shown): these come from
    parsed CVs, and a slightly vaguer date beats a failed export.
    """
    first = _point(start) if start is not None else ""
    last = "present" if current else (_point(end) if end is not None else "")
    if not first:
        # "present" alone says nothing about when the role began.
        return "" if current else last
    if not last or last == first:
        return first
    return f"{first} – {last}"


def _point(value: YearMonth) -> str:
    year, month = value
    if month is not None and 1 <= month <= len(_MONTHS):
        return f"{_MONTHS[month - 1]} {year}"
    return str(year)


def one_line(role: ResumeRole) -> str:
    """ "Senior Engineer, Acme Corp (2008 – 2012)", for the Earlier experience list."""
    head = ", ".join(part for part in (tidy(role.title), tidy(role.company)) if part)
    dates = tidy(role.dates)
    if head and dates:
        return f"{head} ({dates})"
    return head or dates


def role_line(role: ResumeRole) -> tuple[str, str]:
    """The role's header as (emphasised part, details): ("Title — Company", "Berlin | 2019").

    Strong separators keep a comma inside a location ("Berlin, Germany") from being read as
    a new part by screening systems (and by our own CV reader).
    """
    head = " — ".join(part for part in (tidy(role.title), tidy(role.company)) if part)
    details = " | ".join(part for part in (tidy(role.location), tidy(role.dates)) if part)
    return head, details


def tidy(text: str) -> str:
    """One line of text: whitespace runs (newlines too) collapsed, control characters dropped.

    Every exporter uses it, so the three formats agree and none of them chokes on a stray
    form feed or NUL pasted from a PDF.
    """
    kept = "".join(" " if _is_junk(ch) else ch for ch in text)
    return " ".join(kept.split())


def _is_junk(ch: str) -> bool:
    return ch in _NONCHARACTERS or unicodedata.category(ch) in {"Cc", "Cs"}
