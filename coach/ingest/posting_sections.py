"""A posting's blocks as sections, and each section's lines as requirements (must or
nice), responsibilities or values.

Sections. A heading block opens one; so does a short paragraph that reads as a heading (at
most 8 words, ending with ":" or "?", in capitals, or a known section phrase), the last
sentence of a paragraph that ends with ":" and introduces a list ("A bit of what we suspect
you'll be like:"), and a label line ("Requirements: 3+ years ...; ..."), whose text after the
colon belongs to it. A section ends where the next one begins, so benefits, pay, about-us
and how-to-apply text never joins the requirements before it.

Kinds. The heading's words give a first kind (nice-to-have cues first, then
responsibilities, requirements, values, benefits, how to apply, about). A heading in no
known wording ("Who are you?", "A couple of things about you", a bold line) is judged by
what sits under it: a list mostly describing the person ("Problem solver", "You know how to
code") is a requirements list; one mostly of duties ("Build ...", "Leading ...") is
responsibilities. Prose anywhere except benefits, how-to-apply and about-us is read sentence
by sentence (coach.ingest.requirement_language): a sentence with requirement language is a
requirement, split into items where it lists several. A paragraph announcing "desirable
skills below" makes the list after it nice.

Every line returned is a verbatim span of one block's text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from coach.ingest.blocks import Block
from coach.ingest.injection import is_suspicious
from coach.ingest.requirement_language import (
    is_benefit,
    is_nice,
    is_requirement_sentence,
    is_responsibility,
    looks_like_trait,
    sentences,
    split_items,
)

__all__ = ["Unit", "heading_kind", "is_heading", "sectioned"]

UnitRole = Literal["must", "nice", "responsibility", "value"]


@dataclass(frozen=True)
class Unit:
    text: str  # a verbatim span of one block
    role: UnitRole
    section: str  # the heading it sits under, as written


_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "nice",
            r"nice[- ]to[- ]haves?|preferred|bonus|\bplus\b|even better|good to have"
            r"|desirable|it would be great|extra credit|added advantage|not required",
        ),
        (
            "responsibilities",
            r"what you'?ll do|what you will do|responsibilit|the role\b|your role|in this role"
            r"|day[- ]to[- ]day|your impact|what you'?ll be doing|your mission|the job\b"
            r"|\byou will\b|what the job involves|duties|objectives|what you'?ll work on"
            r"|the work\b|job description",
        ),
        (
            "must",
            r"requirement|what you'?ll need|what you need|what you will need|qualifications"
            r"|must[- ]haves?|about you|you have|who you are|looking for|your profile"
            r"|you bring|what you bring|what we need|skills|experience|who we'?re looking"
            r"|you might be a fit|you'?re a great fit|what it takes|needs to have|who are you"
            r"|you'?ll be like|\byou must\b|eligib|is this you|sounds? like you\b|ideal candidate"
            r"|\brequired\b|you are\b|you'?re\b|your background|competenc",
        ),
        (
            "values",
            r"values|how we work|culture|principles|what we believe|our beliefs|how we operate"
            r"|our tenets|what we stand for|operating principles",
        ),
        (
            "benefits",
            r"benefits|perks|what we offer|compensation|salary|\bpay\b|why join|time off"
            r"|what'?s in it for you",
        ),
        ("apply", r"how to apply|to apply|apply here|next steps|interview process|what to expect"),
        (
            "about",
            r"^about\b|who we are|the company|the team\b|more about|our (?:story|mission|company)"
            r"|office information|fellowship information",
        ),
    )
)
_NEVER_REQUIREMENTS = {"benefits", "apply", "about", "values"}
_MAX_HEADING_WORDS = 8
_MAX_LEAD_IN_WORDS = 20
_LABEL = re.compile(r"^([A-Z][\w'’&/()#-]*(?:\s+[\w'’&/()#-]+){0,4})\s*:\s+(\S.*)$", re.DOTALL)
_LIST_NOTE = re.compile(r"\b(?:below|following)\b", re.IGNORECASE)
_NOT_ALL = re.compile(
    r"\bdon'?t expect (?:anyone|you|candidates) to have (?:all|every)", re.IGNORECASE
)
# A list is a requirements list, or a duties list, when this share of its items says so.
_TRAIT_SHARE = 0.6
_DUTY_SHARE = 0.5


def _strip_glyph(text: str) -> str:
    return text.strip().lstrip("•▪◦‣∙·*-–—►●○■□➢➤✓✔ ").strip()


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def heading_kind(text: str) -> str:
    name = _normalise(text).rstrip(":?").strip()
    for kind, pattern in _KINDS:
        if pattern.search(name):
            return kind
    return "other"


def is_heading(block: Block) -> bool:
    if block.kind == "heading":
        return True
    text = _normalise(block.text)
    if block.kind != "paragraph" or not text or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if text.endswith((":", "?")):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and not any(c.islower() for c in letters):
        return True
    return not text.endswith((".", "!")) and heading_kind(text) != "other"


@dataclass
class _Section:
    name: str
    kind: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (block kind, text)
    nice_list: bool = False  # announced as "desirable skills below"
    list_only: bool = False  # opened by a lead-in sentence: it holds the list after it


def _sections(blocks: Sequence[Block]) -> list[_Section]:
    sections = [_Section("", "other")]
    enclosing = sections[0]  # the last section a heading opened
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if not text:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        current = sections[-1]
        if (
            current.list_only
            and block.kind != "bullet"
            and any(k == "bullet" for k, _ in current.lines)
        ):
            sections.append(_Section(enclosing.name, enclosing.kind))  # the list has ended
        if is_heading(block) and not is_suspicious(text):
            name = text.rstrip(":").strip()
            enclosing = _Section(name, heading_kind(name))
            sections.append(enclosing)
            continue
        if (
            block.kind == "paragraph"
            and current.kind != "values"  # "Ownership: we run what we build" is a value
            and (label := _LABEL.match(text))
            and not is_suspicious(text)
        ):
            kind = heading_kind(label.group(1))
            sections.append(_Section(label.group(1).strip(), kind))
            sections[-1].lines.append(("paragraph", label.group(2).strip()))
            before = sections[-2]  # the label holds its own line; the section before goes on
            sections.append(_Section(before.name, before.kind, nice_list=before.nice_list))
            continue
        if block.kind == "paragraph" and text.endswith(":") and following is not None:
            spans = sentences(text)
            last_start = spans[-1][0] if spans else 0
            lead_in = text[last_start:].rstrip(":").strip()
            if len(lead_in.split()) <= _MAX_LEAD_IN_WORDS and following.kind == "bullet":
                if last_start:
                    sections[-1].lines.append(("paragraph", text[:last_start].strip()))
                sections.append(_Section(lead_in, _lead_in_kind(lead_in), list_only=True))
                continue
        if (
            block.kind == "paragraph"
            and _LIST_NOTE.search(text)
            and (is_nice(text) or _NOT_ALL.search(text.replace("’", "'")))
        ):
            sections[-1].lines.append((block.kind, text))
            sections[-1].nice_list = True
            continue
        sections[-1].lines.append((block.kind, text))
    for before, after in itertools.pairwise(sections):
        if before.nice_list and not any(k == "bullet" for k, _ in before.lines):
            after.nice_list = True
    return sections


def _lead_in_kind(text: str) -> str:
    kind = heading_kind(text)
    if kind == "other" and is_requirement_sentence(text):
        return "must"
    return kind


def _resolve(section: _Section) -> str:
    """The section's kind, judged by its list when its heading said nothing known."""
    if section.kind not in {"other"}:
        return section.kind
    items = [text for kind, text in section.lines if kind == "bullet"]
    if not items:
        return "other"
    traits = sum(looks_like_trait(i) for i in items) / len(items)
    duties = sum(is_responsibility(i) for i in items) / len(items)
    if traits >= _TRAIT_SHARE and traits > duties:
        return "must"
    if duties >= _DUTY_SHARE:
        return "responsibilities"
    return "other"


