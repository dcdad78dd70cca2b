"""The level lens on clear Senior, Staff, Senior Staff and Principal stories, and on stories
that read lower than they should."""

from __future__ import annotations

import pytest

from coach.calibration import Dimension, MarkerKind, read_level, read_signals, text_signals
from coach.profile import Level

SENIOR = (
    "On the payments team I led the rewrite of our retry logic with two other engineers. "
    "I chose idempotency keys over distributed locks, and duplicate charges fell from 40 a "
    "week to 2 within a quarter; each one had meant a refund and an angry customer."
)
SENIOR_NO_DECISION = (
    "I worked on my team's deploy tooling and improved the release checklist for the on-call "
    "engineers."
)
STAFF = (
    "I noticed nobody owned the flaky CI problem that was costing the payments, search and "
    "ads teams about 30 engineer-hours a week. I proposed a shared build platform and "
    "convinced all three teams to move onto it over two years; the RFC was adopted and other "
    "teams adopted it after that. Flaky failures fell from 12% of builds to 1%."
)
SENIOR_STAFF = (
    "Our infrastructure group of eight teams had two competing proposals for the storage "
    "layer, and the teams disagreed about direction. I wrote the strategy document, set the "
    "direction with our two directors, and I decided we would converge on one storage engine "
    "over three years. Storage cost fell 35% within 18 months."
)
PRINCIPAL = (
    "Across the company there was no agreed direction for multi-region and no single right "
    "answer. I made the call to move every product team to a cell-based architecture, "
    "presented the three-year plan to the CTO and the executive team, and rallied the whole "
    "org behind it. Customer-facing outages fell from 9 to 2 a year."
)
WE_ONLY = (
    "We rebuilt the search indexer across three teams over two years. We decided to use "
    "Rust, search latency for our customers dropped by 60% and we were proud of it."
)


@pytest.mark.parametrize(
    ("story", "level"),
    [
        (SENIOR, Level.SENIOR),
        (STAFF, Level.STAFF),
        (SENIOR_STAFF, Level.SENIOR_STAFF),
        (PRINCIPAL, Level.PRINCIPAL),
    ],
)
def test_clear_stories_read_at_their_level(story: str, level: Level) -> None:
    reading = read_level(story, level)
    assert reading.reads_as is level
    assert reading.meets_target
    assert reading.gaps == ()
    assert reading.markers == ()


def test_senior_summary() -> None:
    summary = read_level(SENIOR, Level.SENIOR).summary
    assert summary == "reads as Senior: one team, your decision named"


def test_senior_without_a_decision() -> None:
    reading = read_level(SENIOR_NO_DECISION, Level.SENIOR)
    assert reading.summary == "reads as Senior: one team, no decision of yours named"
    assert reading.decision == ()


def test_staff_summary() -> None:
    assert read_level(STAFF, Level.STAFF).summary == (
        "reads as Staff: three teams, your decision named, a two-year horizon"
    )


def test_senior_staff_summary() -> None:
    assert read_level(SENIOR_STAFF, Level.SENIOR_STAFF).summary == (
        "reads as Senior Staff: eight teams, your decision named, a three-year horizon"
    )


def test_principal_summary() -> None:
    assert read_level(PRINCIPAL, Level.PRINCIPAL).summary == (
        "reads as Principal: the whole company, your decision named, a three-year horizon"
    )


def test_we_only_story_reads_below_senior() -> None:
    reading = read_level(WE_ONLY, Level.STAFF)
    assert reading.reads_as is None
    assert not reading.meets_target
    assert reading.summary == "below Senior: the whole story says “we”"
    assert [m.kind for m in reading.markers] == [MarkerKind.ALL_WE]
    assert reading.lower_level_markers == 1


def test_each_dimension_reads_with_evidence() -> None:
    reading = read_level(STAFF, Level.STAFF)
    scope = reading.dimension(Dimension.SCOPE)
    assert scope.level is Level.STAFF
    assert scope.described == "three teams"
    assert all(STAFF[s.start : s.end] == s.text for s in scope.evidence)
    ambiguity = reading.dimension(Dimension.AMBIGUITY)
    assert (ambiguity.level, [s.text for s in ambiguity.evidence]) == (
        Level.STAFF, ["nobody owned"]
    )
    influence = reading.dimension(Dimension.INFLUENCE)
    assert influence.level is Level.STAFF
    assert "other teams adopted" in [s.text for s in influence.evidence]
    horizon = reading.dimension(Dimension.HORIZON)
    assert (horizon.level, horizon.described) == (Level.SENIOR_STAFF, "a two-year horizon")
    assert [s.text for s in reading.decision] == ["I proposed"]


def test_no_evidence_on_a_dimension_is_none() -> None:
    reading = read_level(SENIOR, Level.SENIOR)
    for dimension in (Dimension.AMBIGUITY, Dimension.INFLUENCE, Dimension.HORIZON):
        assert reading.dimension(dimension).level is None
        assert reading.dimension(dimension).evidence == ()


def test_gaps_against_a_higher_target() -> None:
    reading = read_level(SENIOR, Level.STAFF)
    assert reading.reads_as is Level.SENIOR
    assert not reading.meets_target
    assert reading.dimension(Dimension.SCOPE).gap == (
        "Staff needs several teams or an area; this names one team"
    )
    assert reading.gaps[0] == reading.dimension(Dimension.SCOPE).gap
    assert reading.dimension(Dimension.HORIZON).gap == (
        "Staff needs a horizon of one to two years; no span of time is named"
    )
    assert reading.decision_gap == ""  # the Senior story names its decision


