"""Hidden facts come out only for questions that ask about them."""

from __future__ import annotations

import pytest

from coach.drills.reveal import is_asking, reveal
from coach.drills.scenarios import ScenarioBank


@pytest.fixture(scope="module")
def scenario():
    return ScenarioBank.load().get("diag-checkout-p99")


def ids(facts) -> list[str]:
    return [f.id for f in facts]


def test_a_matching_question_reveals_the_fact(scenario) -> None:
    assert ids(reveal("What changed in the config for this release?", scenario, ())) == [
        "pool-config"
    ]


def test_matching_ignores_case_and_word_forms(scenario) -> None:
    assert "pool-config" in ids(reveal("WHAT ARE THE POOL SIZES NOW?", scenario, ()))
    assert "traffic-flat" in ids(reveal("Did the load change on Tuesday?", scenario, ()))


def test_an_explicit_request_to_know_counts_as_asking(scenario) -> None:
    turn = "Before I answer, I'd want to know whether traffic went up on Tuesday."
    assert ids(reveal(turn, scenario, ())) == ["traffic-flat"]
    assert ids(reveal("Can you tell me what shipped in the release?", scenario, ())) == [
        "promo-feature"
    ]


def test_a_statement_that_mentions_a_trigger_reveals_nothing(scenario) -> None:
    assert (
        reveal("The pool size is probably too small. Traffic is flat, I assume.", scenario, ())
        == []
    )
    assert reveal("I'd scale up because of the traffic.", scenario, ()) == []


def test_only_the_asking_sentence_of_a_turn_counts(scenario) -> None:
    turn = "I think traffic is fine. What was in the release notes?"
    assert ids(reveal(turn, scenario, ())) == ["promo-feature"]


def test_a_question_about_something_else_reveals_nothing(scenario) -> None:
    assert reveal("Who is on call this week?", scenario, ()) == []


def test_already_revealed_facts_are_not_repeated(scenario) -> None:
    turn = "What changed in the config, and what about traffic?"
    assert ids(reveal(turn, scenario, ())) == ["pool-config", "traffic-flat"]
    assert ids(reveal(turn, scenario, {"pool-config"})) == ["traffic-flat"]


@pytest.mark.parametrize(
    ("sentence", "asking"),
    [
        ("Is there a policy?", True),
        ('He asked "is it safe?"', True),
        ("I'd want to check whether the pool changed.", True),
        ("So, do we know the timeline", True),
        ("I wonder what the partner contract says.", True),
        ("The pool changed.", False),
        ("What I'd do is roll back.", False),
    ],
)
def test_is_asking(sentence: str, asking: bool) -> None:
    assert is_asking(sentence) is asking
