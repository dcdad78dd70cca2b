"""A posting's title and company, from field lines, its heading or its first sentences.

In order: "Title:"/"Position:"/"Role:" and "Company:" lines (a value on the next line
counts); else the first heading, or a short first line, split only at "@", " at " or a dash
or bar whose other side names no role ("Staff SRE — Acme"); never at a comma, so "Senior
Engineer, Developer Productivity" stays one title; else the first sentences ("We are
seeking a Machine Learning Engineer to ...", "As our Staff Engineer, you ..."). The company
also comes from "About X", "X is hiring", "Join X", "At X, we".
Best effort: a posting that names its company only in a logo image has no company here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.ingest.blocks import Block
from coach.ingest.posting_sections import heading_kind, is_heading

__all__ = ["title_and_company"]

_FIELD = re.compile(
    r"^\s*(job title|title|position title|position|role|company|employer|organi[sz]ation)"
    r"\s*:\s*(.*)$",
    re.IGNORECASE,
)
_COMPANY_KEYS = {"company", "employer", "organisation", "organization"}
_ROLE_NOUN = re.compile(
    r"\b(?:engineers?|developers?|managers?|leads?|director|designer|scientist|analyst|architect"
    r"|sre|intern|producer|assistant|specialist|officer|head|vp|president|administrator"
    r"|consultant|researcher|writer|editor|coordinator|associate|strategist|recruiter"
    r"|marketer|technician|programmer|advocate|owner|principal|fellow|cto|ceo|coo|cfo"
    r"|representative|support|operator|agent|teacher|instructor|counsel|accountant)\b",
    re.IGNORECASE,
)
_AT = re.compile(r"\s+(?:@|at)\s+(?=[A-Z0-9])|\s*@\s*")
_DASH = re.compile(r"\s+[—–|-]\s+|\s*\|\s*")
_CAP = r"[A-Z][\w/&+.'’-]*"
_TITLE_WORDS = (
    rf"{_CAP}(?:(?:\s+|,\s+|\s+(?:of|and|for|&|in|-|–)\s+){_CAP})*(?:\s*\([^)]{{1,40}}\))?"
)
_PROSE_TITLE = (
    re.compile(
        r"\b(?:seeking|looking for|hiring|to hire|recruiting|searching for)\s+(?:an?|our|the)\s+"
        rf"(?:new\s+|first\s+|talented\s+|experienced\s+)?(?P<title>{_TITLE_WORDS})"
    ),
    re.compile(rf"^As (?:an?|our|the) (?P<title>{_TITLE_WORDS}),"),
    re.compile(rf"\bjoin (?:us|our team|the team) as (?:an?|our) (?P<title>{_TITLE_WORDS})"),
)
_ABOUT = re.compile(r"^about\s+(?!us\b|you\b|the\b|this\b|our\b|me\b)(.+?)\s*:?$", re.IGNORECASE)
_COMPANY_PHRASES = (
    re.compile(r"^([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}) is hiring\b"),
    re.compile(r"\bJoin ([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\b"),
    re.compile(r"^At ([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}),"),
)
_FIRST_BLOCKS = 12  # a title sits near the top: after menus and banners at most
_MAX_TITLE_WORDS = 14


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).strip(" ,;:")


def title_and_company(blocks: Sequence[Block]) -> tuple[str, str]:
    title, company = _field_lines(blocks)
    if not title:
        title, split_company = _from_heading(blocks)
        company = company or split_company
    if not title:
        title = _from_prose(blocks)
    if not company:
        company = _company_from_text(blocks)
    return title, company


def _field_lines(blocks: Sequence[Block]) -> tuple[str, str]:
    title = company = ""
    for index, block in enumerate(blocks):
        match = _FIELD.match(block.text)
        if not match:
            continue
        key, value = match.group(1).lower(), _clean(match.group(2))
        if not value and index + 1 < len(blocks):
            value = _clean(blocks[index + 1].text)
        if not value or len(value.split()) > _MAX_TITLE_WORDS:
            continue
        if key in _COMPANY_KEYS:
            company = company or value
        else:
            title = title or value
    return title, company


def _from_heading(blocks: Sequence[Block]) -> tuple[str, str]:
    top = [b for b in blocks[:_FIRST_BLOCKS] if b.text.strip()]
    headings = [b for b in top if b.kind == "heading" and heading_kind(b.text) == "other"]
    first = next((b for b in headings if _ROLE_NOUN.search(b.text)), None)
    if first is None and top and _short_line(top[0]):
        first = top[0]
    first = first or next(iter(headings), None)
    if first is None:
        return "", ""
    return _split_heading(_clean(first.text))


def _short_line(block: Block) -> bool:
    text = _clean(block.text)
    return (
        0 < len(text.split()) <= _MAX_TITLE_WORDS
        and not text.endswith((".", "!", "?", ":"))
        and bool(_ROLE_NOUN.search(text))
    )


def _split_heading(text: str) -> tuple[str, str]:
    """(title, company) of a heading line; the company only when the line names one."""
    if match := _AT.search(text):
        left, right = _clean(text[: match.start()]), _clean(text[match.end() :])
        if left and right and _ROLE_NOUN.search(left):
            return left, right
    parts = [_clean(p) for p in _DASH.split(text) if _clean(p)]
    if len(parts) >= 2:
        roles = [p for p in parts if _ROLE_NOUN.search(p)]
        others = [p for p in parts if not _ROLE_NOUN.search(p)]
        if len(roles) == 1 and others:
            return roles[0], others[0]
    return text, ""


def _from_prose(blocks: Sequence[Block]) -> str:
    for block in blocks[:_FIRST_BLOCKS]:
        for pattern in _PROSE_TITLE:
            match = pattern.search(block.text)
            if match and _ROLE_NOUN.search(match.group("title")):
                return _trim(match.group("title"))
    return ""


def _trim(title: str) -> str:
    """Drop trailing words after the last role noun ("Machine Learning Engineer To")."""
    words = title.split()
    last = max(
        (i for i, w in enumerate(words) if _ROLE_NOUN.search(w) or w.startswith("(")),
        default=len(words) - 1,
    )
    return _clean(" ".join(words[: last + 1]))


def _company_from_text(blocks: Sequence[Block]) -> str:
    for block in blocks:
        if is_heading(block) and (match := _ABOUT.match(_clean(block.text))):
            return match.group(1).strip()
    for block in blocks:
        for pattern in _COMPANY_PHRASES:
            if match := pattern.search(block.text.strip()):
                return match.group(1).strip()
    return ""
