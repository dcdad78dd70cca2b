"""A round-by-round plan for one company's loop, so no story is told twice.

The four rounds are DOMAIN.md's loop (experience screen, diagnosis, build or debug
narrated, judgment) plus the behavioural round most companies add. Each round wants
some competencies more than others; stories are placed best first, one story per round
before any round gets a second, and a story is placed once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coach.stories.records import Competency, StoredStory

PER_ROUND = 2
C = Competency


@dataclass(frozen=True)
class Round:
    key: str
    label: str
    focus: str
    wants: Mapping[Competency, int]  # how much each competency suits the round
    empty_advice: str


ROUNDS: tuple[Round, ...] = (
    Round(
        "screen",
        "Experience screen",
        "What systems you changed, and where you changed the model rather than followed it.",
        {C.STRATEGY: 3, C.AMBIGUITY: 3, C.IMPACT: 2, C.TRADE_OFF: 1, C.INFLUENCE: 1},
        "Have one story where you reshaped a problem, not only solved it.",
    ),
    Round(
        "diagnosis",
        "Diagnosis",
        "Where you would be suspicious first, and what you would learn before acting.",
        {C.INCIDENT: 3, C.FAILURE: 2, C.TRADE_OFF: 1},
        "Have an incident or failure story: how you found the cause, not only the fix.",
    ),
    Round(
        "build",
        "Build or debug, narrated",
        "What you accepted, rejected, verified or rewrote, from tools and AI output included.",
        {C.DELIVERY: 3, C.TRADE_OFF: 2, C.INCIDENT: 1},
        "Have a delivery story that shows how you checked the work, tools and AI included.",
    ),
    Round(
        "judgment",
        "Judgment and communication",
        "An ambiguous trade-off: does the system get clearer around you?",
        {C.PUSHBACK: 3, C.CONFLICT: 2, C.INFLUENCE: 2, C.STRATEGY: 2, C.AMBIGUITY: 1},
        "Have a story where you pushed back or brought people who disagreed to a decision.",
    ),
    Round(
        "behavioural",
        "Behavioural and values",
        "Conflict, failure, growing others, and the company's stated values.",
        {C.CONFLICT: 2, C.FAILURE: 2, C.MENTORING: 3, C.IMPACT: 1},
        "Have a story about growing someone, and one about a failure and what you changed.",
    ),
)


@dataclass(frozen=True)
class PlannedStory:
    story_id: int
    title: str
    reason: str  # why it suits the round, in plain words


@dataclass(frozen=True)
class RoundPlan:
    round: Round
    stories: tuple[PlannedStory, ...]

    @property
    def advice(self) -> str:
        return "" if self.stories else self.round.empty_advice


def plan_rounds(
    stories: Sequence[StoredStory], relevance: Mapping[int, float] | None = None
) -> tuple[RoundPlan, ...]:
    """Place stories into rounds. `relevance` (story id -> 0..n) favours stories that
    prove this posting's requirements; it only breaks near-ties between competencies."""
    relevance = relevance or {}
    candidates: list[tuple[float, int, int, StoredStory, tuple[Competency, ...]]] = []
    for r_index, round_ in enumerate(ROUNDS):
        for story in stories:
            fitting = tuple(c for c in story.content.competencies if c in round_.wants)
            if not fitting:
                continue
            score = sum(round_.wants[c] for c in fitting) + relevance.get(story.id, 0.0)
            candidates.append((score, r_index, story.id, story, fitting))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    placed: dict[int, list[PlannedStory]] = {i: [] for i in range(len(ROUNDS))}
    used: set[int] = set()
    for cap in range(1, PER_ROUND + 1):  # every round gets one before any gets two
        for _score, r_index, story_id, story, fitting in candidates:
            if story_id in used or len(placed[r_index]) >= cap:
                continue
            used.add(story_id)
            reason = ", ".join(c.label.lower() for c in fitting)
            if relevance.get(story_id, 0.0) > 0:
                reason += "; proves this posting's requirements"
            placed[r_index].append(PlannedStory(story_id, story.content.title, reason))
    return tuple(RoundPlan(round_, tuple(placed[i])) for i, round_ in enumerate(ROUNDS))
