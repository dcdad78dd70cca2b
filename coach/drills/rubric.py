"""The five rewards every drill answer is scored on, with their 1-4 anchors.

The words live in resources/drills/rubric.json so they can be reworded without code
changes; the code only insists that the file names exactly the five rewards, in order,
each with four anchors.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from importlib import resources

MIN_SCORE = 1
MAX_SCORE = 4
SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))


class Reward(enum.StrEnum):
    # Declaration order is rubric order: scorecards, tables and tie-breaks follow it.
    FRAMING = "framing"
    DIAGNOSIS = "diagnosis"
    TASTE = "taste"
    VERIFICATION = "verification"
    COMMUNICATION = "communication"


class RubricError(ValueError):
    """The rubric file is malformed; a packaging or editing bug, not a user error."""


@dataclass(frozen=True)
class RewardSpec:
    reward: Reward
    name: str
    question: str
    anchors: tuple[str, str, str, str]  # anchors[0] describes score 1

    def anchor(self, score: int) -> str:
        if score not in SCORES:
            raise ValueError(f"score must be {MIN_SCORE}..{MAX_SCORE}, got {score}")
        return self.anchors[score - MIN_SCORE]


@dataclass(frozen=True)
class Rubric:
    rewards: tuple[RewardSpec, ...]
    sources: tuple[str, ...] = ()

    @classmethod
    def load(cls) -> Rubric:
        ref = resources.files("resources") / "drills" / "rubric.json"
        return cls.from_dict(json.loads(ref.read_text(encoding="utf-8")), origin="rubric.json")

    @classmethod
    def from_dict(cls, data: dict, *, origin: str = "rubric") -> Rubric:
        try:
            specs = tuple(_spec(item) for item in data["rewards"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RubricError(f"{origin}: malformed reward entry ({exc})") from exc
        found = tuple(spec.reward for spec in specs)
        if found != tuple(Reward):
            expected = ", ".join(Reward)
            raise RubricError(f"{origin}: rewards must be exactly {expected}, in that order")
        return cls(rewards=specs, sources=tuple(data.get("sources", ())))

    def spec(self, reward: Reward) -> RewardSpec:
        return self.rewards[list(Reward).index(Reward(reward))]

    def anchor(self, reward: Reward, score: int) -> str:
        return self.spec(reward).anchor(score)


def _spec(item: dict) -> RewardSpec:
    anchors = item["anchors"]
    texts = tuple(str(anchors[str(score)]).strip() for score in SCORES)
    if not all(texts):
        raise ValueError(f"empty anchor for {item['id']}")
    return RewardSpec(
        reward=Reward(item["id"]),
        name=str(item["name"]),
        question=str(item.get("question", "")),
        anchors=texts,  # type: ignore[arg-type]  # four by construction from SCORES
    )
