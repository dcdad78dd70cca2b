"""Bank coverage: empty and thin slots, strategy only from Staff up, stories at level."""

from __future__ import annotations

import dataclasses

import pytest

from coach.profile import Level
from coach.stories.coverage import SlotState, bank_coverage, size_advice
from coach.stories.records import Competency as C
from coach.stories.records import Origin, StoredStory, StoryContent

from .samples import ALL_WE, CHECKOUT

# A one-team story with the candidate's own decision: reads as Senior, not Staff.
SENIOR_STORY = StoryContent(
    title="Flaky CI",
    action="I decided to quarantine flaky tests for my team of 6 engineers.",
    result="Builds went from 60% green to 95% green in a month.",
)


def stored(story_id: int, content: StoryContent, *tags: C) -> StoredStory:
    return StoredStory(
        id=story_id,
        origin=Origin.HAND,
        version=1,
        created_at="2025-01-01T00:00:00+00:00",
        updated_at="2025-01-01T00:00:00+00:00",
        content=dataclasses.replace(content, competencies=tags),
    )


def test_an_empty_bank() -> None:
    coverage = bank_coverage([], Level.STAFF)
    assert coverage.story_count == 0
    assert coverage.empty == tuple(C)
    assert coverage.thin == ()
    assert coverage.at_level == ()
    assert all(coverage.state(c) is SlotState.EMPTY for c in C)
    assert coverage.summary == (
        "Your bank is empty: aim for 8 to 12 stories, each tagged with 2 or 3 competencies.",
    )


def test_slots_list_the_stories_tagged_with_them() -> None:
    stories = [
        stored(1, CHECKOUT, C.INCIDENT, C.INFLUENCE),
        stored(2, SENIOR_STORY, C.INCIDENT, C.DELIVERY),
    ]
    coverage = bank_coverage(stories, Level.SENIOR)
    assert list(coverage.slots) == list(C)
    assert coverage.slots[C.INCIDENT] == (1, 2)
    assert coverage.slots[C.INFLUENCE] == (1,)
    assert coverage.slots[C.CONFLICT] == ()
    assert coverage.state(C.INCIDENT) is SlotState.COVERED
    assert coverage.state(C.INFLUENCE) is SlotState.THIN
    assert coverage.thin == (C.INFLUENCE, C.DELIVERY)
    assert C.CONFLICT in coverage.empty and C.INCIDENT not in coverage.empty


def test_strategy_is_optional_below_staff_and_expected_from_staff_up() -> None:
    stories = [stored(1, CHECKOUT, C.INCIDENT, C.INFLUENCE)]
    senior = bank_coverage(stories, Level.SENIOR)
    assert senior.optional == (C.STRATEGY,)
    assert not senior.expected(C.STRATEGY)
    assert C.STRATEGY not in senior.empty
    assert "Strategy or vision is optional at Senior; it is expected from Staff up." in (
        senior.summary
    )

    for level in (Level.STAFF, Level.SENIOR_STAFF, Level.PRINCIPAL):
        coverage = bank_coverage(stories, level)
        assert coverage.optional == ()
        assert coverage.expected(C.STRATEGY)
        assert C.STRATEGY in coverage.empty


def test_a_thin_optional_slot_is_no_gap() -> None:
    coverage = bank_coverage([stored(1, CHECKOUT, C.STRATEGY, C.IMPACT)], Level.SENIOR)
    assert C.STRATEGY not in coverage.thin
    assert coverage.state(C.STRATEGY) is SlotState.THIN
    assert not any("optional" in line for line in coverage.summary)


def test_at_level_counts_stories_reading_at_or_above_the_target() -> None:
    stories = [
        stored(1, CHECKOUT, C.INCIDENT, C.INFLUENCE),  # Staff
        stored(2, SENIOR_STORY, C.DELIVERY, C.TRADE_OFF),  # Senior
        stored(3, ALL_WE, C.DELIVERY, C.IMPACT),  # no level: all "we"
    ]
    senior = bank_coverage(stories, Level.SENIOR)
    assert senior.at_level == (1, 2)
    assert "2 of 3 read as Senior or above: #1 and #2." in senior.summary

    staff = bank_coverage(stories, Level.STAFF)
    assert staff.at_level == (1,)
    assert staff.at_level_count == 1
    assert "1 of 3 reads as Staff or above: #1." in staff.summary

    principal = bank_coverage(stories, Level.PRINCIPAL)
    assert principal.at_level == ()
    assert any(line.startswith("None of your 3 stories reads as Principal yet") for line in
               principal.summary)  # fmt: skip


def test_the_summary_names_empty_and_thin_slots_and_tag_counts() -> None:
    stories = [
        stored(1, CHECKOUT, C.INCIDENT),
        stored(2, SENIOR_STORY, C.INCIDENT, C.DELIVERY, C.TRADE_OFF, C.FAILURE),
    ]
    coverage = bank_coverage(stories, Level.STAFF)
    summary = "\n".join(coverage.summary)
    assert coverage.summary[0] == (
        "2 stories so far: aim for 8 to 12; 6 more stories would cover a full loop."
    )
    assert "No story yet for conflict, influence without authority," in summary
    assert "strategy or vision and customer or business impact." in summary
    assert "Only one story for failure (#2), technical trade-off (#2) and delivery under " \
           "pressure (#2)" in summary  # fmt: skip
    assert coverage.few_tags == (1,)
    assert coverage.many_tags == (2,)
    assert "#1 has fewer than 2 competency tags: tag each story with 2 or 3." in summary
    assert "#2 has more than 3 tags: keep the 2 or 3 it shows best." in summary


def test_a_full_bank_says_every_slot_is_covered() -> None:
    # 12 stories; story i is tagged with slot i and the next one, so every slot has two.
    slots = [*C, *C][:12]
    stories = [stored(i + 1, CHECKOUT, c, list(C)[(i + 1) % len(C)]) for i, c in enumerate(slots)]
    coverage = bank_coverage(stories, Level.STAFF)
    assert coverage.empty == ()
    assert coverage.thin == ()
    assert "Every slot you need has at least two stories." in coverage.summary
    assert coverage.size_advice == "12 stories: within the 8 to 12 that cover a loop."


@pytest.mark.parametrize(
    ("count", "advice"),
    [
        (1, "1 story so far: aim for 8 to 12; 7 more stories would cover a full loop."),
        (7, "7 stories so far: aim for 8 to 12; 1 more story would cover a full loop."),
        (8, "8 stories: within the 8 to 12 that cover a loop."),
        (13, "13 stories: more than the 12 you can keep fresh; rehearse the strongest for "
             "each slot."),
    ],
)  # fmt: skip
def test_size_advice(count: int, advice: str) -> None:
    assert size_advice(count) == advice
