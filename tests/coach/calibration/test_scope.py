"""Scope (one team up to the company) and horizon (how long the work ran) from text."""

from __future__ import annotations

import pytest

from coach.calibration import ScopeBand, text_signals
from coach.calibration.numbers import article, parse_count, spoken


@pytest.mark.parametrize(
    ("text", "band", "evidence"),
    [
        ("I led a project on my team.", ScopeBand.TEAM, "my team"),
        ("Owned the payments service end to end.", ScopeBand.TEAM, "the payments service"),
        ("Led a team of 6 engineers.", ScopeBand.TEAM, "a team of 6"),
        ("Worked across three teams.", ScopeBand.TEAMS, "three teams"),
        ("I aligned the payments and search teams.", ScopeBand.TEAMS,
         "the payments and search teams"),
        ("Several teams depended on the schema registry.", ScopeBand.TEAMS, "Several teams"),
        ("A cross-team effort to kill the shared database.", ScopeBand.TEAMS, "cross-team"),
        ("Moved a dozen teams onto the new CI.", ScopeBand.GROUP, "a dozen teams"),
        ("Set the data strategy for the infrastructure org.", ScopeBand.GROUP,
         "the infrastructure org"),
        ("A platform used by 60 engineers.", ScopeBand.GROUP, "60 engineers"),
        ("Rolled out company-wide.", ScopeBand.ORG, "company-wide"),
        ("Migrated every product team to the cell architecture.", ScopeBand.ORG,
         "every product team"),
        ("Across the engineering org we standardised on Bazel.", ScopeBand.ORG,
         "Across the engineering org"),
        ("Adopted by 20 teams.", ScopeBand.ORG, "20 teams"),
        ("Internal platform for 400 engineers.", ScopeBand.ORG, "400 engineers"),
    ],
)
def test_widest_scope(text: str, band: ScopeBand, evidence: str) -> None:
    widest = text_signals(text).widest_scope
    assert widest is not None
    assert (widest.band, widest.span.text) == (band, evidence)


def test_named_teams_are_counted() -> None:
    widest = text_signals("the ads, search, and payments teams").widest_scope
    assert widest is not None
    assert widest.teams == 3


def test_the_widest_of_several_phrases_wins() -> None:
    widest = text_signals("On my team I built a tool that five teams adopted.").widest_scope
    assert widest is not None
    assert (widest.band, widest.teams) == (ScopeBand.GROUP, 5)


@pytest.mark.parametrize(
    "text",
    [
        "Rewrote the retry logic in Go.",
        "Mentored 4 engineers.",  # people, not scope
        "Tuned a Kafka cluster.",
        "Fixed lag in a Kafka consumer group and opened a security group port.",
        "Joined a working group on naming.",
    ],
)
def test_no_scope(text: str) -> None:
    assert text_signals(text).scope == ()


@pytest.mark.parametrize(
    ("text", "months", "phrase"),
    [
        ("over two years", 24, "two-year"),
        ("a multi-year migration", 24, "multi-year"),
        ("an 18-month programme", 18, "18-month"),
        ("18 months of work", 18, "18-month"),
        ("for the past year", 12, "one-year"),
        ("the roadmap for next year", 12, "one-year"),
        ("a three-year strategy", 36, "three-year"),
        ("over six weeks", 12 / 52 * 6, "six-week"),
        ("for a year and a half", 18, "18-month"),
        ("across two halves", 12, "one-year"),
        ("over one half", 6, "six-month"),
    ],
)
def test_horizon(text: str, months: float, phrase: str) -> None:
    longest = text_signals(text).longest_horizon
    assert longest is not None
    assert longest.months == pytest.approx(months)
    assert longest.phrase == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Cut p99 by 40% in 3 months.",  # when the result came, not how long the work ran
        "Saving $2M a year.",
        "Joined five years ago.",
        "Ten years of experience in SRE.",
        "Builds took 6 weeks to stabilise.",
        "Compute cost fell 45% year over year.",
    ],
)
def test_not_a_horizon(text: str) -> None:
    assert text_signals(text).horizon == ()


def test_the_longest_horizon_is_read() -> None:
    signals = text_signals("Over six months we piloted it, then ran it over three years.")
    longest = signals.longest_horizon
    assert longest is not None
    assert longest.phrase == "three-year"
    assert [h.span.text for h in signals.horizon] == ["Over six months", "over three years"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("10K", 10_000), ("1.5 million", 1_500_000), ("three", 3), ("twenty-five", 25),
     ("a dozen", 12), ("1,200", 1200), ("2M", 2_000_000), ("hundreds of", 200)],
)
def test_parse_count(text: str, value: float) -> None:
    assert parse_count(text) == value


def test_parse_count_rejects_non_numbers() -> None:
    assert parse_count("several") is None


def test_spoken_numbers_and_articles() -> None:
    assert spoken(3) == "three"
    assert spoken(18) == "18"
    assert article("18-month") == "an"
    assert article("eight-week") == "an"
    assert article("two-year") == "a"
    assert article("multi-year") == "a"
