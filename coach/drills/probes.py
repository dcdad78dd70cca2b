"""Rule-based interviewer follow-ups, aimed at the weakest reward so far.

The probes are data (resources/drills/probes.json). Choosing one is deterministic: the
lowest-scoring reward first, ties broken by what the round is mostly about, then rubric
order; within a reward, probes written for this round before general ones, each asked
at most once.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from coach.drills.rubric import Reward
from coach.drills.scenarios import Round
from coach.drills.scoring import Scorecard

# What each round mainly tests; breaks ties between equally weak rewards.
ROUND_FOCUS: Mapping[Round, tuple[Reward, ...]] = {
    Round.SCREEN: (Reward.FRAMING, Reward.COMMUNICATION),
    Round.DIAGNOSIS: (Reward.DIAGNOSIS, Reward.FRAMING, Reward.VERIFICATION),
    Round.BUILD: (Reward.VERIFICATION, Reward.DIAGNOSIS, Reward.TASTE),
    Round.JUDGMENT: (Reward.TASTE, Reward.COMMUNICATION, Reward.FRAMING),
}


class ProbeError(ValueError):
    """The probes file is malformed."""


@dataclass(frozen=True)
class Probe:
    id: str
    reward: Reward
    text: str
    rounds: tuple[Round, ...] = ()  # empty: fits any round

    def fits(self, round_: Round) -> bool:
        return not self.rounds or round_ in self.rounds


@dataclass(frozen=True)
class ProbeBank:
    probes: tuple[Probe, ...]

    @classmethod
    def load(cls) -> ProbeBank:
        ref = resources.files("resources") / "drills" / "probes.json"
        return cls.from_dict(json.loads(ref.read_text(encoding="utf-8")), origin="probes.json")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "probes") -> ProbeBank:
        probes: list[Probe] = []
        for item in data.get("probes", ()):
            pid = str(item.get("id", "")).strip()
            try:
                probe = Probe(
                    id=pid,
                    reward=Reward(item["reward"]),
                    text=str(item["text"]).strip(),
                    rounds=tuple(Round(r) for r in item.get("rounds", ())),
                )
            except (KeyError, ValueError) as exc:
                raise ProbeError(f"{origin}: probe {pid or '?'!r}: {exc}") from None
            if not (probe.id and probe.text):
                raise ProbeError(f"{origin}: probe {pid or '?'!r} needs an id and a text")
            probes.append(probe)
        ids = [p.id for p in probes]
        if len(set(ids)) != len(ids):
            raise ProbeError(f"{origin}: probe ids must be unique")
        missing = [r.value for r in Reward if not any(p.reward is r for p in probes)]
        if missing:
            raise ProbeError(f"{origin}: no probes for {', '.join(missing)}")
        return cls(tuple(probes))

    def for_reward(self, reward: Reward, round_: Round) -> tuple[Probe, ...]:
        """Probes for `reward` that fit `round_`: round-specific ones first."""
        fitting = [p for p in self.probes if p.reward is reward and p.fits(round_)]
        return tuple(sorted(fitting, key=lambda p: not p.rounds))  # stable: file order kept


@cache
def _default_bank() -> ProbeBank:
    # Immutable package data; read once per process.
    return ProbeBank.load()


def reward_order(card: Scorecard, round_: Round | str) -> tuple[Reward, ...]:
    """Rewards from weakest to strongest; ties by the round's focus, then rubric order."""
    focus = ROUND_FOCUS[Round(round_)]
    rubric = list(Reward)

    def key(reward: Reward) -> tuple[int, int, int]:
        in_focus = focus.index(reward) if reward in focus else len(focus)
        return card.score(reward), in_focus, rubric.index(reward)

    return tuple(sorted(Reward, key=key))


def next_probe(
    card: Scorecard,
    round: Round | str,
    asked: Collection[str],
    *,
    bank: ProbeBank | None = None,
) -> Probe | None:
    """The follow-up to ask next, or None once every fitting probe has been asked.
    `asked` holds probe ids or probe texts already used in this drill."""
    bank = bank or _default_bank()
    round_ = Round(round)
    for reward in reward_order(card, round_):
        for probe in bank.for_reward(reward, round_):
            if probe.id not in asked and probe.text not in asked:
                return probe
    return None
