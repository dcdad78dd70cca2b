"""Scorecard types and the consistency maths of combine()."""

from __future__ import annotations

import pytest

from coach.drills.rubric import Reward
from coach.drills.scoring import RewardScore, Scorecard, combine


def card(scores: dict[Reward, int], scorer: str = "rules", tag: str = "") -> Scorecard:
    return Scorecard(
        scores=tuple(
            RewardScore(r, scores.get(r, 2), (f"{tag}{r.value}-{scores.get(r, 2)}",), f"{tag}why")
            for r in Reward
        ),
        scorer=scorer,
    )


def test_reward_score_rejects_out_of_range_and_string_evidence() -> None:
    with pytest.raises(ValueError, match=r"1\.\.4"):
        RewardScore(Reward.TASTE, 0, (), "")
    with pytest.raises(TypeError, match="tuple"):
        RewardScore(Reward.TASTE, 2, "one sentence", "")  # type: ignore[arg-type]


def test_scorecard_needs_every_reward_in_rubric_order() -> None:
    full = card({})
    with pytest.raises(ValueError, match="rubric order"):
        Scorecard(scores=tuple(reversed(full.scores)), scorer="rules")
    with pytest.raises(ValueError, match="rubric order"):
        Scorecard(scores=full.scores[:4], scorer="rules")


def test_weakest_is_the_lowest_score_with_ties_in_rubric_order() -> None:
    assert card({Reward.VERIFICATION: 1, Reward.TASTE: 3}).weakest() is Reward.VERIFICATION
    tied = card({Reward.TASTE: 1, Reward.COMMUNICATION: 1})
    assert tied.weakest() is Reward.TASTE


def test_to_dict_has_the_agreed_shape_and_round_trips() -> None:
    c = card({Reward.FRAMING: 3})
    data = c.to_dict()
    assert data["scorer"] == "rules"
    assert list(data["scores"]) == [r.value for r in Reward]
    assert data["scores"]["framing"] == {
        "score": 3,
        "evidence": ["framing-3"],
        "spread": 0.0,
        "uncertain": False,
        "rationale": "why",
    }
    assert Scorecard.from_dict(data) == c


def test_combine_takes_the_median_and_measures_the_spread() -> None:
    cards = [
        card({Reward.TASTE: 1, Reward.FRAMING: 3}, tag="a:"),
        card({Reward.TASTE: 2, Reward.FRAMING: 3}, tag="b:"),
        card({Reward.TASTE: 4, Reward.FRAMING: 4}, tag="c:"),
    ]
    combined = combine(cards)
    taste = combined[Reward.TASTE]
    assert taste.score == 2
    assert taste.spread == 3.0
    assert taste.uncertain is True
    assert taste.evidence == ("b:taste-2",)  # from the card that gave the median
    assert taste.rationale == "b:why"
    framing = combined[Reward.FRAMING]
    assert (framing.score, framing.spread, framing.uncertain) == (3, 1.0, False)
    assert framing.evidence == ("a:framing-3",)
    assert combined[Reward.DIAGNOSIS].spread == 0.0


def test_combine_uses_the_lower_median_for_an_even_count() -> None:
    combined = combine([card({Reward.VERIFICATION: 2}), card({Reward.VERIFICATION: 3})])
    assert combined[Reward.VERIFICATION].score == 2
    assert combined[Reward.VERIFICATION].uncertain is False  # spread 1 is not > 1


def test_combine_of_one_card_changes_nothing_but_the_spread_fields() -> None:
    single = card({Reward.TASTE: 4})
    assert combine([single]) == single


def test_combine_names_every_scorer_once_and_needs_a_card() -> None:
    assert combine([card({}, "m1"), card({}, "m1"), card({}, "m2")]).scorer == "m1+m2"
    with pytest.raises(ValueError, match="at least one"):
        combine([])
