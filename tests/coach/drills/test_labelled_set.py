"""The labelled answer set is well formed, and the rule scorer orders it well enough.

The ordering check is a quality check on data, not a timing assert: the share of pairs
of answers (labels differing on a reward) that the rule scorer orders the same way as the
labels, ties counted as wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from coach.drills.agreement import overall, pairwise
from coach.drills.rubric import Reward
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import Round, ScenarioBank

LABELLED = Path(__file__).with_name("labelled_answers.json")
MIN_ORDERING = 0.80


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return json.loads(LABELLED.read_text(encoding="utf-8"))["answers"]


def test_the_set_is_well_formed(items: list[dict]) -> None:
    bank = ScenarioBank.load()
    assert len(items) >= 20
    assert len({item["id"] for item in items}) == len(items)
    rounds = Counter(bank.get(item["scenario_id"]).round for item in items)
    assert all(rounds[r] >= 4 for r in Round), rounds
    for item in items:
        assert 80 <= len(item["answer"].split()) <= 300, item["id"]
        assert set(item["labels"]) == {r.value for r in Reward}, item["id"]
        assert all(1 <= v <= 4 for v in item["labels"].values()), item["id"]
    # Every reward spans the scale, so ordering it means something.
    for reward in Reward:
        assert {item["labels"][reward.value] for item in items} == {1, 2, 3, 4}, reward


def test_the_rule_scorer_orders_at_least_80_percent_of_pairs(items: list[dict]) -> None:
    bank = ScenarioBank.load()
    labels = [item["labels"] for item in items]
    predicted = []
    for item in items:
        card = score_answer(item["answer"], bank.get(item["scenario_id"]))
        predicted.append({r.value: card.score(r) for r in Reward})
    agreement = overall(labels, predicted)
    assert agreement.share >= MIN_ORDERING, agreement


def test_pairwise_counts_ties_as_wrong() -> None:
    agreement = pairwise([1, 2, 3], [1, 1, 4])
    assert (agreement.correct, agreement.ties, agreement.pairs) == (2, 1, 3)
    assert pairwise([2, 2], [1, 4]).pairs == 0