def _requirement(text: str, section: _Section, *, nice_section: bool) -> UnitRole:
    return "nice" if nice_section or section.nice_list or is_nice(text) else "must"


def _prose_units(text: str, section: _Section, kind: str) -> list[Unit]:
    """Requirement sentences (split into items) and responsibility sentences of one paragraph."""
    units: list[Unit] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        in_list_section = kind in {"must", "nice"}
        wanted = is_requirement_sentence(sentence) or (
            in_list_section and looks_like_trait(sentence) and not is_benefit(sentence)
        )
        if wanted and not is_responsibility(sentence):
            for a, b in split_items(text, start, end):
                item = text[a:b]
                role = _requirement(item, section, nice_section=kind == "nice")
                units.append(Unit(item, role, section.name))
        elif kind == "responsibilities" or (
            is_responsibility(sentence) and not is_benefit(sentence)
        ):
            units.append(Unit(sentence, "responsibility", section.name))
    return units


def sectioned(blocks: Sequence[Block]) -> list[Unit]:
    """The posting's requirements, responsibilities and values, in document order."""
    units: list[Unit] = []
    for section in _sections(blocks):
        kind = _resolve(section)
        if kind in {"benefits", "apply", "about"}:
            continue
        for block_kind, raw in section.lines:
            text = _strip_glyph(raw) if block_kind == "bullet" else raw
            if not text:
                continue
            if kind == "values":
                if block_kind == "bullet" or len(text.split()) >= 4:
                    units.append(Unit(text, "value", section.name))
            elif block_kind == "bullet" and kind in {"must", "nice"}:
                units.append(
                    Unit(
                        text, _requirement(text, section, nice_section=kind == "nice"), section.name
                    )
                )
            elif block_kind == "bullet" and kind == "responsibilities":
                units.append(Unit(text, "responsibility", section.name))
            elif block_kind == "bullet":
                if is_requirement_sentence(text) and not is_responsibility(text):
                    units.append(
                        Unit(text, _requirement(text, section, nice_section=False), section.name)
                    )
            else:
                units.extend(_prose_units(text, section, kind))
    return units
