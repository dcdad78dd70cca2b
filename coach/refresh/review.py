"""What the candidate sees beside each draft line: claim provenance and the level lens.

The sources are the candidate's own material for the role: its CV bullets, their
answers in the session and their notes. A draft is checked as it stands now, so an
edited line is checked again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.calibration import LevelReading, read_level
from coach.library.store import StoredRole
from coach.profile import Level
from coach.provenance import ClaimCheck, ProvenanceReport, Source, check_line
from coach.refresh.records import DraftLine, Turn


@dataclass(frozen=True)
class LineReview:
    parts: tuple[tuple[str, ProvenanceReport], ...]  # ("bullet", report) or per STAR part
    level: LevelReading

    @property
    def unsupported(self) -> tuple[ClaimCheck, ...]:
        return tuple(check for _, report in self.parts for check in report.unsupported)

    @property
    def supported(self) -> bool:
        return not self.unsupported

    def to_dict(self) -> dict[str, Any]:
        return {
            "supported": self.supported,
            "claims": [
                check.to_dict() | {"part": part}
                for part, report in self.parts
                for check in report.checks
            ],
            "level": {
                "reads_as": self.level.reads_as.value if self.level.reads_as else None,
                "meets_target": self.level.meets_target,
                "summary": self.level.summary,
            },
        }


def role_sources(
    role: StoredRole, turns: Sequence[Turn], notes: Sequence[tuple[str, str]] = ()
) -> list[Source]:
    """The candidate's material: CV bullets, answers, notes as (title, text)."""
    where = role.company or role.title or "this role"
    sources = [Source("cv", f"CV, {where}", " — ".join(p for p in (role.title, role.company) if p))]
    sources += [
        Source("cv", f"CV, {where} bullet {number}", bullet)
        for number, bullet in enumerate(role.bullets, start=1)
    ]
    sources += [
        Source("answer", f"answer {number}", turn.answer)
        for number, turn in enumerate((t for t in turns if t.answer), start=1)
        if turn.answer
    ]
    sources += [Source("note", f"note “{title}”", text) for title, text in notes]
    return sources


def review_draft(draft: DraftLine, sources: Sequence[Source], target: Level) -> LineReview:
    """Provenance per line (per part for a story) and the level lens; a line that names no
    scope is read with the scope the rest of the role's material names."""
    context = " ".join(source.text for source in sources if source.origin in ("cv", "answer"))
    story = draft.story
    parts: tuple[tuple[str, ProvenanceReport], ...]
    if story is None:
        parts = (("bullet", check_line(draft.current, sources)),)
        text = draft.current
    else:
        parts = tuple((name, check_line(part, sources)) for name, part in story.parts())
        text = " ".join(part for _, part in story.parts())
    return LineReview(parts=parts, level=read_level(text, target, context=context))
