"""Delivery metrics on hand-made word timings: pace, each filler rule, pauses, cuts."""

from __future__ import annotations

import pytest

from coach.delivery.fillers import BREAK_SECONDS, FILLER_WORDS, find_fillers, sound_filler
from coach.delivery.metrics import PAUSE_SECONDS, cut_for, measure
from coach.protocols import TranscriptWord

WORD = 0.3  # seconds each word takes
GAP = 0.1  # between words, unless a number in the script says otherwise


def say(*parts: str | float, start: float = 0.0) -> list[TranscriptWord]:
    """Timed words: strings are words (split on spaces, punctuation kept), numbers are
    silences in seconds put before the next word."""
    words: list[TranscriptWord] = []
    at = start
    for part in parts:
        if isinstance(part, float | int):
            at += part - GAP
            continue
        for text in part.split():
            words.append(TranscriptWord(at, at + WORD, text))
            at += WORD + GAP
    return words


def fillers(*parts: str | float) -> list[str]:
    return [m.filler for m in find_fillers(say(*parts))]


# ---- pace and length -------------------------------------------------------------------


def test_pace_is_words_over_the_time_from_first_word_to_last() -> None:
    # 60 words, 0.5 s apart, start to start: the last ends at 29.5 + 0.3 s.
    words = [TranscriptWord(5 + i * 0.5, 5 + i * 0.5 + 0.3, "word") for i in range(60)]
    delivery = measure(words)
    assert delivery.words == 60
    assert delivery.seconds == pytest.approx(29.8)
    assert delivery.wpm == pytest.approx(60 / (29.8 / 60), abs=0.1)
    assert delivery.cut == "45 s"


def test_silence_before_the_first_word_does_not_lower_the_pace() -> None:
    early, late = measure(say("We shipped it.")), measure(say("We shipped it.", start=20.0))
    assert early.wpm == late.wpm
    assert early.seconds == late.seconds


def test_punctuation_alone_is_not_a_word() -> None:
    words = [*say("We shipped"), TranscriptWord(0.8, 0.9, "-"), *say("it.", start=1.0)]
    assert measure(words).words == 3


def test_nothing_said_measures_zero() -> None:
    delivery = measure([])
    assert (delivery.words, delivery.wpm, delivery.seconds, delivery.filler_count) == (0, 0, 0, 0)
    assert delivery.fillers_per_min == 0.0
    assert delivery.cut == "45 s"


def test_one_instant_word_has_no_pace() -> None:
    assert measure([TranscriptWord(1.0, 1.0, "Yes.")]).wpm == 0.0


@pytest.mark.parametrize(
    ("seconds", "cut"),
    [
        (10.0, "45 s"),
        (45.0, "45 s"),
        (45.5, "90 s"),
        (90.0, "90 s"),
        (120.0, "3 min"),
        (180.0, "3 min"),
        (181.0, "over 3 min"),
        (600.0, "over 3 min"),
    ],
)
def test_cuts(seconds: float, cut: str) -> None:
    assert cut_for(seconds) == cut
    words = [TranscriptWord(0.0, 0.5, "First"), TranscriptWord(seconds - 0.5, seconds, "last.")]
    assert measure(words).cut == cut


def test_fillers_per_minute() -> None:
    # 4 fillers over 2 minutes of speaking.
    words = [
        TranscriptWord(0.0, 0.3, "Um,"),
        TranscriptWord(30.0, 30.3, "uh,"),
        TranscriptWord(60.0, 60.3, "um,"),
        TranscriptWord(90.0, 90.3, "hmm,"),
        TranscriptWord(119.7, 120.0, "done."),
    ]
    delivery = measure(words)
    assert delivery.filler_count == 4
    assert delivery.fillers_per_min == pytest.approx(2.0)
    assert [hit.start for hit in delivery.fillers] == [0.0, 30.0, 60.0, 90.0]


# ---- pauses ----------------------------------------------------------------------------


def test_pauses_longer_than_the_threshold_are_listed_where_they_begin() -> None:
    words = say("We had three options.", 2.5, "We chose the queue.", 1.2, "It worked.")
    delivery = measure(words)
    assert len(delivery.pauses) == 1
    (pause,) = delivery.pauses
    assert pause.seconds == pytest.approx(2.5)
    assert pause.start == pytest.approx(words[3].end)


def test_a_gap_of_exactly_the_threshold_is_not_a_pause() -> None:
    assert measure(say("One.", PAUSE_SECONDS, "Two.")).pauses == ()
    assert len(measure(say("One.", PAUSE_SECONDS + 0.05, "Two.")).pauses) == 1


