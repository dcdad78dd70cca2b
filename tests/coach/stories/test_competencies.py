"""Suggested competency tags: the slots whose phrases occur most, at most three."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from coach.stories.competencies import (
    CompetencyPhrases,
    CompetencyTableError,
    suggest_competencies,
)
from coach.stories.records import Competency as C

from .samples import CHECKOUT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We had a sev1 outage; I was paged at 3am, rolled back the deploy and wrote the "
            "blameless postmortem.",
            (C.INCIDENT, C.IMPACT),
        ),
        ("I mentored two junior engineers and sponsored one for promotion.", (C.MENTORING,)),
        (
            "My director wanted to ship in March. I pushed back on the deadline and told my VP no.",
            (C.PUSHBACK, C.INFLUENCE, C.DELIVERY),
        ),
        (
            "The payments team disagreed with my design; there was real tension until we "
            "found common ground.",
            (C.CONFLICT,),
        ),
        (
            "The requirements were vague and nobody owned the problem, so I broke it down "
            "into a plan.",
            (C.AMBIGUITY,),
        ),
        (
            "I weighed the trade-offs of build vs buy and chose Postgres over Cassandra for "
            "consistency.",
            (C.TRADE_OFF, C.STRATEGY),  # build vs buy is strategy in the level lens too
        ),
        ("I wrote the platform strategy and the two-year roadmap.", (C.STRATEGY,)),
        (
            "I made a mistake: the migration failed and we missed the launch date.",
            (C.FAILURE, C.DELIVERY),
        ),
        ("Nothing here names a slot.", ()),
        ("", ()),
    ],
)
def test_suggestions(text: str, expected: tuple[C, ...]) -> None:
    assert suggest_competencies(text) == expected


def test_at_most_three_ranked_by_hits() -> None:
    hits = CompetencyPhrases.load().hits(CHECKOUT.body)
    suggested = suggest_competencies(CHECKOUT.body)
    assert len(hits) > 3
    assert len(suggested) == 3
    counts = [len(hits[c]) for c in suggested]
    assert counts == sorted(counts, reverse=True)
    assert min(counts) >= max(len(v) for c, v in hits.items() if c not in suggested)


def test_ties_go_in_enum_order() -> None:
    # One hit each for conflict, mentoring and incident, listed here out of enum order.
    assert suggest_competencies("An outage. I mentored. We disagreed.") == (
        C.CONFLICT,
        C.MENTORING,
        C.INCIDENT,
    )


def test_phrases_match_whole_words_only() -> None:
    assert suggest_competencies("The webpages were reloaded.") == ()
    assert suggest_competencies("I was on-call and got paged.") == (C.INCIDENT,)


def test_impact_reuses_the_stakes_table_of_the_lens() -> None:
    hits = CompetencyPhrases.load().hits("Revenue grew and churn fell.")
    assert [span.text for span in hits[C.IMPACT]] == ["Revenue", "churn"]


def test_the_shipped_table_covers_every_slot_and_cites_its_sources() -> None:
    ref = resources.files("resources").joinpath("stories", "competencies.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    assert set(data["slots"]) == {c.value for c in C}
    source_ids = {s["id"] for s in data["sources"]}
    assert all(s["url"].startswith("https://") for s in data["sources"])
    for slot in data["slots"].values():
        assert set(slot.get("sources", ())) <= source_ids


def test_the_loader_reads_the_file_once() -> None:
    assert CompetencyPhrases.load() is CompetencyPhrases.load()


@pytest.mark.parametrize(
    ("slots", "error"),
    [
        ({c.value: {"phrases": ["x"]} for c in C if c is not C.IMPACT}, "no phrases for 'impact'"),
        ({**{c.value: {"phrases": ["x"]} for c in C}, "charm": {"phrases": ["x"]}}, "unknown"),
        ({**{c.value: {"phrases": ["x"]} for c in C}, "impact": {"phrases": ["(unclosed"]}},
         "phrase '(unclosed'"),
        ({**{c.value: {"phrases": ["x"]} for c in C}, "impact": {"tables": ["vibes"]}},
         "unknown table 'vibes'"),
        ({**{c.value: {"phrases": ["x"]} for c in C}, "impact": {}}, "needs phrases or tables"),
    ],
)  # fmt: skip
def test_a_malformed_table_is_refused(slots: dict, error: str) -> None:
    with pytest.raises(CompetencyTableError, match=error.replace("(", r"\(")):
        CompetencyPhrases.from_dict({"slots": slots})
