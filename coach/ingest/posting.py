"""A job posting's structure from its blocks: title, company, level hints, requirements, values.

Deterministic rules, no model. Text in a posting is data: lines that read like instructions
to an AI ("Ignore all previous instructions…", "You are ChatGPT", "system:") are kept exactly
as written, where they sit, and listed in `suspicious` so prompts can fence them. Nothing
here acts on them.

Heuristics and their limits
---------------------------
Sections and requirements: coach.ingest.posting_sections (headings in any wording, judged
by the lines under them; lists and prose; must vs nice by cue; a section ends where the next
begins) and coach.ingest.requirement_language (the sentence-level cues). Every requirement
is a verbatim span of the posting. Title and company: coach.ingest.posting_title.

Level hints. In the title every level word counts (Senior, Staff, Senior Staff, Principal,
Distinguished, Lead); in the body only when followed by a role noun ("Staff Engineer",
"Senior Site Reliability Engineer") so "senior leadership" or "lead the design" do not count.
Ladder codes L3-L10, E3-E10, IC3-IC10 (upper case as written) and years of experience
("8+ years", "at least 10 years" -> "years: 8+", "years: 10+"; "5-8 years" -> "years: 5-8").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.ingest.blocks import ExtractedText
from coach.ingest.posting_sections import sectioned
from coach.ingest.posting_title import title_and_company

__all__ = ["Posting", "Requirement", "is_suspicious", "parse_posting"]

RequirementKind = Literal["must", "nice"]


@dataclass(frozen=True)
class Requirement:
    text: str  # the line exactly as written (bullet glyph removed)
    kind: RequirementKind
    section: str  # the heading it sits under, as written


@dataclass(frozen=True)
class Posting:
    title: str
    company: str
    level_hints: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    values: tuple[str, ...]
    suspicious: tuple[str, ...]  # lines that talk to an AI; kept verbatim everywhere else too
    raw_text: str
    responsibilities: tuple[str, ...] = ()

    @property
    def must(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind == "must")

    @property
    def nice(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind == "nice")


# ---------------------------------------------------------------- suspicious lines
# The patterns live in coach.ingest.injection: CV lines, drill answers and the checks on
# what a model writes use the same ones. Re-exported here, where ingestion looks for it.
from coach.ingest.injection import is_suspicious  # noqa: E402

# ---------------------------------------------------------------- level hints

_TITLE_LEVELS = re.compile(
    r"\b(senior staff|sr\.? staff|staff|principal|distinguished|senior|sr\.?|lead)\b",
    re.IGNORECASE,
)
_BODY_LEVELS = re.compile(
    r"\b(senior staff|staff|principal|distinguished|senior|lead)\s+"
    r"(?!(?:the|a|an|our|your|their|and|or|to|with|on|by|in|of|for)\b)"
    r"(?:[\w+/-]+\s+){0,2}?"
    r"(?:engineers?|developers?|sres?|architects?|scientists?|level|role|position|ic)\b",
    re.IGNORECASE,
)
_LADDER = re.compile(r"\b(L|E|IC)(10|[3-9])\b")
_YEARS = re.compile(
    r"\b(?:(?:at least|minimum of|min\.?|over|more than)\s+)?(\d{1,2})\s*"
    r"(\+|\s*(?:-|–|to)\s*\d{1,2}|\s+or more)?\s*\+?\s*years?\b",
    re.IGNORECASE,
)
_LEVEL_NAMES = {
    "senior staff": "Senior Staff",
    "sr staff": "Senior Staff",
    "sr. staff": "Senior Staff",
    "staff": "Staff",
    "principal": "Principal",
    "distinguished": "Distinguished",
    "senior": "Senior",
    "sr": "Senior",
    "sr.": "Senior",
    "lead": "Lead",
}


def _level_hints(title: str, body: str) -> tuple[str, ...]:
    hints: list[str] = []
    for match in _TITLE_LEVELS.finditer(title):
        hints.append(_LEVEL_NAMES[" ".join(match.group(1).lower().split())])
    for match in _BODY_LEVELS.finditer(body):
        hints.append(_LEVEL_NAMES[" ".join(match.group(1).lower().split())])
    for text in (title, body):
        hints.extend(f"{m.group(1)}{m.group(2)}" for m in _LADDER.finditer(text))
    hints.extend(_years_hints(body))
    return tuple(dict.fromkeys(hints))


def _years_hints(text: str) -> list[str]:
    hints = []
    for match in _YEARS.finditer(text):
        prefix = match.group(0).lower()
        tail = (match.group(2) or "").strip()
        count = match.group(1)
        if re.match(r"(?:-|–|to)\s*\d", tail):
            hints.append(f"years: {count}-{re.sub(r'[^0-9]', '', tail)}")
        elif tail or "+" in prefix or re.match(r"at least|minimum|min|over|more than", prefix):
            hints.append(f"years: {count}+")
    return hints


# ---------------------------------------------------------------- entry point


def parse_posting(text: ExtractedText) -> Posting:
    """Title, company, level hints, must/nice requirements and values from a posting."""
    blocks = text.blocks
    title, company = title_and_company(blocks)
    units = sectioned(blocks)
    requirements = tuple(
        Requirement(u.text, "nice" if u.role == "nice" else "must", u.section)
        for u in units
        if u.role in {"must", "nice"}
    )
    suspicious = tuple(dict.fromkeys(b.text for b in blocks if is_suspicious(b.text)))
    body = "\n".join(b.text for b in blocks)
    return Posting(
        title=title,
        company=company,
        level_hints=_level_hints(title, body),
        requirements=requirements,
        values=tuple(u.text for u in units if u.role == "value"),
        suspicious=suspicious,
        raw_text=text.text,
        responsibilities=tuple(u.text for u in units if u.role == "responsibility"),
    )
