"""What every scorer returns, rule-based or model-backed: one score per reward with the
candidate's own sentences as evidence, and a way to combine repeat scorings.

Showing the candidate how much repeat scorings of the same answer disagree is the point of
`combine`: a score that moves by two points between runs should not be trusted, and the
card says so instead of hiding it.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coach.drills.rubric import MAX_SCORE, MIN_SCORE, Reward

UNCERTAIN_SPREAD = 1  # a spread above this many points marks the score uncertain


@dataclass(frozen=True)
class RewardScore:
    reward: Reward
    score: int  # 1..4
    evidence: tuple[str, ...]  # exact sentences quoted from the answer (substrings of it)
    rationale: str  # plain words: which anchor it meets and what would lift it
    spread: float = 0.0  # max - min over k repeat scorings
    uncertain: bool = False  # spread > 1 point

    def __post_init__(self) -> None:
        if not MIN_SCORE <= self.score <= MAX_SCORE:
            raise ValueError(f"{self.reward}: score must be {MIN_SCORE}..{MAX_SCORE}")
        if isinstance(self.evidence, str):  # a lone string would be split into characters
            raise TypeError("evidence must be a tuple of sentences, not one string")

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "evidence": list(self.evidence),
            "spread": self.spread,
            "uncertain": self.uncertain,
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class Scorecard:
    scores: tuple[RewardScore, ...]  # one per reward, in rubric order
    scorer: str  # "rules" or a model name

    def __post_init__(self) -> None:
        if tuple(s.reward for s in self.scores) != tuple(Reward):
            raise ValueError("a scorecard needs one score per reward, in rubric order")

    def __getitem__(self, reward: Reward | str) -> RewardScore:
        return self.scores[list(Reward).index(Reward(reward))]

    def score(self, reward: Reward | str) -> int:
        return self[reward].score

    def weakest(self) -> Reward:
        """The lowest-scoring reward; ties go to the earlier reward in rubric order."""
        return min(self.scores, key=lambda s: s.score).reward

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": {s.reward.value: s.to_dict() for s in self.scores},
            "scorer": self.scorer,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        raw = data["scores"]
        scores = tuple(
            RewardScore(
                reward=reward,
                score=int(raw[reward.value]["score"]),
                evidence=tuple(raw[reward.value].get("evidence", ())),
                rationale=str(raw[reward.value].get("rationale", "")),
                spread=float(raw[reward.value].get("spread", 0.0)),
                uncertain=bool(raw[reward.value].get("uncertain", False)),
            )
            for reward in Reward
        )
        return cls(scores=scores, scorer=str(data["scorer"]))


def combine(cards: Sequence[Scorecard]) -> Scorecard:
    """k repeat scorings of one answer -> one card: the median score per reward (the lower
    median when k is even, so an even split never rounds up), spread = max - min,
    uncertain when the spread is more than one point. Evidence and rationale come from the
    first card whose score equals that median, so the quote matches the number shown."""
    if not cards:
        raise ValueError("combine() needs at least one scorecard")
    combined: list[RewardScore] = []
    for reward in Reward:
        values = [card[reward].score for card in cards]
        median = statistics.median_low(values)
        spread = float(max(values) - min(values))
        source = next(card[reward] for card in cards if card[reward].score == median)
        combined.append(
            RewardScore(
                reward=reward,
                score=median,
                evidence=source.evidence,
                rationale=source.rationale,
                spread=spread,
                uncertain=spread > UNCERTAIN_SPREAD,
            )
        )
    names = list(dict.fromkeys(card.scorer for card in cards))
    return Scorecard(scores=tuple(combined), scorer="+".join(names))
