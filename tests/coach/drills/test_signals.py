"""Answer signals: exact-sentence evidence and the phrases that carry each signal."""

from __future__ import annotations

import pytest

from coach.drills.answer_signals import Signal, detect_signals
from coach.drills.text import split_sentences, stem


def test_sentences_are_exact_spans_of_the_text() -> None:
    text = (
        'Short version: roll back.  Is the pool at 20? He said "no."\n'
        "Then e.g. this works vs. that!\n\nLast line without a stop"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Short version: roll back.",
        "Is the pool at 20?",
        'He said "no."',
        "Then e.g. this works vs. that!",
        "Last line without a stop",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_stemmer_brings_word_forms_together() -> None:
    assert stem("caches") == stem("cached") == stem("caching") == stem("cache")
    assert stem("stopping") == stem("stop")
    assert stem("priorities") == stem("priority")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("What does the team own today?", Signal.QUESTION),
        ("Before deciding, I'd want to know what the outage cost.", Signal.QUESTION),
        ("The goal is to get checkout back under the SLO.", Signal.GOAL),
        (
            "We'll know it worked when the next bad push is caught by a canary.",
            Signal.SUCCESS_MEASURE,
        ),
        ("The partner date is a hard constraint.", Signal.CONSTRAINT),
        ("I don't think we should build the competitor's feature.", Signal.PREMISE),
        ("The real problem is that nobody can roll back.", Signal.REFRAME),
        ("The hardest decision is whether to change the data model.", Signal.HARDEST_DECISION),
        ("It could be the pool or the payments client.", Signal.CAUSES_LISTED),
        ("The most likely cause is the pool, because the logs show waits.", Signal.CAUSES_RANKED),
        ("Latency is the symptom, not the cause.", Signal.SYMPTOM_VS_CAUSE),
        ("Nobody owns the config service since the reorg.", Signal.ORG_CAUSE),
        ("We have two options here.", Signal.OPTIONS),
        ("We give up the live-cursor demo at the cost of a slower launch.", Signal.GIVEN_UP),
        ("It is cheap and easy to reverse.", Signal.REVERSIBILITY),
        ("That would need two engineer-quarters.", Signal.TEAM_CAPACITY),
        ("I'd pick the thin library.", Signal.CHOICE),
        ("The simplest fix is a shorter TTL.", Signal.SIMPLE_OPTION),
        ("Then we migrate the long tail team by team.", Signal.SECOND_ORDER),
        ("p99 went from 400 ms to 900 ms.", Signal.METRIC),
        ("Within fifteen minutes I'd expect pool waits to drop.", Signal.LEADING_INDICATOR),
        ("Ship it behind a feature flag to a canary first.", Signal.STAGED_ROLLOUT),
        ("Roll back if the error rate rises above 1%.", Signal.KILL_CRITERIA),
        ("I'd test the riskiest assumption first.", Signal.RISKIEST_FIRST),
        ("I read the whole diff and reproduce it on real data.", Signal.VERIFY_OUTPUT),
        ("We check the dashboard next month.", Signal.MEASURE_AFTER),
        ("First, the pool.", Signal.STRUCTURE),
        ("Bottom line: do not ship this.", Signal.SUMMARY_UP_FRONT),
        ("If the VP disagrees, I'd ask for a decision we all commit to.", Signal.PUSHBACK),
    ],
)
def test_signal_is_found_with_the_exact_sentence_as_evidence(sentence: str, signal: Signal) -> None:
    answer = f"Some context first. {sentence} And a closing remark."
    found = detect_signals(answer)
    assert found.has(signal), signal
    assert sentence in found.evidence(signal)
    for quote in found.evidence(signal):
        assert quote in answer


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("I would scale the database up.", Signal.CAUSES_RANKED),
        ("The pool size is small.", Signal.QUESTION),
        ("Every week something broke in the pipeline.", Signal.LEADING_INDICATOR),
        ("It might be better to pair them.", Signal.CAUSES_LISTED),
        ("One thing I'd change is the error message.", Signal.OPTIONS),
    ],
)
def test_near_misses_do_not_carry_the_signal(sentence: str, signal: Signal) -> None:
    assert not detect_signals(sentence).has(signal)


def test_summary_counts_only_up_front() -> None:
    late = "We looked at it. Then we fixed it. Bottom line: it works."
    early = "Bottom line: it works. We looked at it. Then we fixed it."
    assert not detect_signals(late).has(Signal.SUMMARY_UP_FRONT)
    assert detect_signals(early).has(Signal.SUMMARY_UP_FRONT)


def test_rambling_is_flagged_by_fillers_and_long_sentences() -> None:
    rambling = (
        "So um basically the thing is, like, you know, we had this system and it was kind of "
        "slow and basically we looked at it and um we thought it could be the database or "
        "maybe the network or something else entirely and so we kind of tried a few things "
        "and you know it got better eventually I guess."
    )
    found = detect_signals(rambling)
    assert found.rambling
    assert found.filler_count >= 6
    crisp = "The pool is exhausted. The database is healthy. I'd roll back first."
    assert not detect_signals(crisp).rambling


def test_repeating_the_same_phrase_reads_as_repetition() -> None:
    answer = (
        "We need to fix the deploy pipeline. The deploy pipeline is slow. "
        "I think we need to fix the deploy pipeline soon. Fix the deploy pipeline first."
    )
    assert detect_signals(answer).has(Signal.REPETITION)
    assert not detect_signals("A second provider helps. A second provider costs more.").has(
        Signal.REPETITION
    )