def test_decision_gap_from_staff_up() -> None:
    assert read_level(SENIOR_NO_DECISION, Level.SENIOR).decision_gap == ""
    staff = read_level(SENIOR_NO_DECISION, Level.STAFF)
    assert staff.decision_gap == (
        "Staff needs a decision you pushed through; none of yours is named"
    )
    assert staff.gaps[1] == staff.decision_gap


def test_a_staff_claim_backed_by_one_team_reads_senior() -> None:
    story = (
        "On my team I proposed a new on-call rotation and convinced my lead to adopt it; "
        "I set the direction for our alerting over two years."
    )
    reading = read_level(story, Level.STAFF)
    assert reading.dimension(Dimension.SCOPE).level is Level.SENIOR
    assert reading.dimension(Dimension.AMBIGUITY).level is Level.SENIOR_STAFF
    assert reading.reads_as is Level.SENIOR
    assert reading.summary == "reads as Senior: one team, your decision named, a two-year horizon"


def test_three_teams_without_your_decision_stops_at_senior() -> None:
    story = "I was part of the effort that moved three teams onto the new schema registry."
    reading = read_level(story, Level.STAFF)
    assert reading.dimension(Dimension.SCOPE).level is Level.STAFF
    assert reading.reads_as is Level.SENIOR
    assert reading.summary == "reads as Senior: three teams, no decision of yours named"


def test_a_stated_dimension_caps_one_level_above_itself() -> None:
    # A company-wide scope whose influence is named only as the candidate's own team.
    story = (
        "I decided to move every team to the new logging library across the company and "
        "persuaded my team to go first."
    )
    reading = read_level(story, Level.PRINCIPAL)
    assert reading.dimension(Dimension.SCOPE).level is Level.PRINCIPAL
    assert reading.dimension(Dimension.INFLUENCE).level is Level.SENIOR
    assert reading.reads_as is Level.STAFF
    assert reading.summary == (
        "reads as Staff: the whole company, your decision named, "
        "influence: your own team persuaded"
    )


def test_a_short_horizon_caps_a_wide_story() -> None:
    story = "I decided how a dozen teams would retire the old queue, over six weeks."
    reading = read_level(story, Level.SENIOR_STAFF)
    assert reading.dimension(Dimension.SCOPE).level is Level.SENIOR_STAFF
    assert reading.dimension(Dimension.HORIZON).level is Level.SENIOR
    assert reading.reads_as is Level.STAFF
    assert reading.summary.endswith("a six-week horizon")


def test_assigned_work_reads_a_level_lower() -> None:
    story = (
        "My manager asked me to lead the migration across three teams. I proposed a phased "
        "plan and convinced all three teams to follow it."
    )
    reading = read_level(story, Level.STAFF)
    assert [m.kind for m in reading.markers] == [MarkerKind.ASSIGNED]
    assert reading.reads_as is Level.SENIOR
    assert reading.summary.endswith("your manager assigned the work")


def test_only_technical_detail_reads_lower() -> None:
    story = (
        "I rewrote the gRPC interceptor chain in Go, replaced the reflection-based codec with "
        "generated code, tuned the connection pool on our service, and I chose to batch writes "
        "so p99 went from 300 ms to 90 ms."
    )
    reading = read_level(story, Level.SENIOR)
    assert [m.kind for m in reading.markers] == [MarkerKind.ONLY_TECHNICAL]
    assert reading.reads_as is None
    assert reading.summary.startswith("below Senior: one system, your decision named")


def test_a_short_technical_bullet_is_not_faulted() -> None:
    reading = read_level("I chose to batch writes on our service; p99 fell 70%.", Level.SENIOR)
    assert reading.markers == ()
    assert reading.reads_as is Level.SENIOR


def test_ambiguity_left_to_more_meetings_reads_lower() -> None:
    story = (
        "The search and ads teams disagreed about the ranking service, so I proposed a shared "
        "design and then scheduled more meetings until someone decided."
    )
    reading = read_level(story, Level.STAFF)
    assert MarkerKind.MORE_MEETINGS in [m.kind for m in reading.markers]
    assert reading.reads_as is Level.SENIOR


def test_no_scope_means_no_reading() -> None:
    reading = read_level("I decided to use Rust for the parser.", Level.SENIOR)
    assert reading.reads_as is None
    assert reading.summary == (
        "no level yet: no team, system or wider scope is named, your decision named"
    )


def test_empty_text() -> None:
    reading = read_level("", Level.STAFF)
    assert reading.reads_as is None
    assert reading.summary == "no level yet: there is nothing to read"


def test_read_signals_matches_read_level() -> None:
    assert read_signals(text_signals(STAFF), Level.STAFF) == read_level(STAFF, Level.STAFF)


def test_target_changes_gaps_not_the_reading() -> None:
    readings = [read_level(STAFF, level) for level in Level]
    assert {r.reads_as for r in readings} == {Level.STAFF}
    assert [r.meets_target for r in readings] == [True, True, False, False]
    assert readings[2].dimension(Dimension.SCOPE).gap == (
        "Senior Staff needs a group of teams or a sub-department; this names three teams"
    )
