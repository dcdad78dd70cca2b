"""How well the bank covers a loop: which slots have stories, which rest on one, and how
many stories read at the target level.

A bank of 8 to 12 stories, each tagged with 2 or 3 competencies, covering the eleven slots
(DOMAIN.md, "Behavioural answers"); strategy or vision is expected only from Staff up.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from coach.calibration import read_level
from coach.calibration.matrix import LevelMatrix
from coach.profile import Level
from coach.stories.records import Competency, StoredStory

BANK_MIN, BANK_MAX = 8, 12
TAGS_MIN, TAGS_MAX = 2, 3


class SlotState(enum.StrEnum):
    EMPTY = "empty"
    THIN = "thin"  # resting on a single story
    COVERED = "covered"


@dataclass(frozen=True)
class Coverage:
    target: Level
    story_count: int
    slots: Mapping[Competency, tuple[int, ...]]  # every slot, in `Competency` order: story ids
    empty: tuple[Competency, ...]  # expected slots with no story
    thin: tuple[Competency, ...]  # expected slots resting on a single story
    optional: tuple[Competency, ...]  # slots not expected at this level (strategy below Staff)
    at_level: tuple[int, ...]  # ids of stories that read at or above the target
    few_tags: tuple[int, ...]  # ids of stories tagged with fewer than two competencies
    many_tags: tuple[int, ...]  # ids of stories tagged with more than three
    size_advice: str
    summary: tuple[str, ...]  # plain sentences for the window and the CLI

    def state(self, competency: Competency) -> SlotState:
        ids = self.slots[competency]
        if not ids:
            return SlotState.EMPTY
        return SlotState.THIN if len(ids) == 1 else SlotState.COVERED

    def expected(self, competency: Competency) -> bool:
        return competency not in self.optional

    @property
    def at_level_count(self) -> int:
        return len(self.at_level)


def bank_coverage(
    stories: Sequence[StoredStory], target: Level, matrix: LevelMatrix | None = None
) -> Coverage:
    matrix = matrix or LevelMatrix.load()  # once for the whole bank, not per story
    staff_up = list(Level).index(target) >= list(Level).index(Level.STAFF)
    slots = MappingProxyType(
        {c: tuple(s.id for s in stories if c in s.content.competencies) for c in Competency}
    )
    optional = tuple(c for c in Competency if c.staff_plus and not staff_up)
    expected = [c for c in Competency if c not in optional]
    at_level = tuple(
        s.id for s in stories if read_level(s.content.body, target, matrix).meets_target
    )
    tag_counts = {s.id: len(set(s.content.competencies)) for s in stories}
    coverage = Coverage(
        target=target,
        story_count=len(stories),
        slots=slots,
        empty=tuple(c for c in expected if not slots[c]),
        thin=tuple(c for c in expected if len(slots[c]) == 1),
        optional=optional,
        at_level=at_level,
        few_tags=tuple(i for i, n in tag_counts.items() if n < TAGS_MIN),
        many_tags=tuple(i for i, n in tag_counts.items() if n > TAGS_MAX),
        size_advice=size_advice(len(stories)),
        summary=(),
    )
    return dataclasses.replace(coverage, summary=_summary(coverage))


def size_advice(count: int) -> str:
    if count == 0:
        return (
            f"Your bank is empty: aim for {BANK_MIN} to {BANK_MAX} stories, each tagged with "
            f"{TAGS_MIN} or {TAGS_MAX} competencies."
        )
    stories = _count(count, "story", "stories")
    if count < BANK_MIN:
        more = BANK_MIN - count
        return (
            f"{stories} so far: aim for {BANK_MIN} to {BANK_MAX}; "
            f"{_count(more, 'more story', 'more stories')} would cover a full loop."
        )
    if count <= BANK_MAX:
        return f"{stories}: within the {BANK_MIN} to {BANK_MAX} that cover a loop."
    return (
        f"{stories}: more than the {BANK_MAX} you can keep fresh; rehearse the strongest for "
        "each slot."
    )


def _summary(coverage: Coverage) -> tuple[str, ...]:
    lines = [coverage.size_advice]
    if not coverage.story_count:
        return tuple(lines)
    if coverage.empty:
        lines.append(f"No story yet for {_names(coverage.empty)}.")
    if coverage.thin:
        thin = [f"{c.label.lower()} (#{coverage.slots[c][0]})" for c in coverage.thin]
        lines.append(
            f"Only one story for {_join(thin)}: a second gives you a choice when an "
            "interviewer asks twice or has heard it."
        )
    for competency in coverage.optional:
        if not coverage.slots[competency]:
            lines.append(
                f"{competency.label} is optional at {coverage.target.label}; it is expected "
                "from Staff up."
            )
    if not coverage.empty and not coverage.thin:
        lines.append("Every slot you need has at least two stories.")
    lines.append(_at_level_sentence(coverage))
    if coverage.few_tags:
        lines.append(
            f"{_ids(coverage.few_tags)} {_has(coverage.few_tags)} fewer than {TAGS_MIN} "
            f"competency tags: tag each story with {TAGS_MIN} or {TAGS_MAX}."
        )
    if coverage.many_tags:
        lines.append(
            f"{_ids(coverage.many_tags)} {_has(coverage.many_tags)} more than {TAGS_MAX} "
            f"tags: keep the {TAGS_MIN} or {TAGS_MAX} {_it(coverage.many_tags)} best."
        )
    return tuple(lines)


def _at_level_sentence(coverage: Coverage) -> str:
    level = coverage.target.label
    if coverage.target is not Level.PRINCIPAL:
        level += " or above"
    if not coverage.at_level:
        return (
            f"None of your {_count(coverage.story_count, 'story', 'stories')} reads as {level} "
            "yet: widen the scope or name a decision you pushed through."
        )
    verb = "reads" if coverage.at_level_count == 1 else "read"
    return (
        f"{coverage.at_level_count} of {coverage.story_count} {verb} as {level}: "
        f"{_ids(coverage.at_level)}."
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _names(competencies: Sequence[Competency]) -> str:
    return _join([c.label.lower() for c in competencies])


def _ids(ids: Sequence[int]) -> str:
    return _join([f"#{i}" for i in ids])


def _has(ids: Sequence[int]) -> str:
    return "has" if len(ids) == 1 else "have"


def _it(ids: Sequence[int]) -> str:
    return "it shows" if len(ids) == 1 else "each shows"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
