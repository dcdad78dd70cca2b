"""Mock interview rounds ("drills"): the scenario bank, the rubric, answer signals, the
rule-based scorer, hidden-fact reveal and interviewer probes. Qt-free and model-free; a
model-backed scorer returns the same `Scorecard` type.

A drill, in outline::

    bank = ScenarioBank.load()
    scenario = bank.surprise(profile.level, profile.track, rng, round=Round.DIAGNOSIS)
    facts = reveal(candidate_turn, scenario, already=revealed_ids)  # per question turn
    card = score_answer(answer, scenario, revealed=revealed_ids)
    probe = next_probe(card, scenario.round, asked=asked_probe_ids)
"""

from __future__ import annotations

from coach.drills.answer_signals import AnswerSignals, Signal, detect_signals
from coach.drills.probes import Probe, ProbeBank, next_probe
from coach.drills.reveal import is_asking, reveal
from coach.drills.rubric import Reward, Rubric
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import (
    HiddenFact,
    Round,
    Scenario,
    ScenarioBank,
    ScenarioError,
    ScenarioType,
)
from coach.drills.scoring import RewardScore, Scorecard, combine

__all__ = [
    "AnswerSignals",
    "HiddenFact",
    "Probe",
    "ProbeBank",
    "Reward",
    "RewardScore",
    "Round",
    "Rubric",
    "Scenario",
    "ScenarioBank",
    "ScenarioError",
    "ScenarioType",
    "Scorecard",
    "Signal",
    "combine",
    "detect_signals",
    "is_asking",
    "next_probe",
    "reveal",
    "score_answer",
]
