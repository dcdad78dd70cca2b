"""Probes aim at the weakest reward, fit the round and never repeat."""

from __future__ import annotations

import pytest

from coach.drills.probes import ProbeBank, ProbeError, next_probe, reward_order
from coach.drills.rubric import Reward
from coach.drills.scenarios import Round
from coach.drills.scoring import RewardScore, Scorecard


def card(**scores: int) -> Scorecard:
    return Scorecard(
        tuple(RewardScore(r, scores.get(r.value, 3), (), "") for r in Reward), scorer="rules"
    )


def test_the_shipped_probes_cover_every_reward_several_times() -> None:
    bank = ProbeBank.load()
    for reward in Reward:
        for round_ in Round:
            assert len(bank.for_reward(reward, round_)) >= 4, (reward, round_)


def test_the_probe_aims_at_the_weakest_reward() -> None:
    probe = next_probe(card(verification=1), Round.JUDGMENT, ())
    assert probe is not None
    assert probe.reward is Reward.VERIFICATION


def test_round_specific_probes_come_first() -> None:
    probe = next_probe(card(verification=1), Round.DIAGNOSIS, ())
    assert probe is not None
    assert Round.DIAGNOSIS in probe.rounds


def test_ties_are_broken_by_what_the_round_is_about() -> None:
    tied = card(framing=1, diagnosis=1, taste=1, verification=1, communication=1)
    assert reward_order(tied, Round.DIAGNOSIS)[0] is Reward.DIAGNOSIS
    assert reward_order(tied, Round.BUILD)[0] is Reward.VERIFICATION
    assert reward_order(tied, "judgment")[0] is Reward.TASTE


def test_probes_never_repeat_and_move_on_when_a_reward_is_exhausted() -> None:
    weak = card(communication=1)
    asked: list[str] = []
    rewards = []
    while (probe := next_probe(weak, Round.SCREEN, asked)) is not None:
        assert probe.id not in asked
        asked.append(probe.id)
        rewards.append(probe.reward)
    bank = ProbeBank.load()
    assert len(asked) == sum(len(bank.for_reward(r, Round.SCREEN)) for r in Reward)
    first_other = next(i for i, r in enumerate(rewards) if r is not Reward.COMMUNICATION)
    assert all(r is Reward.COMMUNICATION for r in rewards[:first_other])
    assert all(r is not Reward.COMMUNICATION for r in rewards[first_other:])


def test_asked_may_hold_probe_texts_as_well_as_ids() -> None:
    first = next_probe(card(taste=1), Round.BUILD, ())
    assert first is not None
    second = next_probe(card(taste=1), Round.BUILD, [first.text])
    assert second is not None and second.id != first.id


def test_a_malformed_probe_file_is_rejected() -> None:
    with pytest.raises(ProbeError, match="no probes for"):
        ProbeBank.from_dict({"probes": [{"id": "x", "reward": "taste", "text": "Why?"}]})
    with pytest.raises(ProbeError, match="probe 'y'"):
        ProbeBank.from_dict({"probes": [{"id": "y", "reward": "charm", "text": "Why?"}]})
