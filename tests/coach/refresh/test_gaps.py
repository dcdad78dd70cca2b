"""Gap checks for one role's material: what is missing for the target level, in asking order."""

from __future__ import annotations

import pytest

from coach.calibration import Dimension
from coach.profile import Level
from coach.refresh.gaps import Aspect, assess_role, required_aspects

BULLET_ONLY = ["Migrated 40 services from self-hosted Kafka to a managed cluster."]

SENIOR_ROLE = [
    "Led the rewrite of the payments team's retry logic.",
    "I chose idempotency keys over distributed locks. Duplicate charges fell from 40 a week "
    "to 2 within a quarter; each one had meant a refund for a customer.",
]

STAFF_ROLE = [
    "Built a shared build platform adopted by the payments, search and ads teams.",
    "I noticed nobody owned the flaky CI problem, so I proposed the platform and convinced "
    "all three teams to move onto it over two years.",
    "The ads team pushed back because of a release deadline, so I partnered with their tech "
    "lead on a staged plan. Flaky failures fell from 12% of builds to 1% within a year.",
]

STAFF_ROLE_WITH_REFLECTION = [
    *STAFF_ROLE,
    "In hindsight I would have involved the security team before the RFC, not after.",
]


SENIOR_STAFF_ROLE = [
    "Our infrastructure group of eight teams had two competing proposals for the storage "
    "layer, and the teams disagreed about direction.",
    "I wrote the strategy document, set the direction with our two directors, and I decided "
    "we would converge on one storage engine over three years.",
    "The legacy engine could not be frozen, so I agreed a dual-write period with the search "
    "team. Storage cost fell 35% within 18 months.",
]

PRINCIPAL_ROLE = [
    "Led the company-wide move to a cell-based architecture for every product team.",
    "There was no agreed direction for multi-region and no single right answer. I made the "
    "call to move every product team to cells, presented the three-year plan to the CTO and "
    "the executive team, and rallied the whole org behind it.",
    "Two VPs objected because of the cost, so I ran a staged pilot with the payments team "
    "first. Customer-facing outages fell from 9 to 2 a year.",
]


def statuses(material: list[str], target: Level) -> dict[Aspect, tuple[bool, bool]]:
    assessment = assess_role(material, target)
    return {s.aspect: (s.met, s.partial) for s in assessment.statuses}


def test_required_aspects_per_level() -> None:
    assert required_aspects(Level.SENIOR) == (Aspect.SCOPE, Aspect.DECISION, Aspect.METRIC)
    for level in (Level.STAFF, Level.SENIOR_STAFF, Level.PRINCIPAL):
        assert required_aspects(level) == (
            Aspect.SCOPE, Aspect.DECISION, Aspect.METRIC, Aspect.PEOPLE, Aspect.DIFFICULTY
        )


def test_a_bare_bullet_misses_everything_in_order() -> None:
    senior = assess_role(BULLET_ONLY, Level.SENIOR)
    assert senior.missing == (Aspect.SCOPE, Aspect.DECISION, Aspect.METRIC, Aspect.REFLECTION)
    assert not senior.meets_bar
    staff = assess_role(BULLET_ONLY, Level.STAFF)
    assert staff.missing == (
        Aspect.SCOPE, Aspect.DECISION, Aspect.METRIC, Aspect.PEOPLE, Aspect.DIFFICULTY,
        Aspect.REFLECTION,
    )


def test_a_count_alone_is_a_partial_metric() -> None:
    metric = assess_role(BULLET_ONLY, Level.SENIOR).status(Aspect.METRIC)
    assert (metric.met, metric.partial) == (False, True)
    assert metric.note == (
        "a result is named but no baseline or time frame: from what, to what, and over how long?"
    )
    assert [e.text for e in metric.evidence] == ["40 services"]


def test_a_metric_with_only_a_time_frame_is_met_and_asks_for_the_baseline() -> None:
    metric = assess_role(["I cut p99 latency by 40% in 3 months."], Level.SENIOR).status(
        Aspect.METRIC
    )
    assert metric.met
    assert metric.note == "a measured result with a time frame; from what baseline is not said yet"


def test_a_metric_with_only_a_baseline_is_met_and_asks_for_the_time_frame() -> None:
    metric = assess_role(["Deploys went from 45 minutes to 6."], Level.SENIOR).status(
        Aspect.METRIC
    )
    assert metric.met
    assert metric.note == "a measured result with a baseline; over how long is not said yet"


def test_a_change_without_a_number_is_partial() -> None:
    metric = assess_role(["Improved the reliability of the billing service."],
                         Level.SENIOR).status(Aspect.METRIC)
    assert (metric.met, metric.partial) == (False, True)
    assert metric.note.startswith("a change is described (“Improved”) but not measured")


def test_senior_role_meets_the_senior_bar() -> None:
    assessment = assess_role(SENIOR_ROLE, Level.SENIOR)
    assert assessment.meets_bar
    # Reflection is still asked, last, but never blocks.
    assert assessment.missing == (Aspect.REFLECTION,)
    assert assessment.level.reads_as is Level.SENIOR


