"""The rule path: each reward scored 1-4 from answer signals against the rubric anchors.

Works with no model loaded. Deterministic: the same answer, scenario and context always
give the same card. Each level needs the signals its anchor describes, and the sentences
that carried them become the evidence; a level-1 score has no evidence by definition.

Round awareness:
- diagnosis round: ranking causes earns 3 only when the answer also separates symptom
  from cause or names the planted cause (`flaw_terms`); naming it and saying how to check
  it counts as verification too.
- build round: catching the planted flaw is diagnosis (it is the bug) and verification
  (it is checking the tool's output); explaining it (a reason given, or two of its terms)
  earns 3 on diagnosis, catching it and saying how to test it earns 3 on verification.
- screen and judgment rounds: naming the real problem behind the presented one counts as
  separating symptom from cause.
Flaw terms printed in the prompt or artifact are ignored: copying them shows nothing.

Known limits: phrase lists miss paraphrases and can be gamed by saying the right words;
on answers written after tuning they ordered about 0.73 of pairs (bench/scoring.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from coach.drills.answer_signals import AnswerSignals, Signal, detect_signals
from coach.drills.rubric import MAX_SCORE, Reward, Rubric
from coach.drills.scenarios import Round, Scenario
from coach.drills.scoring import RewardScore, Scorecard
from coach.drills.text import Sentence

SCORER_NAME = "rules"
MAX_EVIDENCE = 3  # enough to show why, short enough to read in the window
FLAW_EXPLAINED_TERMS = 2
# A flaw named together with a reason ("... because ...") is explained, not just spotted.
_BECAUSE = re.compile(r"\b(?:because|so that|which means|that's why|means that|since)\b")

# What the next level up needs, in the candidate's terms.
_LIFT: dict[Reward, tuple[str, str, str]] = {
    Reward.FRAMING: (
        "ask what the goal is, or who is affected, before solving",
        "say the goal, how success is measured and the constraints, and question the premise",
        "name the real problem behind the prompt and the hardest decision, early",
    ),
    Reward.DIAGNOSIS: (
        "list the possible causes before proposing a fix",
        "rank the causes by the evidence and keep the symptom apart from the cause",
        "also name the organisational cause: who owns it, what incentive let it happen",
    ),
    Reward.TASTE: (
        "put at least two real options side by side",
        "judge the options on cost, risk, reversibility or team capacity and say what you give up",
        "pick the simple, proportionate option and plan the migration and knock-on effects",
    ),
    Reward.VERIFICATION: (
        "say how you would know it worked",
        "add leading indicators, a staged rollout and rollback or kill criteria",
        "test the riskiest assumption first, before building on it",
    ),
    Reward.COMMUNICATION: (
        "use shorter sentences and drop the filler words",
        "give the answer a structure (first, second, then) and handle the pushback",
        "open with a one-line summary, then the engineering detail, and bring dissent to a "
        "decision everyone commits to",
    ),
}

# What level 2 needs, phrased for "no sentence shows ...".
_MISSING_AT_1: dict[Reward, str] = {
    Reward.FRAMING: "a clarifying question, a goal or a constraint",
    Reward.DIAGNOSIS: "a possible cause before the fix",
    Reward.TASTE: "a second option to compare against",
    Reward.VERIFICATION: "any way to tell whether it worked",
    Reward.COMMUNICATION: "",  # level 1 here is rambling, explained separately
}


@cache
def _default_rubric() -> Rubric:
    # The rubric file is immutable package data; reading it once per process is enough.
    return Rubric.load()


@dataclass(frozen=True)
class _Context:
    signals: AnswerSignals
    scenario: Scenario
    flaw: tuple[Sentence, ...]  # sentences naming the planted flaw
    flaw_terms_hit: int
    revealed: int
    earlier_questions: int

    def hits(self, *signals: Signal) -> list[Sentence]:
        out: list[Sentence] = []
        for signal in signals:
            out.extend(self.signals.sentences_for(signal))
        return out


def score_answer(
    answer: str,
    scenario: Scenario,
    *,
    revealed: Collection[str] = (),
    questions_asked: Sequence[str] = (),
    rubric: Rubric | None = None,
) -> Scorecard:
    """Score `answer` (possibly several turns joined) to `scenario` on the rule path.

    `revealed`: ids of hidden facts the candidate earned by asking; each shows a question
    worth asking. `questions_asked`: the candidate's question turns; those not already in
    `answer` count as clarifying questions but cannot be quoted as evidence."""
    rubric = rubric or _default_rubric()
    signals = detect_signals(answer)
    flaw, terms_hit = _flaw_sentences(signals, hidden_flaw_terms(scenario))
    earlier = sum(1 for q in questions_asked if q.strip() and q.strip() not in answer)
    ctx = _Context(signals, scenario, flaw, terms_hit, len(set(revealed)), earlier)
    scores = (
        _framing(ctx),
        _diagnosis(ctx),
        _taste(ctx),
        _verification(ctx),
        _communication(ctx),
    )
    return Scorecard(
        scores=tuple(_finish(rubric, reward, level, why) for reward, level, why in scores),
        scorer=SCORER_NAME,
    )


# (reward, level, (sentences that earned it, a note for the rationale))
_Result = tuple[Reward, int, tuple[list[Sentence], str]]


def _framing(ctx: _Context) -> _Result:
    questions = ctx.hits(Signal.QUESTION)
    goal = ctx.hits(Signal.GOAL, Signal.SUCCESS_MEASURE)
    constraints = ctx.hits(Signal.CONSTRAINT)
    premise = ctx.hits(Signal.PREMISE, Signal.REFRAME)
    asked = bool(questions) or ctx.earlier_questions > 0 or ctx.revealed > 0
    elements = sum(map(bool, (asked, goal, constraints, premise))) + (ctx.revealed >= 2)
    explicit = bool(goal or constraints or premise)
    if not elements:
        return Reward.FRAMING, 1, ([], "")
    note = _asked_note(ctx)
    if not (explicit and elements >= 2):
        return Reward.FRAMING, 2, (questions + goal + constraints + premise, note)
    reframe = ctx.hits(Signal.REFRAME)
    hardest = ctx.hits(Signal.HARDEST_DECISION)
    first = ctx.signals.first_index(Signal.REFRAME)
    if reframe and (hardest or (first is not None and first <= 2)):
        return Reward.FRAMING, 4, (reframe + hardest + goal, note)
    return Reward.FRAMING, 3, (goal + constraints + premise + questions, note)


def _asked_note(ctx: _Context) -> str:
    parts = []
    if ctx.earlier_questions:
        parts.append(f"asked {ctx.earlier_questions} question(s) in earlier turns")
    if ctx.revealed:
        parts.append(f"earned {ctx.revealed} hidden fact(s) by asking")
    return "; ".join(parts)


def _diagnosis(ctx: _Context) -> _Result:
    # An organisational cause is still a cause: it counts as listing one.
    listed = ctx.hits(
        Signal.CAUSES_LISTED, Signal.SYMPTOM_VS_CAUSE, Signal.CAUSES_RANKED, Signal.ORG_CAUSE
    )
    ranked = ctx.hits(Signal.CAUSES_RANKED)
    symptom = ctx.hits(Signal.SYMPTOM_VS_CAUSE)
    org = ctx.hits(Signal.ORG_CAUSE)
    flaw = list(ctx.flaw)
    round_ = ctx.scenario.round
    if not (listed or flaw):
        return Reward.DIAGNOSIS, 1, ([], "")
    if round_ is Round.DIAGNOSIS:
        evidenced = bool(ranked and (symptom or flaw))
    elif round_ is Round.BUILD:
        explained = ctx.flaw_terms_hit >= FLAW_EXPLAINED_TERMS or any(
            _BECAUSE.search(s.lower) for s in flaw
        )
        evidenced = bool(ranked or symptom or explained) and bool(flaw or ranked)
    else:
        # In a story or a trade-off, naming the real problem behind the presented one is
        # the evidence-backed separation the anchor asks for.
        evidenced = bool(ranked or symptom)
    if not evidenced:
        return Reward.DIAGNOSIS, 2, (flaw + listed, "")
    if org:
        return Reward.DIAGNOSIS, 4, (org + flaw + ranked + symptom, "")
    return Reward.DIAGNOSIS, 3, (flaw + ranked + symptom, "")


def _taste(ctx: _Context) -> _Result:
    options = ctx.hits(Signal.OPTIONS)
    given_up = ctx.hits(Signal.GIVEN_UP)
    criteria_signals = (Signal.COST, Signal.RISK, Signal.REVERSIBILITY, Signal.TEAM_CAPACITY)
    kinds = [s for s in criteria_signals if ctx.signals.has(s)]
    fashion = ctx.hits(Signal.FASHION)
    if fashion and len(options) < 2:
        return Reward.TASTE, 1, ([], "fashion over fit")
    if not options:
        # One plan, but with its price named: a trade-off weighed, thinly.
        if given_up and kinds:
            return Reward.TASTE, 2, (given_up + ctx.hits(*kinds), "one option, its cost named")
        return Reward.TASTE, 1, ([], "")
    if not (given_up and kinds):
        return Reward.TASTE, 2, (options + given_up, "")
    pick = ctx.hits(Signal.SIMPLE_OPTION, Signal.CHOICE)
    second = ctx.hits(Signal.SECOND_ORDER)
    if pick and second:
        return Reward.TASTE, 4, (pick + given_up + second, "")
    criteria = ctx.hits(*kinds)
    return Reward.TASTE, 3, (options + given_up + criteria, "")


def _verification(ctx: _Context) -> _Result:
    leading = ctx.hits(Signal.LEADING_INDICATOR)
    staged = ctx.hits(Signal.STAGED_ROLLOUT)
    stop = ctx.hits(Signal.KILL_CRITERIA, Signal.ROLLBACK)
    riskiest = ctx.hits(Signal.RISKIEST_FIRST)
    checks = ctx.hits(Signal.VERIFY_OUTPUT)
    after = ctx.hits(Signal.MEASURE_AFTER)
    # Naming the planted flaw (build) or the planted cause (diagnosis) and saying how to
    # check it is verifying before acting.
    flaw = list(ctx.flaw) if ctx.scenario.round in (Round.BUILD, Round.DIAGNOSIS) else []
    staged_plan = sum(map(bool, (leading, staged, stop))) >= 2
    caught_and_tested = bool(flaw and checks)
    if riskiest and (staged_plan or checks or stop):
        return Reward.VERIFICATION, 4, (riskiest + staged + stop, "")
    if staged_plan or caught_and_tested:
        return Reward.VERIFICATION, 3, (staged + stop + leading + flaw + checks, "")
    # Spotting the flaw in a tool's output is itself a check (build round only: naming a
    # cause in the diagnosis round is diagnosis, not verification).
    spotted = flaw if ctx.scenario.round is Round.BUILD else []
    partial = checks + after + spotted + leading + staged + stop + riskiest
    if partial:
        return Reward.VERIFICATION, 2, (partial, "")
    return Reward.VERIFICATION, 1, ([], "")


def _communication(ctx: _Context) -> _Result:
    sig = ctx.signals
    if sig.rambling:
        long_n = sig.count(Signal.LONG_SENTENCE)
        note = (
            f"{long_n} sentence(s) run past 45 words and {sig.filler_count} filler word(s) "
            f"in {sig.word_count} words"
        )
        return Reward.COMMUNICATION, 1, ([], note)
    structure = ctx.hits(Signal.STRUCTURE)
    summary = ctx.hits(Signal.SUMMARY_UP_FRONT)
    pushback = ctx.hits(Signal.PUSHBACK)
    structured = len(structure) >= 2 or bool(summary or pushback)
    if summary and (structure or pushback):
        return Reward.COMMUNICATION, 4, (summary + structure + pushback, "")
    if structured:
        return Reward.COMMUNICATION, 3, (structure + summary + pushback, "")
    if summary or structure:
        return Reward.COMMUNICATION, 2, (summary + structure, "")
    # Clear but flat: the opening sentence is where the altitude gets set, so quote it.
    opening = list(sig.sentences[:1])
    return Reward.COMMUNICATION, 2, (opening, "clear, but the opening sets no summary")


def _finish(
    rubric: Rubric, reward: Reward, level: int, why: tuple[list[Sentence], str]
) -> RewardScore:
    sentences, note = why
    anchor = rubric.anchor(reward, level)
    if level == 1:
        missing = _MISSING_AT_1[reward]
        head = f"Scores 1: {anchor}"
        detail = f" No sentence shows {missing}." if missing else ""
        extra = f" ({note})" if note else ""
        rationale = f"{head}{detail}{extra} To lift it: {_LIFT[reward][0]}."
        return RewardScore(reward, 1, (), rationale)
    evidence = _quotes(sentences)
    rationale = f"Scores {level}: {anchor}"
    if note:
        rationale += f" ({note})"
    if level < MAX_SCORE:
        rationale += f" To lift it: {_LIFT[reward][level - 1]}."
    return RewardScore(reward, level, evidence, rationale)


def _quotes(sentences: Iterable[Sentence]) -> tuple[str, ...]:
    """The first MAX_EVIDENCE distinct sentences in the caller's priority order (the
    signal that decided the level comes first), shown in answer order."""
    chosen = list({s.start: s for s in sentences}.values())[:MAX_EVIDENCE]
    return tuple(s.text for s in sorted(chosen, key=lambda s: s.start))


def hidden_flaw_terms(scenario: Scenario) -> tuple[str, ...]:
    """Flaw terms the candidate cannot simply copy: those not printed in the title, prompt
    or artifact. Repeating "cgroup v2" from a change log shows no insight."""
    visible = " ".join(f"{scenario.title} {scenario.prompt} {scenario.artifact}".lower().split())
    return tuple(t for t in scenario.flaw_terms if not _term_pattern(t).search(visible))


def _flaw_sentences(
    signals: AnswerSignals, terms: Sequence[str]
) -> tuple[tuple[Sentence, ...], int]:
    """Sentences that name the planted flaw, and how many distinct flaw terms appear."""
    if not terms:
        return (), 0
    patterns = [(term, _term_pattern(term)) for term in terms]
    hit_terms: set[str] = set()
    found: list[Sentence] = []
    for sentence in signals.sentences:
        low = " ".join(sentence.lower.replace("’", "'").split())
        matched = {term for term, pattern in patterns if pattern.search(low)}
        if matched:
            found.append(sentence)
            hit_terms |= matched
    return tuple(found), len(hit_terms)


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    # Word boundaries only where the term starts or ends with a word character, so
    # "(page - 1)" and "50%" still match literally.
    body = re.escape(" ".join(term.lower().split()))
    left = r"\b" if term[:1].isalnum() else ""
    right = r"\b" if term[-1:].isalnum() else ""
    return re.compile(f"{left}{body}{right}")
