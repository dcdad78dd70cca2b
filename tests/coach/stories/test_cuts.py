"""Spoken cuts: 45 s, 90 s and 3 min of whole sentences, the key ones first, told in order."""

from __future__ import annotations

import pytest

from coach.stories.cuts import (
    CUT_SECONDS,
    budget_for,
    count_words,
    split_sentences,
    split_story,
    story_cuts,
)
from coach.stories.records import StoryContent

from .samples import CHECKOUT

FILLER = "and it took a number of careful steps with several people over a very long while indeed"


def sentence(tag: str, subject: str = "They") -> str:
    """A 20-word sentence that names its tag, so a test can tell which were kept."""
    return f"{subject} did {tag} {FILLER}."


def paragraph(prefix: str, count: int, subject: str = "They") -> str:
    return " ".join(sentence(f"{prefix}{i}", subject) for i in range(1, count + 1))


# 30 sentences of 20 words (S2 has 13): 593 words, over even the 3-minute budget.
LONG = StoryContent(
    title="Long story",
    situation=" ".join(
        [sentence("S1"), "Customers lost S2 orders every day and it cost real money for weeks."]
        + [sentence(f"S{i}") for i in range(3, 7)]
    ),
    task=paragraph("T", 3),
    action=" ".join(
        [sentence("A1", "We"), sentence("A2", "I")] + [sentence(f"A{i}") for i in range(3, 11)]
    ),
    result=paragraph("R", 6),
    learning=paragraph("L", 5, "I"),
)


def tags(text: str) -> list[str]:
    return [word for word in text.replace(".", " ").split() if word[:1] in "STARL" and
            word[1:].isdigit()]  # fmt: skip


def test_budgets_are_150_words_a_minute() -> None:
    assert [budget_for(s) for s in CUT_SECONDS] == [112, 225, 450]
    assert [cut.budget_words for cut in story_cuts(LONG)] == [112, 225, 450]
    assert [cut.label for cut in story_cuts(LONG)] == ["45 s", "90 s", "3 min"]


def test_a_short_story_is_told_whole_in_every_cut() -> None:
    cuts = story_cuts(CHECKOUT)
    assert count_words(CHECKOUT.body) < 225
    assert [c.complete for c in cuts] == [False, True, True]
    for cut in cuts[1:]:
        assert cut.text == CHECKOUT.body
        assert cut.left_out == 0
        assert cut.note.startswith("The whole story fits")


@pytest.mark.parametrize("index", range(len(CUT_SECONDS)))
def test_cuts_respect_their_budget(index: int) -> None:
    cut = story_cuts(LONG)[index]
    assert not cut.complete
    assert cut.words <= cut.budget_words
    assert cut.words == count_words(cut.text)
    assert cut.left_out > 0


@pytest.mark.parametrize("content", [LONG, CHECKOUT], ids=["long", "checkout"])
def test_cuts_keep_whole_sentences_in_star_order(content: StoryContent) -> None:
    told = [s.text for s in split_story(content)]
    for cut in story_cuts(content):
        kept = [s for line in cut.text.split("\n") for s in split_sentences(line)]
        assert all(s in told for s in kept), "a sentence was cut in the middle"
        assert [told.index(s) for s in kept] == sorted(told.index(s) for s in kept)


def test_45_seconds_keeps_the_result_your_action_and_the_stakes() -> None:
    cut = story_cuts(LONG)[0]
    # The first result sentence, the first action sentence with "I" (A2, not the "we" A1),
    # the situation sentence that names stakes (S2, not S1), then the next action and
    # result sentences while they fit.
    assert tags(cut.text) == ["S2", "A1", "A2", "R1", "R2"]
    assert "I did A2" in cut.text


def test_90_seconds_adds_action_and_result_before_task_and_learning() -> None:
    cut = story_cuts(LONG)[1]
    assert tags(cut.text) == ["S2", "A1", "A2", "A3", "A4", "A5", "R1", "R2", "R3", "R4", "R5"]


def test_3_minutes_reaches_task_then_learning_then_the_rest_of_the_situation() -> None:
    cut = story_cuts(LONG)[2]
    kept = tags(cut.text)
    assert {f"A{i}" for i in range(1, 11)} <= set(kept)
    assert {f"R{i}" for i in range(1, 7)} <= set(kept)
    assert {"T1", "T2", "T3"} <= set(kept)
    assert {"L1", "L2"} <= set(kept)
    assert "S1" not in kept  # the rest of the situation comes last, and does not fit


def test_without_a_voiced_action_the_first_action_sentence_is_kept() -> None:
    content = StoryContent(
        title="No I",
        action=paragraph("A", 8),
        result=paragraph("R", 3),
    )
    cut = story_cuts(content)[0]
    assert tags(cut.text)[:1] == ["A1"]
    assert "R1" in tags(cut.text)


def test_must_keep_sentences_are_kept_even_over_budget_and_it_says_so() -> None:
    long_sentence = "I " + " ".join(["rewrote"] * 80) + "."
    long_result = "The result " + " ".join(["improved"] * 60) + "."
    content = StoryContent(
        title="Too long",
        situation="Customers waited.",
        action=f"{long_sentence} I also tested it.",
        result=f"{long_result} It stayed fast.",
    )
    cut = story_cuts(content)[0]
    assert cut.text == f"{long_sentence}\n{long_result}"
    assert cut.words > cut.budget_words
    assert cut.over_budget
    assert "over the 112 of 45 s" in cut.note


def test_the_cut_text_is_one_paragraph_per_part() -> None:
    cut = story_cuts(LONG)[0]
    lines = cut.text.split("\n")
    assert len(lines) == 3  # situation, action, result
    assert lines[1].startswith("We did A1") and "I did A2" in lines[1]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("We used a queue, e.g. Kafka. It held.", ["We used a queue, e.g. Kafka.", "It held."]),
        ("Latency fell to 2.5 s. Good.", ["Latency fell to 2.5 s.", "Good."]),
        ("It failed (again.) Then I fixed it.", ["It failed (again.)", "Then I fixed it."]),
        ("first line\nsecond line", ["first line", "second line"]),
        ("no end mark", ["no end mark"]),
        ("It worked. then we left.", ["It worked. then we left."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_an_empty_story_has_empty_cuts() -> None:
    for cut in story_cuts(StoryContent(title="Empty")):
        assert cut.text == ""
        assert cut.complete