def test_senior_role_against_staff() -> None:
    assessment = assess_role(SENIOR_ROLE, Level.STAFF)
    assert not assessment.meets_bar
    assert assessment.missing == (
        Aspect.SCOPE, Aspect.PEOPLE, Aspect.DIFFICULTY, Aspect.REFLECTION
    )
    scope = assessment.status(Aspect.SCOPE)
    assert (scope.met, scope.partial) == (False, True)
    assert scope.note == (
        "the scope reads as one team; Staff needs several teams or an area: "
        "who else had to change?"
    )


def test_staff_role_meets_the_staff_bar() -> None:
    assessment = assess_role(STAFF_ROLE, Level.STAFF)
    assert statuses(STAFF_ROLE, Level.STAFF) == {
        Aspect.SCOPE: (True, False),
        Aspect.DECISION: (True, False),
        Aspect.METRIC: (True, False),
        Aspect.PEOPLE: (True, False),
        Aspect.DIFFICULTY: (True, False),
        Aspect.REFLECTION: (False, False),
    }
    assert assessment.meets_bar
    assert assessment.missing == (Aspect.REFLECTION,)
    assert assessment.level.reads_as is Level.STAFF


def test_reflection_completes_the_role() -> None:
    assessment = assess_role(STAFF_ROLE_WITH_REFLECTION, Level.STAFF)
    assert assessment.missing == ()
    assert assessment.status(Aspect.REFLECTION).note == "a reflection is named: “In hindsight”"


@pytest.mark.parametrize("target", [Level.SENIOR_STAFF, Level.PRINCIPAL])
def test_staff_role_falls_short_of_higher_targets_on_scope(target: Level) -> None:
    assessment = assess_role(STAFF_ROLE, target)
    assert not assessment.meets_bar
    assert assessment.missing[0] is Aspect.SCOPE
    assert assessment.level.dimension(Dimension.SCOPE).gap.startswith(f"{target.label} needs")


def test_we_decided_is_a_partial_decision() -> None:
    decision = assess_role(["We decided to shard the orders table by tenant."],
                           Level.SENIOR).status(Aspect.DECISION)
    assert (decision.met, decision.partial) == (False, True)
    assert decision.note == (
        "a decision is named, but as “We decided”: which part was your call?"
    )


def test_we_without_names_is_partial_people() -> None:
    people = assess_role(["We migrated the cluster over a weekend."], Level.STAFF).status(
        Aspect.PEOPLE
    )
    assert (people.met, people.partial) == (False, True)
    assert people.note.startswith("“we” is named, but not who")


def test_hard_words_are_partial_difficulty() -> None:
    difficulty = assess_role(["It was a challenging migration."], Level.STAFF).status(
        Aspect.DIFFICULTY
    )
    assert (difficulty.met, difficulty.partial) == (False, True)
    assert "not what made it hard" in difficulty.note


def test_evidence_points_into_the_right_piece_of_material() -> None:
    assessment = assess_role(STAFF_ROLE, Level.STAFF)
    for status in assessment.statuses:
        for span in status.evidence:
            assert STAFF_ROLE[span.item][span.start : span.end] == span.text
    difficulty = assessment.status(Aspect.DIFFICULTY)
    assert [(e.item, e.text) for e in difficulty.evidence][:2] == [
        (1, "flaky"), (2, "pushed back")
    ]


def test_phrases_do_not_run_across_pieces_of_material() -> None:
    # "from 40" ends one answer and "to 2" starts the next: no baseline across the break.
    assessment = assess_role(["Errors fell from 40", "to 2 on the search team"], Level.SENIOR)
    metric = assessment.status(Aspect.METRIC)
    assert metric.evidence == ()
    assert not metric.met
    assert "from" not in " ".join(e.text for e in assessment.status(Aspect.SCOPE).evidence)


def test_aspects_met_while_the_lens_still_flags_a_technical_only_story() -> None:
    # meets_bar is about the asked aspects; the lens separately says the story has no
    # people, risk or strategy in it, so the window can show both.
    material = [
        "Led the rewrite of the payments team's retry logic.",
        "I chose idempotency keys over distributed locks and rewrote the consumer loop in Go "
        "with batched acknowledgements. Duplicate charges fell from 40 a week to 2 within a "
        "quarter.",
    ]
    assessment = assess_role(material, Level.SENIOR)
    assert assessment.meets_bar
    assert assessment.level.reads_as is None
    assert "only technical detail" in assessment.level.summary


def test_empty_material() -> None:
    assessment = assess_role([], Level.SENIOR)
    assert assessment.missing == (Aspect.SCOPE, Aspect.DECISION, Aspect.METRIC,
                                  Aspect.REFLECTION)
    assert not assessment.meets_bar
    assert assessment.level.reads_as is None


def test_deterministic() -> None:
    assert assess_role(STAFF_ROLE, Level.STAFF) == assess_role(STAFF_ROLE, Level.STAFF)


@pytest.mark.parametrize(
    ("material", "highest"),
    [
        (SENIOR_ROLE, Level.SENIOR),
        (STAFF_ROLE, Level.STAFF),
        (SENIOR_STAFF_ROLE, Level.SENIOR_STAFF),
        (PRINCIPAL_ROLE, Level.PRINCIPAL),
    ],
)
def test_meets_bar_up_to_the_level_the_role_shows(material: list[str], highest: Level) -> None:
    order = list(Level)
    for target in Level:
        assessment = assess_role(material, target)
        assert assessment.meets_bar is (order.index(target) <= order.index(highest)), target
        assert assessment.level.reads_as is highest
