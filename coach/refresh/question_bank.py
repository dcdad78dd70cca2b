"""The curated question bank (resources/refresh/questions.json) the refresh loop asks from
when no model is loaded, or when the model's question fails its checks."""

from __future__ import annotations

import importlib.resources
import json
import re
import string
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from coach.profile import Level
from coach.refresh.gaps import Aspect

RESOURCE = "refresh/questions.json"
PLACEHOLDERS = frozenset({"title", "company", "bullet"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class QuestionBankError(ValueError):
    """The bank's data file is malformed: a packaging bug, not the candidate's doing."""


@dataclass(frozen=True)
class BankQuestion:
    id: str
    aspect: Aspect
    text: str  # placeholders filled in


@dataclass(frozen=True)
class QuestionTemplate:
    id: str
    aspect: Aspect
    text: str  # with {title}, {company}, {bullet} placeholders
    levels: frozenset[Level]  # empty: suits every level
    placeholders: frozenset[str]

    @property
    def about_bullet(self) -> bool:
        return "bullet" in self.placeholders


@dataclass(frozen=True)
class QuestionBank:
    templates: tuple[QuestionTemplate, ...]

    @classmethod
    def load(cls) -> QuestionBank:
        text = importlib.resources.files("resources").joinpath(RESOURCE).read_text(
            encoding="utf-8"
        )
        return cls.from_json(text)

    @classmethod
    def from_json(cls, text: str) -> QuestionBank:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise QuestionBankError(f"{RESOURCE} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            raise QuestionBankError(f"{RESOURCE} needs a 'questions' list")
        templates = tuple(_template(raw, index) for index, raw in enumerate(data["questions"]))
        seen: set[str] = set()
        for template in templates:
            if template.id in seen:
                raise QuestionBankError(f"question id {template.id!r} appears twice")
            seen.add(template.id)
        return cls(templates)

    def for_aspect(self, aspect: Aspect) -> tuple[QuestionTemplate, ...]:
        return tuple(t for t in self.templates if t.aspect is aspect)

    def next_question(
        self,
        aspect: Aspect,
        level: Level,
        *,
        title: str,
        company: str,
        bullet: str | None,
        asked: Collection[str],
    ) -> BankQuestion | None:
        """The next unasked question about `aspect` for a candidate targeting `level`.

        Order: questions written for `level` first, the narrowest level list first (a
        Principal-only question before a Staff-and-up one), then those for every level; within
        each, questions about the given bullet first (they are the most concrete), then file
        order.
        A question needing a placeholder whose value is blank is skipped, so the candidate
        never sees "at ?" or an empty quote. None when the aspect is exhausted.
        """
        values = {"title": title.strip(), "company": company.strip(),
                  "bullet": _clean_bullet(bullet)}
        usable = [
            t for t in self.for_aspect(aspect)
            if t.id not in asked
            and (not t.levels or level in t.levels)
            and all(values[name] for name in t.placeholders)
        ]
        if not usable:
            return None
        best = min(usable, key=_preference)
        return BankQuestion(best.id, best.aspect, best.text.format(**values))


def _preference(template: QuestionTemplate) -> tuple[bool, int, bool]:
    return (not template.levels, len(template.levels), not template.about_bullet)


def _clean_bullet(bullet: str | None) -> str:
    # Drop the list marker and the full stop so the bullet reads well inside quotes.
    if not bullet:
        return ""
    return bullet.strip().lstrip("-•*–· ").rstrip(" .;").strip()


def _template(raw: Any, index: int) -> QuestionTemplate:
    where = f"question {index + 1}"
    if not isinstance(raw, dict):
        raise QuestionBankError(f"{where} is not an object")
    unknown_keys = set(raw) - {"id", "aspect", "text", "levels"}
    if unknown_keys:
        raise QuestionBankError(f"{where} has unknown fields {sorted(unknown_keys)}")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.fullmatch(qid):
        raise QuestionBankError(f"{where} needs an id of lower-case words joined by '-'")
    where = f"question {qid!r}"
    try:
        aspect = Aspect(raw.get("aspect"))
    except ValueError:
        choices = ", ".join(a.value for a in Aspect)
        raise QuestionBankError(
            f"{where} has unknown aspect {raw.get('aspect')!r}; choose one of {choices}"
        ) from None
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise QuestionBankError(f"{where} needs a non-empty text")
    return QuestionTemplate(
        id=qid,
        aspect=aspect,
        text=text.strip(),
        levels=_levels(raw.get("levels", []), where),
        placeholders=_placeholders(text, where),
    )


def _levels(raw: Any, where: str) -> frozenset[Level]:
    if not isinstance(raw, list):
        raise QuestionBankError(f"{where}: levels must be a list")
    try:
        return frozenset(Level(value) for value in raw)
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        raise QuestionBankError(
            f"{where} names an unknown level in {raw!r}; choose from {choices}"
        ) from None


def _placeholders(text: str, where: str) -> frozenset[str]:
    try:
        fields = list(_fields(string.Formatter().parse(text)))
    except ValueError as exc:
        raise QuestionBankError(f"{where} has a malformed placeholder: {exc}") from None
    names = frozenset(fields)
    unknown = names - PLACEHOLDERS
    if unknown:
        allowed = ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS))
        raise QuestionBankError(
            f"{where} uses unknown placeholder(s) {sorted(unknown)}; allowed: {allowed}"
        )
    return names


def _fields(parsed: Iterable[tuple[str, str | None, str | None, str | None]]) -> Iterable[str]:
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{field}}} may not carry a format or conversion")
        yield field
