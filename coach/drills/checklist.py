"""Scoring by checklist: observable yes/no checks per reward, and the score they decide.

Every reward has three checks, communication four. Two are the same for every scenario
(resources/drills/checks.json) and stand for the rubric's lower anchors (communication has
a third shared one for its top anchor, which no scenario changes); the last is the
scenario's own (its `checks` in the bank), the concrete thing a strong answer to *this*
scenario says. Whoever answers the checks (the rules or a model), the score is computed
here from the checks met, 1 + the number met (capped at 4), so the number on the card and
the reading under it are the same fact twice. A check is met only with a quote: a
sentence of the answer.

Length and buzzwords earn nothing: a check is a concrete claim about the answer, and a
sentence made of buzzwords with nothing about the situation (`substance.is_hollow`) is
not accepted as a quote by either path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from coach.drills.answer_signals import Signal
from coach.drills.rubric import MAX_SCORE, MIN_SCORE, Reward, Rubric
from coach.drills.scenarios import Scenario, ScenarioCheck
from coach.drills.scoring import RewardScore, Scorecard

CHECKS_FILE = "checks.json"
# Shared checks per reward. Communication has a third: its top anchor (exec summary plus
# engineer detail, dissent brought to a decision) is the same for every scenario, while the
# other rewards' top anchors are the scenario's own check.
GENERIC_PER_REWARD = {reward: 2 for reward in Reward} | {Reward.COMMUNICATION: 3}


class ChecklistError(ValueError):
    """The shared checks file is malformed: a packaging or editing bug."""


@dataclass(frozen=True)
class Check:
    id: str
    reward: Reward
    anchor: int  # the rubric anchor (2..4) this check is evidence for
    text: str  # the question, as asked of a model and shown to the candidate
    signals: tuple[Signal, ...] = ()  # rule path: any of these answer signals meets it
    cues: tuple[str, ...] = ()  # rule path: any of these patterns (regex) meets it
    rule: str = ""  # rule path: a named whole-answer rule ("clear"), see rule_scorer


@dataclass(frozen=True)
class CheckResult:
    check: Check
    met: bool
    quote: str = ""  # the sentence of the answer that shows it; "" when not met
    votes: int = 0  # repeat runs that said yes with a valid quote
    runs: int = 1

    def __post_init__(self) -> None:
        if self.met and not self.quote:
            raise ValueError(f"{self.check.id}: a met check needs a quote")


@cache
def generic_checks() -> tuple[Check, ...]:
    ref = resources.files("resources") / "drills" / CHECKS_FILE
    data = json.loads(ref.read_text(encoding="utf-8"))
    try:
        checks = tuple(_generic(item) for item in data["checks"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ChecklistError(f"{CHECKS_FILE}: malformed check ({exc})") from exc
    for reward in Reward:
        wanted = GENERIC_PER_REWARD[reward]
        if sum(c.reward is reward for c in checks) != wanted:
            raise ChecklistError(f"{CHECKS_FILE}: {reward} needs {wanted} checks")
    return checks


def _generic(item: Mapping[str, Any]) -> Check:
    return Check(
        id=str(item["id"]),
        reward=Reward(item["reward"]),
        anchor=int(item["anchor"]),
        text=str(item["text"]).strip(),
        signals=tuple(Signal(s) for s in item.get("signals", ())),
        cues=tuple(str(c) for c in item.get("cues", ())),
        rule=str(item.get("rule", "")),
    )


def checklist(scenario: Scenario) -> tuple[Check, ...]:
    """The checks an answer to `scenario` is scored on, in rubric order: per reward the
    shared checks, then the scenario's own (a generated scenario may have none)."""
    own: dict[Reward, ScenarioCheck] = {c.reward: c for c in scenario.checks}
    out: list[Check] = []
    for reward in Reward:
        out.extend(c for c in generic_checks() if c.reward is reward)
        if reward in own:
            item = own[reward]
            out.append(
                Check(
                    id=f"{scenario.id}:{reward.value}",
                    reward=reward,
                    anchor=item.anchor,
                    text=item.text,
                    cues=item.cues,
                )
            )
    return tuple(out)


@cache
def cue_pattern(cue: str) -> re.Pattern[str]:
    return re.compile(cue, re.IGNORECASE)


def card_from_results(
    results: Sequence[CheckResult],
    scorer: str,
    rubric: Rubric,
    *,
    spreads: Mapping[Reward, float] | None = None,
    notes: Mapping[Reward, str] | None = None,
) -> Scorecard:
    """The score card the checks decide: per reward 1 + checks met, capped at 4; the
    evidence is the met checks' quotes; the rationale lists what was met and what not."""
    scores: list[RewardScore] = []
    for reward in Reward:
        mine = [r for r in results if r.check.reward is reward]
        met = [r for r in mine if r.met]
        score = min(MIN_SCORE + len(met), MAX_SCORE)
        evidence = tuple(dict.fromkeys(r.quote for r in met))
        spread = (spreads or {}).get(reward, 0.0)
        rationale = reading(rubric, reward, score, mine)
        note = (notes or {}).get(reward, "")
        if note:
            rationale += f" ({note})"
        scores.append(
            RewardScore(
                reward=reward,
                score=score,
                evidence=evidence,
                rationale=rationale,
                spread=spread,
                uncertain=spread > 1,
            )
        )
    return Scorecard(tuple(scores), scorer)


def reading(rubric: Rubric, reward: Reward, score: int, results: Sequence[CheckResult]) -> str:
    """'Scores 3: <anchor> Met 2 of 3 checks: ✓ …; not met: ✗ …' (votes when k > 1)."""
    met = [r for r in results if r.met]
    missed = [r for r in results if not r.met]
    text = f"Scores {score}: {rubric.anchor(reward, score)} Met {len(met)} of {len(results)} checks"
    if met:
        text += ": " + "; ".join(f"✓ {_said(r)}" for r in met)
    if missed:
        text += ". Not met: " + "; ".join(f"✗ {_said(r)}" for r in missed)
    return text + "."


def _said(result: CheckResult) -> str:
    text = result.check.text.rstrip(".?")
    if result.runs > 1:
        text += f" ({result.votes} of {result.runs} runs)"
    return text
