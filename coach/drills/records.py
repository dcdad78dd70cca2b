"""What a drill looks like to its callers: the drill, its turns, its score and a suggestion.

Plain frozen values; the service builds them from the store. `coach.drills.service`
re-exports every name here, so callers import them from the service.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from coach.drills.rubric import Reward
from coach.drills.scenarios import HiddenFact, Round, Scenario
from coach.drills.scoring import Scorecard
from coach.profile import Level, Track


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """A stored timestamp: ISO 8601 in UTC, to the millisecond (sorts as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_stamp(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class DrillStatus(enum.StrEnum):
    ACTIVE = "active"
    SCORED = "scored"


class Speaker(enum.StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"
    FACT = "fact"


# Where a turn came from. Interviewer: the scenario's opening, the model, or a rule
# probe. Candidate: typed or dictated. A fact turn's source is the HiddenFact id.
SOURCE_SCENARIO = "scenario"
SOURCE_MODEL = "model"
SOURCE_PROBE = "probe"
SOURCE_TYPED = "typed"
SOURCE_DICTATED = "dictated"


@dataclass(frozen=True)
class DrillTurn:
    ordinal: int
    speaker: str  # "interviewer" | "candidate" | "fact"
    text: str
    source: str  # interviewer: "scenario" | "model" | "probe"; fact: the HiddenFact id;
    # candidate: "typed" | "dictated"
    note: str = ""  # e.g. why a probe replaced the model's follow-up
    aim: Reward | None = None  # interviewer follow-ups: the reward the question probes
    audio_path: str | None = None  # dictated answers: the recording


@dataclass(frozen=True)
class DrillInfo:
    id: int
    scenario_id: str
    round: Round
    level: Level
    track: Track
    time_limit_s: int  # 0: no limit
    started_at: str
    finished_at: str | None
    status: DrillStatus


@dataclass(frozen=True)
class DrillView:
    info: DrillInfo
    scenario: Scenario
    turns: tuple[DrillTurn, ...]
    revealed: tuple[HiddenFact, ...]
    scorecard: Scorecard | None
    # Each repeat scoring's numbers, in the order they ran (one entry on the rule path):
    # what the spread on the card was computed from.
    score_runs: tuple[Mapping[Reward, int], ...] = field(default=(), hash=False)
    # Said next to the scores: e.g. the model failed and the rules scored instead.
    score_note: str = ""
    clock: Callable[[], dt.datetime] = field(default=utc_now, compare=False, repr=False)

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def status(self) -> DrillStatus:
        return self.info.status

    @property
    def answers(self) -> tuple[str, ...]:
        """The candidate's turns, in order."""
        return tuple(t.text for t in self.turns if t.speaker == Speaker.CANDIDATE)

    @property
    def answer_text(self) -> str:
        """All answers joined, one per paragraph: the text that is scored."""
        return "\n\n".join(self.answers)

    @property
    def follow_ups(self) -> tuple[DrillTurn, ...]:
        """Interviewer turns after the opening."""
        return tuple(
            t
            for t in self.turns
            if t.speaker == Speaker.INTERVIEWER and t.source != SOURCE_SCENARIO
        )

    @property
    def elapsed_s(self) -> float:
        """Seconds since the drill started, until it was finished (or now)."""
        end = parse_stamp(self.info.finished_at) if self.info.finished_at else self.clock()
        return max(0.0, (end - parse_stamp(self.info.started_at)).total_seconds())

    @property
    def remaining_s(self) -> float | None:
        """Seconds left on the time limit (negative when over), or None with no limit."""
        if not self.info.time_limit_s:
            return None
        return self.info.time_limit_s - self.elapsed_s

    @property
    def over_time(self) -> bool:
        remaining = self.remaining_s
        return remaining is not None and remaining < 0


@dataclass(frozen=True)
class Suggestion:
    reward: Reward | None  # the weakest reward lately; None with no scored drill yet
    round: Round
    scenario: Scenario
    reason: str
