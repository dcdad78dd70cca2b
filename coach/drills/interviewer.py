"""The interviewer's next turn: worded by the model when one is loaded, else a rule probe.

Either way the turn aims at the weakest reward so far: the answers so far are scored
on the rule path and `next_probe` picks the reward and the probe. The model sees only
the scenario, the candidate's turns and the facts they have earned, so it cannot give
a hidden fact away; its question is still checked (one question, not a repeat, no
detail of an unearned fact, no request for private details, no topic taken from a
sentence of the answers that reads like an instruction to an AI) and replaced by the
probe, with a note saying why, when it fails the check or the model fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.drills.probes import ProbeBank, next_probe, reward_order
from coach.drills.prompts import interviewer_messages, opening_text
from coach.drills.records import SOURCE_MODEL, SOURCE_PROBE, SOURCE_SCENARIO, DrillTurn, Speaker
from coach.drills.rubric import Reward
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import HiddenFact, Scenario
from coach.drills.text import stems
from coach.model_questions import stream_question
from coach.profile import Level, Track
from coach.protocols import ChatModel
from coach.tasks import TaskContext

FOLLOW_UP_MAX_TOKENS = 96
MAX_FOLLOW_UPS = 8  # a real round has time for about this many; then the candidate wraps up
# A question repeating this share of an unearned fact's content words (at least
# LEAK_MIN_WORDS of them) gives the fact away.
LEAK_SHARE = 0.6
LEAK_MIN_WORDS = 4
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Asked:
    text: str
    source: str  # "model" | "probe"
    aim: Reward
    note: str = ""


def next_question(
    scenario: Scenario,
    *,
    level: Level,
    track: Track,
    turns: Sequence[DrillTurn],
    model: ChatModel | None,
    ctx: TaskContext,
    probes: ProbeBank | None = None,
) -> Asked | None:
    """The next follow-up, or None when the round has asked all it will."""
    follow_ups = [
        t for t in turns if t.speaker == Speaker.INTERVIEWER and t.source != SOURCE_SCENARIO
    ]
    if len(follow_ups) >= MAX_FOLLOW_UPS:
        return None
    answers = [t.text for t in turns if t.speaker == Speaker.CANDIDATE]
    revealed = [t.source for t in turns if t.speaker == Speaker.FACT]
    card = score_answer("\n\n".join(answers), scenario, revealed=revealed)
    probe = next_probe(card, scenario.round, {t.text for t in follow_ups}, bank=probes)
    aim = probe.reward if probe is not None else reward_order(card, scenario.round)[0]
    if model is None:
        return None if probe is None else Asked(probe.text, SOURCE_PROBE, probe.reward)
    question, problem = _model_question(
        scenario, level=level, track=track, turns=turns, aim=aim, model=model, ctx=ctx
    )
    if question is not None:
        return Asked(question, SOURCE_MODEL, aim)
    if probe is None:
        return None
    return Asked(
        probe.text,
        SOURCE_PROBE,
        probe.reward,
        note=f"{problem} This question is a rule probe aimed at {probe.reward.value}.",
    )


def _model_question(
    scenario: Scenario,
    *,
    level: Level,
    track: Track,
    turns: Sequence[DrillTurn],
    aim: Reward,
    model: ChatModel,
    ctx: TaskContext,
) -> tuple[str | None, str]:
    question, problem = stream_question(
        model,
        interviewer_messages(scenario, level, track, turns, aim),
        max_tokens=FOLLOW_UP_MAX_TOKENS,
        ctx=ctx,
        doing="asking the next question",
        material=[t.text for t in turns if t.speaker == Speaker.CANDIDATE],
        trusted=[opening_text(scenario), *(t.text for t in turns if t.speaker == Speaker.FACT)],
    )
    if question is None:
        return None, problem
    asked = {_norm(t.text) for t in turns if t.speaker == Speaker.INTERVIEWER}
    if _norm(question) in asked:
        return None, "The model repeated a question already asked."
    earned = {t.source for t in turns if t.speaker == Speaker.FACT}
    hidden = [f for f in scenario.hidden_facts if f.id not in earned]
    visible = " ".join([opening_text(scenario), *(t.text for t in turns)])
    if any(gives_away(question, fact, visible) for fact in hidden):
        return None, "The model's question gave away a fact the candidate had not asked for."
    return question, ""


def gives_away(question: str, fact: HiddenFact, visible: str) -> bool:
    """True when `question` carries a detail of `fact` that is not already in `visible`
    (the scenario and the drill so far): a number, or most of the fact's content words."""
    seen_numbers = set(_NUMBER.findall(visible))
    if set(_NUMBER.findall(question)) & (set(_NUMBER.findall(fact.fact)) - seen_numbers):
        return True
    content = _content(fact.fact)
    if len(content) < LEAK_MIN_WORDS:
        return False
    shared = content & _content(question)
    return len(shared) >= LEAK_MIN_WORDS and len(shared) / len(content) >= LEAK_SHARE


def _content(text: str) -> set[str]:
    return {s for s in stems(text) if len(s) > 3}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
