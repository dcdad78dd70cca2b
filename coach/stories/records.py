"""A story as plain data: its STAR parts, competency tags and linked roles."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any


class Competency(enum.StrEnum):
    """The coverage slots of a story bank (DOMAIN.md, "Behavioural answers")."""

    CONFLICT = "conflict"
    FAILURE = "failure"
    INFLUENCE = "influence"  # influence without authority
    AMBIGUITY = "ambiguity"  # ambiguity turned into a plan
    TRADE_OFF = "trade-off"  # technical trade-off decision
    MENTORING = "mentoring"  # mentoring or sponsorship
    INCIDENT = "incident"
    DELIVERY = "delivery"  # delivery under pressure
    PUSHBACK = "pushback"  # pushing back upward
    STRATEGY = "strategy"  # strategy or vision (Staff and up)
    IMPACT = "impact"  # customer or business impact

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def staff_plus(self) -> bool:
        """Expected in a bank only from Staff up."""
        return self is Competency.STRATEGY


_LABELS = {
    Competency.CONFLICT: "Conflict",
    Competency.FAILURE: "Failure",
    Competency.INFLUENCE: "Influence without authority",
    Competency.AMBIGUITY: "Ambiguity turned into a plan",
    Competency.TRADE_OFF: "Technical trade-off",
    Competency.MENTORING: "Mentoring or sponsorship",
    Competency.INCIDENT: "Incident",
    Competency.DELIVERY: "Delivery under pressure",
    Competency.PUSHBACK: "Pushing back upward",
    Competency.STRATEGY: "Strategy or vision",
    Competency.IMPACT: "Customer or business impact",
}


_COMPETENCY_VALUES = frozenset(c.value for c in Competency)


class Origin(enum.StrEnum):
    REFRESH = "refresh"  # accepted from a résumé-refresh draft
    HAND = "hand"  # written in the editor
    DICTATION = "dictation"


@dataclass(frozen=True)
class StoryContent:
    """What the candidate wrote; every edit stores a whole new one as a version."""

    title: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    learning: str = ""
    competencies: tuple[Competency, ...] = ()
    role_ids: tuple[int, ...] = ()

    PARTS = ("situation", "task", "action", "result", "learning")

    def parts(self) -> list[tuple[str, str]]:
        """(name, text) for the parts that are not empty, in telling order."""
        return [(name, getattr(self, name)) for name in self.PARTS if getattr(self, name).strip()]

    @property
    def body(self) -> str:
        """The story as told: its parts in order, one paragraph each."""
        return "\n".join(text.strip() for _, text in self.parts())

    def part_spans(self) -> list[tuple[str, int, int]]:
        """(name, start, end) of each part within `body`, so checks and the editor can map
        an offset in the told story back to the part it sits in."""
        spans: list[tuple[str, int, int]] = []
        start = 0
        for name, text in self.parts():
            end = start + len(text.strip())
            spans.append((name, start, end))
            start = end + 1  # the newline between parts
        return spans

    def to_json(self) -> str:
        data: dict[str, Any] = {"title": self.title} | {n: getattr(self, n) for n in self.PARTS}
        data["competencies"] = [c.value for c in self.competencies]
        data["role_ids"] = list(self.role_ids)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StoryContent:
        data: dict[str, Any] = json.loads(text)
        return cls(
            title=str(data.get("title", "")),
            **{name: str(data.get(name, "")) for name in cls.PARTS},
            # Values, not `in Competency`: Python 3.11 warns on a plain string there. Tags
            # this version does not know are dropped.
            competencies=tuple(
                Competency(c) for c in data.get("competencies", []) if c in _COMPETENCY_VALUES
            ),
            role_ids=tuple(int(r) for r in data.get("role_ids", [])),
        )


@dataclass(frozen=True)
class StoredStory:
    id: int
    origin: Origin
    version: int  # the newest version's number (1 for a story never edited)
    created_at: str
    updated_at: str  # when the newest version was written
    content: StoryContent
    origin_draft_id: int | None = None


@dataclass(frozen=True)
class StoryVersion:
    version: int
    created_at: str
    content: StoryContent = field(compare=False)


@dataclass(frozen=True)
class Story:
    title: str
    situation: str
    task: str
    action: str
    result: str
    learning: str = ""

    PARTS = ("situation", "task", "action", "result", "learning")

    def parts(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name)) for name in self.PARTS if getattr(self, name)]

    def to_json(self) -> str:
        return json.dumps(
            {"title": self.title} | dict(self.parts()), ensure_ascii=False, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str) -> Story:
        data: dict[str, Any] = json.loads(text)
        return cls(**{key: str(data.get(key, "")) for key in ("title", *cls.PARTS)})

    def as_text(self) -> str:
        lines = [self.title] if self.title else []
        lines += [f"{name.capitalize()}: {text}" for name, text in self.parts()]
        return "\n".join(lines)
