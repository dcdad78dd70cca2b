"""JSON Resume (jsonresume.org) to blocks in the shape of a printed CV.

The CV parser reads these lines with the same patterns it uses for PDFs, so the shapes
are fixed here:

- a role:       "Position — Company (2019-03 – Present)"   em dash between title and
                company, en dash between dates, "Present" for a missing end date;
                dates as written in the file (ISO "YYYY-MM" or "YYYY-MM-DD").
- education:    "MSc Computer Science — TU Munich (2007 – 2011)"
- a project:    "Name (2020-01 – 2020-06)"
- a skill:      bullet "Name: keyword, keyword"

Each section has a level-2 heading ("Summary", "Experience", "Education", "Skills",
"Projects", "Volunteering", "Awards", "Certificates", "Publications", "Languages",
"Interests"); the person's name is the level-1 heading.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText, bounded
from coach.ingest.lines import collapse

RESUME_KEYS = ("basics", "work")


_FIX_JSON = "Fix it in a text editor or export it again from your JSON Resume tool."


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # Some messages end in "at" ("Unterminated string starting at"): say it once.
        problem = exc.msg.removesuffix(" at")
        raise UserError(
            f"This JSON file is not valid: {problem} at line {exc.lineno}, column {exc.colno}.",
            hint=_FIX_JSON,
        ) from exc
    except RecursionError as exc:  # lists or objects nested thousands deep
        raise UserError(
            "This JSON file is nested too deeply to read: it cannot be a JSON Resume.",
            hint=_FIX_JSON,
        ) from exc
    except ValueError as exc:  # the only other one: an integer of over 4,300 digits
        raise UserError(
            "This JSON file holds a number too long to read (thousands of digits).",
            hint=_FIX_JSON,
        ) from exc


def is_json_resume(value: Any) -> bool:
    return isinstance(value, dict) and any(key in value for key in RESUME_KEYS)


def read_json_resume(resume: Any) -> ExtractedText:
    if not is_json_resume(resume):
        raise UserError(
            'This JSON file is not a JSON Resume: it has no "basics" or "work" section.',
            hint="Loopcoach reads the jsonresume.org format.",
        )
    return ExtractedText(blocks=bounded(_blocks(resume)), source_format="json-resume")


def _s(value: Any) -> str:
    """A field as one line of text; anything that is not text or a number counts as absent."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return collapse(str(value))


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def dates(start: Any, end: Any) -> str:
    start, end = _s(start), _s(end)
    if start:
        return f"{start} – {end or 'Present'}"
    return end


def _entry(title: str, place: str, when: str) -> str:
    line = " — ".join(part for part in (title, place) if part)
    return f"{line} ({when})" if when and line else line or when


def _blocks(resume: dict[str, Any]) -> Iterator[Block]:
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    if name := _s(basics.get("name")):
        yield Block("heading", name, level=1)
    if label := _s(basics.get("label")):
        yield Block("paragraph", label)
    contact = [_s(basics.get(key)) for key in ("email", "phone", "url")]
    if any(contact):
        yield Block("paragraph", " · ".join(part for part in contact if part))
    if summary := _s(basics.get("summary")):
        yield Block("heading", "Summary", level=2)
        yield Block("paragraph", summary)
    yield from _roles("Experience", _items(resume.get("work")), "position", ("name", "company"))
    yield from _roles(
        "Volunteering", _items(resume.get("volunteer")), "position", ("organization",)
    )
    yield from _education(_items(resume.get("education")))
    yield from _named_lists("Skills", _items(resume.get("skills")))
    yield from _projects(_items(resume.get("projects")))
    yield from _simple("Awards", _items(resume.get("awards")), "title", "awarder", "date")
    yield from _simple("Certificates", _items(resume.get("certificates")), "name", "issuer", "date")
    yield from _simple(
        "Publications", _items(resume.get("publications")), "name", "publisher", "releaseDate"
    )
    languages = _items(resume.get("languages"))
    if languages:
        yield Block("heading", "Languages", level=2)
        for item in languages:
            language, fluency = _s(item.get("language")), _s(item.get("fluency"))
            if language:
                yield Block("bullet", f"{language} ({fluency})" if fluency else language)
    yield from _named_lists("Interests", _items(resume.get("interests")))


def _roles(
    heading: str, items: list[dict[str, Any]], title_key: str, place_keys: tuple[str, ...]
) -> Iterator[Block]:
    if not items:
        return
    yield Block("heading", heading, level=2)
    for item in items:
        place = next((_s(item.get(key)) for key in place_keys if _s(item.get(key))), "")
        when = dates(item.get("startDate"), item.get("endDate"))
        if line := _entry(_s(item.get(title_key)), place, when):
            yield Block("paragraph", line)
        if summary := _s(item.get("summary")):
            yield Block("paragraph", summary)
        yield from _bullets(item.get("highlights"))


def _education(items: list[dict[str, Any]]) -> Iterator[Block]:
    if not items:
        return
    yield Block("heading", "Education", level=2)
    for item in items:
        degree = " ".join(
            part for part in (_s(item.get("studyType")), _s(item.get("area"))) if part
        )
        when = dates(item.get("startDate"), item.get("endDate"))
        if line := _entry(degree, _s(item.get("institution")), when):
            yield Block("paragraph", line)
        yield from _bullets(item.get("courses"))


def _projects(items: list[dict[str, Any]]) -> Iterator[Block]:
    if not items:
        return
    yield Block("heading", "Projects", level=2)
    for item in items:
        when = dates(item.get("startDate"), item.get("endDate"))
        if line := _entry(_s(item.get("name")), "", when):
            yield Block("paragraph", line)
        if description := _s(item.get("description")):
            yield Block("paragraph", description)
        yield from _bullets(item.get("highlights"))


def _named_lists(heading: str, items: list[dict[str, Any]]) -> Iterator[Block]:
    lines = []
    for item in items:
        name = _s(item.get("name"))
        words = item.get("keywords") if isinstance(item.get("keywords"), list) else []
        keywords = ", ".join(word for word in map(_s, words) if word)
        lines.append(f"{name}: {keywords}" if name and keywords else name or keywords)
    if any(lines):
        yield Block("heading", heading, level=2)
        yield from (Block("bullet", line) for line in lines if line)


def _simple(
    heading: str, items: list[dict[str, Any]], title_key: str, place_key: str, date_key: str
) -> Iterator[Block]:
    lines = [
        _entry(_s(item.get(title_key)), _s(item.get(place_key)), _s(item.get(date_key)))
        for item in items
    ]
    if any(lines):
        yield Block("heading", heading, level=2)
        yield from (Block("bullet", line) for line in lines if line)


def _bullets(value: Any) -> Iterator[Block]:
    if isinstance(value, list):
        yield from (Block("bullet", text) for text in map(_s, value) if text)
