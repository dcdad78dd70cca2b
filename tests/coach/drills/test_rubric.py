"""The rubric file names the five rewards in order with four anchors each."""

from __future__ import annotations

import pytest

from coach.drills.rubric import Reward, Rubric, RubricError


def test_rubric_has_the_five_rewards_in_order_with_four_anchors() -> None:
    rubric = Rubric.load()
    assert [spec.reward for spec in rubric.rewards] == list(Reward)
    assert [r.value for r in Reward] == [
        "framing",
        "diagnosis",
        "taste",
        "verification",
        "communication",
    ]
    for spec in rubric.rewards:
        assert len(spec.anchors) == 4
        assert all(text.strip() for text in spec.anchors)
    assert "fix" in rubric.anchor(Reward.DIAGNOSIS, 1).lower()
    assert "riskiest" in rubric.anchor(Reward.VERIFICATION, 4).lower()


def test_anchor_rejects_scores_outside_the_scale() -> None:
    with pytest.raises(ValueError, match=r"1\.\.4"):
        Rubric.load().anchor(Reward.TASTE, 5)


def test_a_rubric_missing_a_reward_is_rejected() -> None:
    anchors = {str(n): "text" for n in range(1, 5)}
    data = {"rewards": [{"id": r.value, "name": r.value, "anchors": anchors} for r in Reward][:4]}
    with pytest.raises(RubricError, match="exactly framing"):
        Rubric.from_dict(data)


def test_a_rubric_with_an_empty_anchor_is_rejected() -> None:
    anchors = {"1": "a", "2": "", "3": "c", "4": "d"}
    data = {"rewards": [{"id": r.value, "name": r.value, "anchors": anchors} for r in Reward]}
    with pytest.raises(RubricError, match="empty anchor"):
        Rubric.from_dict(data)
