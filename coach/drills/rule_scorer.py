"""The rule path: the same checklist the model answers, each check matched by rules.

Works with no model loaded, and is deterministic. A shared check is met by a sentence
carrying one of its answer signals (`answer_signals`); a scenario's own check by a
sentence matching one of its cue patterns (and, for diagnosis in the diagnosis and build
rounds, by naming the planted flaw with a term the prompt does not print). The shared
communication checks are whole-answer rules (`clear`, `structured`, `executive`): how an
answer is organised is not one sentence's property. Hollow sentences (`substance`) never
count. The score is `checklist.card_from_results`: the same arithmetic as the model path,
so both paths read the same way.

Known limits: patterns miss paraphrases and can be gamed by saying the right words with
substance; bench/quality.py measures how often the order of answers comes out right.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import cache

from coach.drills.answer_signals import AnswerSignals, Signal, detect_signals
from coach.drills.checklist import Check, CheckResult, card_from_results, checklist, cue_pattern
from coach.drills.rubric import Reward, Rubric
from coach.drills.scenarios import Round, Scenario
from coach.drills.scoring import Scorecard
from coach.drills.substance import Vocabulary, is_concrete, is_hollow
from coach.drills.text import Sentence

SCORER_NAME = "rules"
ASKS_CHECK = "framing-asks"
CLEAR_RULE = "clear"
CLEAR_CONCRETE_SENTENCES = 3  # a clear answer says at least this many concrete things
STRUCTURED_RULE = "structured"
EXECUTIVE_RULE = "executive"
STRUCTURED_MARKERS = 2  # one "then" is a sentence that follows another, not a structure


@cache
def _default_rubric() -> Rubric:
    # The rubric file is immutable package data; reading it once per process is enough.
    return Rubric.load()


def score_answer(
    answer: str,
    scenario: Scenario,
    *,
    revealed: Collection[str] = (),
    questions_asked: Sequence[str] = (),
    rubric: Rubric | None = None,
) -> Scorecard:
    """Score `answer` (possibly several turns joined) to `scenario` on the rule path.

    `questions_asked`: the candidate's question turns; one not already in `answer` can
    still meet the "asks before solving" check, quoted from that turn. `revealed` (ids of
    hidden facts earned) is noted in the framing reading."""
    rubric = rubric or _default_rubric()
    results = rule_results(answer, scenario, questions_asked=questions_asked)
    notes: dict[Reward, str] = {}
    signals = detect_signals(answer)
    if signals.rambling:
        notes[Reward.COMMUNICATION] = (
            f"{signals.count(Signal.LONG_SENTENCE)} sentence(s) run past 45 words and "
            f"{signals.filler_count} filler word(s) in {signals.word_count} words"
        )
    earlier = [q for q in questions_asked if q.strip() and q.strip() not in answer]
    asked = [
        f"asked {len(earlier)} question(s) in earlier turns" if earlier else "",
        f"earned {len(set(revealed))} hidden fact(s) by asking" if revealed else "",
    ]
    if any(asked):
        notes[Reward.FRAMING] = "; ".join(filter(None, asked))
    return card_from_results(results, SCORER_NAME, rubric, notes=notes)


def rule_evidence(
    answer: str, scenario: Scenario, *, questions_asked: Sequence[str] = ()
) -> dict[str, list[Sentence]]:
    """Every sentence the rules accept for each check of the scenario's checklist, by
    check id, in answer order (empty when the rules find the check unmet)."""
    signals = detect_signals(answer)
    vocabulary = Vocabulary.of(scenario)
    flaw = hidden_flaw_terms(scenario)
    evidence: dict[str, list[Sentence]] = {}
    for check in checklist(scenario):
        if check.reward is Reward.COMMUNICATION and signals.rambling:
            found = []  # a rambling answer is the anchor of 1, whatever words it uses
        elif check.rule == CLEAR_RULE:
            found = _clear(signals, vocabulary)
        elif check.rule == EXECUTIVE_RULE:
            found = [s for s in _executive(signals) if not is_hollow(s.text, vocabulary)]
        elif check.rule == STRUCTURED_RULE:
            found = [s for s in _structured(signals) if not is_hollow(s.text, vocabulary)]
        else:
            found = [
                s
                for s in matching(check, signals, scenario, flaw)
                if not is_hollow(s.text, vocabulary)
            ]
        if check.id == ASKS_CHECK and not found:
            found = [
                s
                for q in questions_asked
                if q.strip() and q.strip() not in answer
                for s in detect_signals(q).sentences_for(Signal.QUESTION)
            ]
        evidence[check.id] = found
    return evidence


def rule_results(
    answer: str, scenario: Scenario, *, questions_asked: Sequence[str] = ()
) -> list[CheckResult]:
    """Each check of the scenario's checklist, decided by rules, with its quote."""
    evidence = rule_evidence(answer, scenario, questions_asked=questions_asked)
    used: dict[str, Reward] = {}  # quote -> the reward that used it first
    out: list[CheckResult] = []
    for check in checklist(scenario):
        quote = _pick(evidence[check.id], check.reward, used)
        if quote:
            used.setdefault(quote, check.reward)
        out.append(CheckResult(check, bool(quote), quote, votes=int(bool(quote))))
    return out


