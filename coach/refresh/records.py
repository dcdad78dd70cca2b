"""What a refresh session keeps: its turns (question and answer) and its draft lines."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any


class SessionStatus(enum.StrEnum):
    ASKING = "asking"  # questions and answers
    DRAFTING = "drafting"  # the candidate ended the questions; drafts not written yet
    REVIEWING = "reviewing"  # drafts written; the candidate accepts, edits or rejects


class DraftStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EDITED = "edited"
    REJECTED = "rejected"


class RecencyChoice(enum.StrEnum):
    FULL = "full"
    ONE_LINE = "one-line"  # kept under Experience as a single line, no bullets
    EARLIER = "earlier"  # moved to the "Earlier experience" list
    DROP = "drop"


@dataclass(frozen=True)
class Turn:
    id: int
    ordinal: int
    aspect: str
    asked_by: str  # "model" or "bank"
    question_id: str | None
    note: str  # why this question came from where it did, shown to the candidate
    question: str
    answer: str | None
    skipped: bool
    audio_path: str | None

    @property
    def pending(self) -> bool:
        return self.answer is None and not self.skipped


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


@dataclass(frozen=True)
class DraftLine:
    id: int
    ordinal: int
    kind: str  # "bullet" or "story"
    author: str  # "model" or "rules"
    status: DraftStatus
    confirmed: bool  # the candidate confirmed its unsupported claims are true
    replaces: int | None  # index of the original bullet it replaces
    original: str | None
    text: str  # as drafted (a story's JSON for stories)
    final: str | None  # the candidate's edit

    @property
    def current(self) -> str:
        """What would go on the résumé: the edit if there is one, else the draft."""
        return self.final if self.final is not None else self.text

    @property
    def story(self) -> Story | None:
        return Story.from_json(self.current) if self.kind == "story" else None


@dataclass(frozen=True)
class SessionInfo:
    id: int
    role_id: int
    target_level: str
    status: SessionStatus
    created_at: str
    updated_at: str
