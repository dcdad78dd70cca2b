"""The rule path of the checklist: checks met by rules, scores and readings that agree,
quotes that are the candidate's own sentences, and what earns nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.drills.rubric import Reward
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import ScenarioBank
from tests.coach.drills.readings import checks_met

LABELLED = Path(__file__).with_name("labelled_answers.json")


@pytest.fixture(scope="module")
def bank() -> ScenarioBank:
    return ScenarioBank.load()


def test_jumping_to_a_fix_scores_1_on_diagnosis_with_no_evidence(bank: ScenarioBank) -> None:
    answer = (
        "I'd scale the database up to a bigger instance and add a read replica. "
        "That should bring the latency back down today."
    )
    card = score_answer(answer, bank.get("diag-checkout-p99"))
    diagnosis = card[Reward.DIAGNOSIS]
    assert diagnosis.score == 1
    assert diagnosis.evidence == ()
    assert "Met 0 of 3 checks" in diagnosis.rationale and "Not met: ✗" in diagnosis.rationale
    assert card.scorer == "rules"


def test_staged_rollout_with_kill_criteria_scores_at_least_3_on_verification(
    bank: ScenarioBank,
) -> None:
    answer = (
        "We ship the change behind a feature flag to a 5% canary first. "
        "Within the first hour I'd watch p99 latency and the error rate. "
        "We roll back if the error rate rises above 0.5% or p99 passes 500 ms."
    )
    card = score_answer(answer, bank.get("judg-error-budget-launch"))
    verification = card[Reward.VERIFICATION]
    assert verification.score >= 3
    assert verification.evidence and all(quote in answer for quote in verification.evidence)


def test_testing_the_riskiest_assumption_first_reaches_4(bank: ScenarioBank) -> None:
    answer = (
        "The riskiest assumption is that retries are safe, so I'd test that first with a fake "
        "provider that times out after charging. Then a canary on 5% of checkout, and we roll "
        "back if duplicate charges are above zero."
    )
    assert score_answer(answer, bank.get("build-retry-wrapper"))[Reward.VERIFICATION].score == 4


def test_catching_the_planted_flaw_counts_in_the_build_round(bank: ScenarioBank) -> None:
    scenario = bank.get("build-report-cache")
    missed = "Caching looks sensible. I'd lower the TTL to five minutes and ship it."
    caught = (
        "The cache key leaves out the tenant, so one customer can see another customer's "
        "revenue because report ids are shared names. I'd add a test with two tenants asking "
        "for the same report id."
    )
    missed_card = score_answer(missed, scenario)
    caught_card = score_answer(caught, scenario)
    assert caught_card.score(Reward.DIAGNOSIS) >= 2 > missed_card.score(Reward.DIAGNOSIS)
    assert caught_card.score(Reward.VERIFICATION) >= 2 > missed_card.score(Reward.VERIFICATION)
    own = "catch that the cache key leaves out the tenant"
    assert f"✓ Does the candidate {own}" in caught_card[Reward.DIAGNOSIS].rationale


def test_flaw_terms_copied_from_the_artifact_earn_nothing(bank: ScenarioBank) -> None:
    scenario = bank.get("build-daily-revenue-tz")  # artifact prints "UTC" and "local_day"
    copied = "The warehouse session TimeZone is UTC and the column is called local_day."
    assert score_answer(copied, scenario).score(Reward.DIAGNOSIS) == 1


def test_naming_the_planted_cause_beats_a_generic_guess(bank: ScenarioBank) -> None:
    scenario = bank.get("diag-checkout-p99")
    guess = "The most likely cause is the network between the service and the database."
    found = (
        "The most likely cause is the connection pool: requests wait for a connection "
        "while the database itself looks healthy."
    )
    assert score_answer(found, scenario).score(Reward.DIAGNOSIS) > score_answer(
        guess, scenario
    ).score(Reward.DIAGNOSIS)


def test_buzzwords_earn_nothing(bank: ScenarioBank) -> None:
    decoy = (
        "I'd take a holistic, data-driven approach and leverage our observability to drive "
        "alignment. We'd ensure a robust, phased rollout with strong guardrails and best "
        "practices, so the solution is scalable and resilient."
    )
    card = score_answer(decoy, bank.get("judg-error-budget-launch"))
    assert [s.score for s in card.scores] == [1, 1, 1, 1, 1]


def test_a_one_line_non_answer_gets_the_floor(bank: ScenarioBank) -> None:
    card = score_answer(
        "We should just freeze everything. It will be fine.", bank.get("judg-error-budget-launch")
    )
    assert all(s.score == 1 and s.evidence == () for s in card.scores)


def test_questions_from_earlier_turns_and_revealed_facts_lift_framing(bank: ScenarioBank) -> None:
    scenario = bank.get("diag-checkout-p99")
    answer = "The goal is to get checkout back under the SLO. I'd roll back the release."
    alone = score_answer(answer, scenario)
    helped = score_answer(
        answer,
        scenario,
        revealed={"pool-config", "traffic-flat"},
        questions_asked=["What changed in the config?", "Is traffic flat?"],
    )
    said = f"{answer} What changed in the config? Is traffic flat?"
    assert helped.score(Reward.FRAMING) > alone.score(Reward.FRAMING)
    assert "earlier turns" in helped[Reward.FRAMING].rationale
    # The quote may come from the earlier question turn: still the candidate's own words.
    assert all(q in said for q in helped[Reward.FRAMING].evidence)


def test_rambling_scores_1_on_communication(bank: ScenarioBank) -> None:
    answer = (
        "So um basically, like, the thing with this is, you know, that there are a lot of ways "
        "to look at it and I've kind of seen it done in a lot of different ways at a lot of "
        "places and it's sort of hard to say in general what the right way is, I guess, and "
        "basically it depends on a lot of things, you know, so yeah."
    )
    communication = score_answer(answer, bank.get("build-liveness-probe"))[Reward.COMMUNICATION]
    assert communication.score == 1
    assert "filler" in communication.rationale


def test_every_score_has_exact_quotes_a_rationale_and_is_deterministic(
    bank: ScenarioBank,
) -> None:
    items = json.loads(LABELLED.read_text(encoding="utf-8"))["answers"]
    for item in items:
        scenario = bank.get(item["scenario_id"])
        card = score_answer(item["answer"], scenario)
        assert card == score_answer(item["answer"], scenario)
        for score in card.scores:
            assert len(score.evidence) <= checks_met(score, scenario)
            # Level 1 quotes nothing; any higher level, scored from the answer alone, quotes
            # the sentences that earned it.
            assert (score.score == 1) == (score.evidence == ()), (item["id"], score.reward)
            for quote in score.evidence:
                assert quote and quote in item["answer"], (item["id"], score.reward, quote)
