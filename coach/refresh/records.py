"""What a refresh session keeps: its turns (question and answer) and its draft lines."""

from __future__ import annotations

import enum
from dataclasses import dataclass

# A drafted STAR story has the story bank's shape, defined there: refresh hands its drafts
# to the bank, and stories/ needs nothing of refresh/.
from coach.stories.records import Story


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