# ---- fillers, rule by rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("spoken", "canonical"),
    [
        ("um", "um"),
        ("umm", "um"),
        ("uhm", "um"),
        ("uh", "uh"),
        ("uhh", "uh"),
        ("er", "er"),
        ("erm", "erm"),
        ("hmm", "hmm"),
        ("hm", "hmm"),
        ("hmmm", "hmm"),
    ],
)
def test_hesitation_sounds_in_their_spellings(spoken: str, canonical: str) -> None:
    assert sound_filler(spoken) == canonical
    assert fillers(f"We {spoken.capitalize()}, shipped it.") == [canonical]


@pytest.mark.parametrize("word", ["us", "hum", "her", "error", "umbrella", "hue", "mm"])
def test_words_that_look_like_sounds_are_not(word: str) -> None:
    assert sound_filler(word) is None


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("You know, it was hard.",), ["you know"]),
        (("It was, you know, hard.",), ["you know"]),
        (("I fixed it, you know?",), ["you know"]),
        (("and you know", BREAK_SECONDS, "it was hard."), ["you know"]),
        (("Do you know the answer?",), []),
        (("You know the system well.",), []),
        (("I mean, we had no budget.",), ["I mean"]),
        (("I mean it.",), []),
        (("What I mean is simple.",), []),
    ],
)
def test_you_know_and_i_mean_count_only_when_set_off(
    parts: tuple[str | float, ...], expected: list[str]
) -> None:
    assert fillers(*parts) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It was kind of slow.", ["kind of"]),
        ("We sort of rushed it.", ["sort of"]),
        ("We needed some kind of cache.", []),
        ("That sort of thing happens.", []),
        ("It is the right kind of metric.", []),
        ("What kind of database?", []),
    ],
)
def test_kind_of_and_sort_of_are_hedges_unless_they_name_a_kind(
    sentence: str, expected: list[str]
) -> None:
    assert fillers(sentence) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("We had like, no budget.",), ["like"]),
        (("It was, like, huge.",), ["like"]),
        (("Like, we had no budget.",), ["like"]),
        (("It was like", BREAK_SECONDS + 0.1, "ten teams."), ["like"]),
        (("It was like", BREAK_SECONDS - 0.2, "ten teams."), []),
        (("It looks like a queue.",), []),
        (("Tools like Terraform and Ansible.",), []),
        (("Like I said, it failed.",), []),
        (("I like Go.",), []),
        (("I like, um, Go.",), ["um"]),
        (("We'd like, for example, more tests.",), []),
        (("That is what they like.",), []),
        (("That is what people like", 2.0, "about it."), []),
    ],
)
def test_like_counts_only_when_a_break_follows_and_it_is_not_a_verb(
    parts: tuple[str | float, ...], expected: list[str]
) -> None:
    assert fillers(*parts) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Basically, I owned the roadmap.", ["basically"]),
        ("It was basically free.", ["basically"]),
        ("Actually, we had some.", ["actually"]),
        ("We shipped. Actually, it slipped.", ["actually"]),
        ("It actually worked.", []),
        ("So, I led the migration.", ["so"]),
        ("So I led the migration.", []),
        ("We paged the owner, so the fix was quick.", []),
        ("I led it. So, it shipped.", []),
    ],
)
def test_basically_actually_and_so(sentence: str, expected: list[str]) -> None:
    assert fillers(sentence) == expected


def test_every_filler_is_found_once_in_order_with_its_time() -> None:
    words = say("So, um, I mean, it was, you know, kind of hard, uh, basically.")
    found = find_fillers(words)
    assert [m.filler for m in found] == ["so", "um", "I mean", "you know", "kind of", "uh",
                                         "basically"]  # fmt: skip
    by_text = {w.text.strip(",.").lower(): w.start for w in words}
    assert [m.start for m in found] == [
        by_text["so"], by_text["um"], by_text["i"], by_text["you"], by_text["kind"],
        by_text["uh"], by_text["basically"],
    ]  # fmt: skip


def test_every_reported_filler_is_in_the_one_list() -> None:
    words = say("So, um, uh, er, erm, hmm, I mean, you know, sort of, kind of, like, basically.")
    found = {m.filler for m in find_fillers(words)}
    assert found == set(FILLER_WORDS) - {"actually"}
    assert measure(say("Actually, no.")).fillers[0].text in FILLER_WORDS


def test_a_clean_answer_has_no_fillers() -> None:
    answer = (
        "I owned the billing service. I decided to rebuild the matching on PostgreSQL, "
        "and mismatched invoices fell from 400 a week to 12 within three months."
    )
    assert fillers(answer) == []
