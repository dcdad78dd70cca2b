"""Scoring by checklist: the bank's checks, the floors the rule path holds on the held-out
half of the labelled set (bench/data/quality/drills), and the pipeline end to end on the
real Qwen 0.5B instruct model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach.drills.checklist import (
    GENERIC_PER_REWARD,
    CheckResult,
    card_from_results,
    checklist,
    generic_checks,
)
from coach.drills.model_checks import _majority, score_with_checks
from coach.drills.rubric import Reward, Rubric
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import Scenario, ScenarioBank
from coach.drills.substance import Vocabulary, is_hollow
from coach.profile import Level
from coach.tasks import Progress, TaskContext
from tests.coach.drills.readings import checks_met

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "quality" / "drills"
ORDERED = (("strong", "medium"), ("strong", "decoy"), ("strong", "weak"), ("medium", "decoy"),
           ("medium", "weak"))  # fmt: skip
RULES_HOLDOUT_FLOOR = 0.90  # the target for the rule path


@pytest.fixture(scope="module")
def bank() -> ScenarioBank:
    return ScenarioBank.load()


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return Rubric.load()


def _holdout() -> dict[str, dict[str, str]]:
    answers = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))["answers"]
    split = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for item in answers:
        if item["scenario_id"] in split["holdout"]:
            out.setdefault(item["scenario_id"], {})[item["tier"]] = item["answer"]
    return out


def _total(answer: str, scenario: Scenario) -> int:
    card = score_answer(answer, scenario)
    return sum(card.score(r) for r in Reward)


def test_every_bank_scenario_has_its_own_check_per_reward(bank: ScenarioBank) -> None:
    for scenario in bank.scenarios:
        checks = checklist(scenario)
        wanted = [r for r in Reward for _ in range(GENERIC_PER_REWARD[r] + 1)]
        assert [c.reward for c in checks] == wanted, scenario.id
        own = [c for c in checks if ":" in c.id]
        assert len(own) == len(Reward), scenario.id
        for check in own:
            assert check.text.endswith("?") and check.cues and 2 <= check.anchor <= 4
            assert all(re.compile(cue) for cue in check.cues)
    assert {c.anchor for c in generic_checks()} == {2, 3, 4}
    # Only communication's top anchor is the same for every scenario.
    assert {c.reward for c in generic_checks() if c.anchor == 4} == {Reward.COMMUNICATION}


def test_the_split_was_fixed_and_covers_every_round(bank: ScenarioBank) -> None:
    split = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    assert not set(split["tune"]) & set(split["holdout"])
    assert len(split["tune"]) + len(split["holdout"]) >= 20
    answers = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))["answers"]
    assert len(answers) >= 80
    for part in ("tune", "holdout"):
        assert {bank.get(s).round for s in split[part]} == {s.round for s in bank.scenarios}


def test_the_rule_path_orders_the_holdout_answers(bank: ScenarioBank) -> None:
    right = pairs = 0
    sums = dict.fromkeys(("strong", "medium", "decoy", "weak"), 0)
    for scenario_id, tiers in _holdout().items():
        scenario = bank.get(scenario_id)
        totals = {tier: _total(answer, scenario) for tier, answer in tiers.items()}
        for high, low in ORDERED:
            pairs += 1
            right += totals[high] > totals[low]
        for tier, value in totals.items():
            sums[tier] += value
    assert right / pairs >= RULES_HOLDOUT_FLOOR, (right, pairs)
    assert sums["strong"] > sums["medium"] > sums["decoy"]  # buzzwords lose to substance


def test_numbers_and_readings_agree_and_evidence_is_each_rewards_own(
    bank: ScenarioBank,
) -> None:
    for scenario_id, tiers in _holdout().items():
        scenario = bank.get(scenario_id)
        card = score_answer(tiers["strong"], scenario)
        for score in card.scores:
            checks_met(score, scenario)
            assert all(quote in tiers["strong"] for quote in score.evidence)
        quoted = [s.evidence for s in card.scores if s.evidence]
        assert len(set(quoted)) > 1, scenario_id  # not one quote for all five


def test_hollow_sentences_are_not_evidence(bank: ScenarioBank) -> None:
    vocabulary = Vocabulary.of(bank.get("diag-checkout-p99"))
    assert is_hollow("We'll leverage robust observability and best practices.", vocabulary)
    assert is_hollow("It will be fine.", vocabulary) is False  # no buzz: just says nothing
    assert not is_hollow("The pool shows 37 requests waiting for a connection.", vocabulary)


def test_the_majority_of_runs_decides_a_check(bank: ScenarioBank, rubric: Rubric) -> None:
    check = checklist(bank.get("diag-checkout-p99"))[0]
    met = _majority(check, ["Why?", "", "Why?"])
    assert met.met and met.quote == "Why?" and (met.votes, met.runs) == (2, 3)
    assert not _majority(check, ["Why?", "", ""]).met
    assert not _majority(check, [""]).met
    card = card_from_results([met], "m", rubric)
    assert card.score(Reward.FRAMING) == 2 and "(2 of 3 runs)" in card[Reward.FRAMING].rationale
    with pytest.raises(ValueError, match="needs a quote"):
        CheckResult(check, True, "")


@pytest.mark.slow
@pytest.mark.timeout(900)  # 16 checks x 5 answers on 2 cores: about 4 minutes alone
def test_the_checklist_end_to_end_on_qwen_05b(
    bank: ScenarioBank, rubric: Rubric, instruct_model_path: Path
) -> None:
    """Real llama.cpp, real chat template: progress per check, quotes that are sentences
    of the answer, numbers that match the readings, the floor for a non-answer, and a
    strong answer over a weak one on two held-out scenarios."""
    from models.chat_engine import ChatEngine

    engine = ChatEngine(instruct_model_path, n_threads=2)
    try:
        scenario = bank.get("judg-error-budget-launch")
        progress: list[Progress] = []
        floor = score_with_checks(
            engine, scenario, level=Level.STAFF, answer="We should just freeze everything. "
            "It will be fine.", revealed=(), ctx=TaskContext(on_progress=progress.append),
            k=1, rubric=rubric,
        )  # fmt: skip
        steps = len(checklist(scenario))
        assert [p.text for p in progress][:2] == [
            f"{engine.name}: check 1 of {steps}",
            f"{engine.name}: check 2 of {steps}",
        ]
        assert sum(floor.card.score(r) for r in Reward) <= 7  # at or near the floor of 5
        holdout = _holdout()
        for scenario_id in ("judg-error-budget-launch", "build-report-cache"):
            tiers = holdout[scenario_id]
            cards = {
                tier: score_with_checks(
                    engine, bank.get(scenario_id), level=Level.STAFF, answer=tiers[tier],
                    revealed=(), ctx=TaskContext(), k=1, rubric=rubric,
                ).card
                for tier in ("strong", "weak")
            }  # fmt: skip
            totals = {t: sum(c.score(r) for r in Reward) for t, c in cards.items()}
            assert totals["strong"] > totals["weak"], (scenario_id, totals)
            for tier, card in cards.items():
                for score in card.scores:
                    checks_met(score, bank.get(scenario_id))
                    assert all(q in tiers[tier] for q in score.evidence)
    finally:
        engine.close()