def matching(
    check: Check, signals: AnswerSignals, scenario: Scenario, flaw: Sequence[str]
) -> list[Sentence]:
    """The answer's sentences that meet `check` by rule, in answer order."""
    hits: dict[int, Sentence] = {}
    for signal in check.signals:
        for sentence in signals.sentences_for(signal):
            hits[sentence.start] = sentence
    patterns = [cue_pattern(c) for c in check.cues]
    own = ":" in check.id  # a scenario's own check
    if own and check.reward is Reward.DIAGNOSIS:
        # Finding the cause is finding what is not printed: a cue the prompt or artifact
        # already shows ("UTC" in a query) proves nothing when the candidate repeats it.
        visible = _visible(scenario)
        patterns = [p for p in patterns if not p.search(visible)]
        if scenario.round in (Round.DIAGNOSIS, Round.BUILD):
            patterns += [_term_pattern(t) for t in flaw]
    for sentence in signals.sentences:
        low = " ".join(sentence.lower.replace("’", "'").split())
        if any(p.search(low) for p in patterns):
            hits[sentence.start] = sentence
    return [hits[k] for k in sorted(hits)]


def _clear(signals: AnswerSignals, vocabulary: Vocabulary) -> list[Sentence]:
    """An answer that does not ramble and says several concrete things: its first
    concrete sentence is the quote; otherwise nothing."""
    if signals.rambling:
        return []
    concrete = [
        s
        for s in signals.sentences
        if not is_hollow(s.text, vocabulary) and is_concrete(s.text, vocabulary)
    ]
    return concrete[:1] if len(concrete) >= CLEAR_CONCRETE_SENTENCES else []


def _structured(signals: AnswerSignals) -> list[Sentence]:
    """The sentences that show the answer is organised as a whole: a summary or
    recommendation up front, pushback handled, or steps marked in order at least
    `STRUCTURED_MARKERS` times. A single marked sentence is not a structure. Steps come
    first, so the quote is a step and the summary is left to quote for `_executive`."""
    steps = signals.sentences_for(Signal.STRUCTURE)
    hits = [
        *(steps if len(steps) >= STRUCTURED_MARKERS else ()),
        *signals.sentences_for(Signal.PUSHBACK),
        *signals.sentences_for(Signal.SUMMARY_UP_FRONT),
    ]
    return list(dict.fromkeys(hits))


def _executive(signals: AnswerSignals) -> list[Sentence]:
    """The anchor of 4: a summary or recommendation up front with the engineering detail
    laid out in order after it (exec summary plus engineer detail), or dissent brought
    to a decision inside an answer that is itself structured."""
    summary = signals.sentences_for(Signal.SUMMARY_UP_FRONT)
    steps = [s for s in signals.sentences_for(Signal.STRUCTURE) if s not in summary]
    if len(steps) < STRUCTURED_MARKERS:
        return []
    hits = {*summary, *signals.sentences_for(Signal.PUSHBACK)}
    return sorted(hits, key=lambda s: s.start)


def _pick(found: Sequence[Sentence], reward: Reward, used: dict[str, Reward]) -> str:
    """The first sentence no other reward has quoted yet, else the first: each reward's
    evidence stays its own where the answer allows it."""
    for sentence in found:
        if used.get(sentence.text, reward) is reward:
            return sentence.text
    return found[0].text if found else ""


def _visible(scenario: Scenario) -> str:
    return " ".join(f"{scenario.title} {scenario.prompt} {scenario.artifact}".lower().split())


def hidden_flaw_terms(scenario: Scenario) -> tuple[str, ...]:
    """Flaw terms the candidate cannot simply copy: those not printed in the title, prompt
    or artifact. Repeating "cgroup v2" from a change log shows no insight."""
    visible = _visible(scenario)
    return tuple(t for t in scenario.flaw_terms if not _term_pattern(t).search(visible))


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    # Word boundaries only where the term starts or ends with a word character, so
    # "(page - 1)" and "50%" still match literally.
    body = re.escape(" ".join(term.lower().split()))
    left = r"\b" if term[:1].isalnum() else ""
    right = r"\b" if term[-1:].isalnum() else ""
    return re.compile(f"{left}{body}{right}")
