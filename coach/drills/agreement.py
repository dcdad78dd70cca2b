"""How well a scorer agrees with human labels: the share of ordered pairs it gets right.

Used by bench/scoring.py and the labelled-set test now, and meant for comparing a
model-backed scorer with the rule path later. A pair is two answers whose labels differ on
a reward; the scorer is right when its scores order them the same way. A tie in the
scorer counts as wrong: it failed to tell apart two answers a person did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from coach.drills.rubric import Reward


@dataclass(frozen=True)
class Agreement:
    correct: int
    ties: int  # counted as wrong
    pairs: int

    @property
    def share(self) -> float:
        return self.correct / self.pairs if self.pairs else 0.0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(
            self.correct + other.correct, self.ties + other.ties, self.pairs + other.pairs
        )


def pairwise(labels: Sequence[int], predicted: Sequence[int]) -> Agreement:
    if len(labels) != len(predicted):
        raise ValueError("labels and predictions must be the same length")
    correct = ties = pairs = 0
    for i, j in combinations(range(len(labels)), 2):
        if labels[i] == labels[j]:
            continue
        pairs += 1
        if predicted[i] == predicted[j]:
            ties += 1
        elif (labels[i] < labels[j]) == (predicted[i] < predicted[j]):
            correct += 1
    return Agreement(correct, ties, pairs)


def per_reward(
    labels: Sequence[Mapping[str, int]], predicted: Sequence[Mapping[str, int]]
) -> dict[Reward, Agreement]:
    """Agreement for each reward; rows are answers, keys are reward values."""
    return {
        reward: pairwise(
            [row[reward.value] for row in labels], [p[reward.value] for p in predicted]
        )
        for reward in Reward
    }


def overall(
    labels: Sequence[Mapping[str, int]], predicted: Sequence[Mapping[str, int]]
) -> Agreement:
    total = Agreement(0, 0, 0)
    for agreement in per_reward(labels, predicted).values():
        total += agreement
    return total
