"""A job posting's structure from its blocks: title, company, level hints, requirements, values.

Deterministic rules, no model. Text in a posting is data: lines that read like instructions
to an AI ("Ignore all previous instructions…", "You are ChatGPT", "system:") are kept exactly
as written, where they sit, and listed in `suspicious` so prompts can fence them. Nothing
here acts on them.

Heuristics and their limits
---------------------------
Sections. A heading block, or a short paragraph (at most 8 words) that ends with ":" or is a
known section phrase, opens a section. Its kind comes from phrases, nice-to-have first
("Preferred qualifications" is nice, "Qualifications" is must): must (Requirements, What you'll
need, Qualifications, Must have, Minimum qualifications, About you, You have, What we're
looking for, ...), nice (Nice to have, Preferred, Bonus, Plus, Even better if, ...),
responsibilities (What you'll do, Responsibilities, The role, ...), values (Our values, How we
work, Culture, Principles, What we believe, ...), about (About us, About <Company>), benefits,
other.

Requirements. Bullets, and sentence paragraphs, under must or nice sections. Inside a must
section a line saying "nice to have", "bonus", "preferred", "a plus", "ideally" or
"desirable" is nice. Lines under responsibilities are kept apart in `responsibilities`, not
as requirements. Requirements written as prose outside any requirement heading are not found.

Level hints. In the title every level word counts (Senior, Staff, Senior Staff, Principal,
Distinguished, Lead); in the body only when followed by a role noun ("Staff Engineer",
"Senior Site Reliability Engineer") so "senior leadership" or "lead the design" do not count.
Ladder codes L3-L10, E3-E10, IC3-IC10 (upper case as written) and years of experience
("8+ years", "at least 10 years" -> "years: 8+", "years: 10+"; "5-8 years" -> "years: 5-8").

Title and company. "Title:"/"Position:"/"Role:" and "Company:" lines win. Otherwise the first
heading (or first short line) is the title; if it holds "at X", "@ X" or a separator
("Staff SRE — Acme"), the company is split off with the CV title/company cues. Otherwise the
company comes from an "About X" heading, then "X is hiring", "Join X", "At X, we".
Best effort: a posting that names its company only in a logo image has no company here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.ingest.blocks import Block, ExtractedText
from coach.ingest.cv import company_score, split_header_parts, title_score

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


# ---------------------------------------------------------------- sections

_SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "nice",
            r"nice[- ]to[- ]haves?|preferred|bonus|\bplus\b|even better|good to have"
            r"|desirable|it would be great|extra credit|added advantage",
        ),
        (
            "responsibilities",
            r"what you'?ll do|what you will do|responsibilit|the role|your role|in this role"
            r"|day[- ]to[- ]day|your impact|what you'?ll be doing|your mission|the job"
            r"|you will\b|what the job involves|key duties",
        ),
        (
            "must",
            r"requirement|what you'?ll need|what you need|what you will need|qualifications"
            r"|must[- ]haves?|about you|you have|who you are|looking for|your profile"
            r"|you bring|what you bring|what we need|skills|experience|who we'?re looking"
            r"|you might be a fit|you'?re a great fit|what it takes|needs to have",
        ),
        (
            "values",
            r"values|how we work|culture|principles|what we believe|our beliefs|how we operate"
            r"|our tenets|what we stand for|operating principles",
        ),
        ("benefits", r"benefits|perks|what we offer|compensation|salary|why join"),
        ("about", r"^about\b|who we are|the company|the team"),
    )
)
_MAX_HEADING_WORDS = 8
_NICE_INLINE = re.compile(
    r"nice[- ]to[- ]have|\bbonus\b|\bpreferred\b|\ba plus\b|\bis a plus\b|\bideally\b"
    r"|\bdesirable\b|\bplus if\b|would be great",
    re.IGNORECASE,
)


def _heading_kind(text: str) -> str:
    name = _normalise(text).rstrip(":").strip()
    for kind, pattern in _SECTION_PATTERNS:
        if pattern.search(name):
            return kind
    return "other"


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _is_heading(block: Block) -> bool:
    if block.kind == "heading":
        return True
    text = _normalise(block.text)
    if block.kind != "paragraph" or not text or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if text.endswith(":"):
        return True
    return not text.endswith((".", "!", "?")) and _heading_kind(text) != "other"


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


# ---------------------------------------------------------------- title and company

_FIELD = re.compile(
    r"^\s*(job title|title|position|role|company|employer|organi[sz]ation)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"^about\s+(?!us\b|you\b|the\b|this\b|our\b|me\b)(.+?)\s*:?$", re.IGNORECASE)
_COMPANY_PHRASES = (
    re.compile(r"^([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}) is hiring\b"),
    re.compile(r"\bJoin ([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\b"),
    re.compile(r"^At ([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}),"),
)


def _title_and_company(blocks: tuple[Block, ...]) -> tuple[str, str]:
    title, company = _explicit_fields(blocks)
    if not title:
        title, split_company = _title_from_first_line(blocks)
        company = company or split_company
    if not company:
        company = _company_from_text(blocks)
    return title, company


def _explicit_fields(blocks: tuple[Block, ...]) -> tuple[str, str]:
    title = company = ""
    for block in blocks:
        if match := _FIELD.match(block.text):
            key, value = match.group(1).lower(), match.group(2).strip()
            if key in {"company", "employer", "organisation", "organization"}:
                company = company or value
            else:
                title = title or value
    return title, company


def _title_from_first_line(blocks: tuple[Block, ...]) -> tuple[str, str]:
    first = next((b for b in blocks if b.kind == "heading"), None)
    if first is None or _heading_kind(first.text) != "other":
        first = next((b for b in blocks if b.text.strip()), None)
    if first is None:
        return "", ""
    text = first.text.strip()
    parts = split_header_parts(text)
    if len(parts) < 2 or not any(title_score(p) for p in parts):
        return text, ""
    best = max(parts, key=lambda p: title_score(p) - company_score(p))
    rest = [p for p in parts if p != best]
    company = max(rest, key=company_score)
    return best, company


def _company_from_text(blocks: tuple[Block, ...]) -> str:
    for block in blocks:
        if _is_heading(block) and (match := _ABOUT.match(_normalise(block.text))):
            return match.group(1).strip()
    for block in blocks:
        for pattern in _COMPANY_PHRASES:
            if match := pattern.search(block.text.strip()):
                return match.group(1).strip()
    return ""


# ---------------------------------------------------------------- entry point


def _strip_glyph(text: str) -> str:
    return text.strip().lstrip("•▪◦‣∙·*-–—► ").strip()


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= 4


def parse_posting(text: ExtractedText) -> Posting:
    """Title, company, level hints, must/nice requirements and values from a posting."""
    blocks = text.blocks
    title, company = _title_and_company(blocks)
    requirements: list[Requirement] = []
    values: list[str] = []
    responsibilities: list[str] = []
    section_name, section_kind = "", "other"
    for block in blocks:
        if _is_heading(block) and not is_suspicious(block.text):
            section_name = block.text.strip().rstrip(":").strip()
            section_kind = _heading_kind(section_name)
            continue
        line = _strip_glyph(block.text) if block.kind == "bullet" else block.text.strip()
        if not line or (block.kind != "bullet" and not _is_sentence(line)):
            continue
        if section_kind in {"must", "nice"}:
            kind: RequirementKind = "nice"
            if section_kind == "must" and not _NICE_INLINE.search(line):
                kind = "must"
            requirements.append(Requirement(line, kind, section_name))
        elif section_kind == "values":
            values.append(line)
        elif section_kind == "responsibilities":
            responsibilities.append(line)
    suspicious = tuple(dict.fromkeys(b.text for b in blocks if is_suspicious(b.text)))
    body = "\n".join(b.text for b in blocks)
    return Posting(
        title=title,
        company=company,
        level_hints=_level_hints(title, body),
        requirements=tuple(requirements),
        values=tuple(values),
        suspicious=suspicious,
        raw_text=text.text,
        responsibilities=tuple(responsibilities),
    )
