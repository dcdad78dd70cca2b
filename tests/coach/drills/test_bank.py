"""The shipped scenario bank is complete and valid; broken bank files fail clearly."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from coach.drills.reveal import reveal
from coach.drills.rule_scorer import hidden_flaw_terms
from coach.drills.scenarios import (
    MAX_HIDDEN_FACTS,
    MIN_HIDDEN_FACTS,
    Round,
    Scenario,
    ScenarioBank,
    ScenarioError,
    ScenarioType,
)
from coach.profile import Level, Track

CORE_TRACKS = [t for t in Track if t is not Track.OTHER]


@pytest.fixture(scope="module")
def bank() -> ScenarioBank:
    return ScenarioBank.load()


def test_bank_has_at_least_28_scenarios_and_six_per_round(bank: ScenarioBank) -> None:
    assert len(bank) >= 28
    for round_ in Round:
        assert len(bank.by_round(round_)) >= 6, round_


def test_every_core_track_is_drilled_in_every_round(bank: ScenarioBank) -> None:
    for round_ in Round:
        for track in CORE_TRACKS:
            assert bank.by_round(round_, track=track), (round_, track)


def test_every_level_has_scenarios_in_every_round(bank: ScenarioBank) -> None:
    for round_ in Round:
        for level in Level:
            assert bank.by_round(round_, level=level), (round_, level)


def test_diagnosis_and_build_have_artifacts_and_build_has_a_planted_flaw(
    bank: ScenarioBank,
) -> None:
    for scenario in bank.by_round(Round.DIAGNOSIS) + bank.by_round(Round.BUILD):
        assert len(scenario.artifact.splitlines()) >= 5, scenario.id  # concrete, not a line
    for scenario in bank.by_round(Round.BUILD):
        assert scenario.flaw and scenario.flaw_terms, scenario.id
        # Terms the candidate could copy from the artifact prove nothing.
        assert len(hidden_flaw_terms(scenario)) >= 3, scenario.id


def test_hidden_facts_have_triggers_and_each_trigger_can_be_earned(bank: ScenarioBank) -> None:
    for scenario in bank.scenarios:
        assert MIN_HIDDEN_FACTS <= len(scenario.hidden_facts) <= MAX_HIDDEN_FACTS, scenario.id
        for fact in scenario.hidden_facts:
            assert fact.triggers, (scenario.id, fact.id)
            for trigger in fact.triggers:
                earned = reveal(f"Can you say more about {trigger}?", scenario, ())
                assert fact in earned, (scenario.id, fact.id, trigger)


def test_good_answers_are_described_for_every_level(bank: ScenarioBank) -> None:
    for scenario in bank.scenarios:
        assert set(scenario.good_looks_like) == set(Level), scenario.id
        assert all(len(text) > 40 for text in scenario.good_looks_like.values()), scenario.id


def test_judgment_drills_cover_most_scenario_types(bank: ScenarioBank) -> None:
    judgment = bank.by_round(Round.JUDGMENT)
    assert all(s.scenario_type is not None for s in judgment)
    covered = {s.scenario_type for s in judgment}
    assert len(covered) >= len(ScenarioType) - 2


def test_the_ai_tools_question_is_in_the_loop(bank: ScenarioBank) -> None:
    rounds = {Round.SCREEN, Round.BUILD}
    asked = [
        s
        for s in bank.scenarios
        if s.round in rounds and "ai tools" in s.prompt.lower() and "check" in s.prompt.lower()
    ]
    assert asked


def test_ids_are_unique_and_get_finds_each(bank: ScenarioBank) -> None:
    ids = [s.id for s in bank.scenarios]
    assert len(ids) == len(set(ids))
    assert all(bank.get(i).id == i for i in ids)
    with pytest.raises(KeyError, match="no-such-id"):
        bank.get("no-such-id")


def test_to_dict_round_trips_through_validation(bank: ScenarioBank) -> None:
    for scenario in bank.scenarios:
        data = json.loads(json.dumps(scenario.to_dict()))
        assert Scenario.from_dict(data) == scenario


def test_by_round_filters_on_track_and_level(bank: ScenarioBank) -> None:
    found = bank.by_round("judgment", track=Track.DATA_ML, level=Level.PRINCIPAL)
    assert found
    assert all(
        s.round is Round.JUDGMENT and Track.DATA_ML in s.tracks and Level.PRINCIPAL in s.levels
        for s in found
    )


def test_surprise_prefers_track_and_level_and_is_repeatable(bank: ScenarioBank) -> None:
    for seed in range(20):
        pick = bank.surprise(Level.STAFF, Track.DATA_ML, seed, round=Round.JUDGMENT)
        assert Track.DATA_ML in pick.tracks
        assert Level.STAFF in pick.levels
    first = [bank.surprise(Level.SENIOR, Track.SRE, random.Random(7)).id for _ in range(3)]
    again = [bank.surprise(Level.SENIOR, Track.SRE, random.Random(7)).id for _ in range(3)]
    assert first == again


def test_surprise_avoids_recent_ids_until_none_are_left(bank: ScenarioBank) -> None:
    fitting = [s.id for s in bank.by_round(Round.BUILD, track=Track.BACKEND, level=Level.SENIOR)]
    assert len(fitting) >= 2
    avoid = set(fitting[1:])
    pick = bank.surprise(Level.SENIOR, Track.BACKEND, 3, round=Round.BUILD, avoid=avoid)
    assert pick.id not in avoid
    everything = {s.id for s in bank.by_round(Round.BUILD)}
    # With every id avoided, a drill still starts rather than failing.
    assert bank.surprise(Level.SENIOR, Track.BACKEND, 3, round="build", avoid=everything)


def test_surprise_for_track_other_uses_level_only(bank: ScenarioBank) -> None:
    pick = bank.surprise(Level.PRINCIPAL, Track.OTHER, 1, round=Round.DIAGNOSIS)
    assert Level.PRINCIPAL in pick.levels


# --- broken bank files -------------------------------------------------------------


def _valid(**changes: object) -> dict:
    data = {
        "id": "diag-example",
        "round": "diagnosis",
        "title": "An example",
        "tracks": ["sre"],
        "levels": ["staff"],
        "prompt": "Look at this.",
        "artifact": "line one\nline two",
        "hidden_facts": [
            {"id": "a", "fact": "Fact A.", "triggers": ["alpha"]},
            {"id": "b", "fact": "Fact B.", "triggers": ["beta"]},
        ],
        "good_looks_like": {level.value: "Does the right thing." for level in Level},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _write(folder: Path, name: str, *scenarios: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps({"version": 1, "scenarios": list(scenarios)}), encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    bank = ScenarioBank.from_files([_write(tmp_path, "mine.json", _valid())])
    assert bank.get("diag-example").artifact == "line one\nline two"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"artifact": None}, "need an 'artifact'"),
        ({"round": "build", "flaw": "x"}, "need a 'flaw' and 'flaw_terms'"),
        ({"round": "lunch"}, "unknown round"),
        ({"tracks": ["sre", "frontend"]}, "'tracks'"),
        ({"levels": ["junior"]}, "'levels'"),
        ({"hidden_facts": [{"id": "a", "fact": "A.", "triggers": ["x"]}]}, "2 to 5 facts"),
        (
            {
                "hidden_facts": [
                    {"id": "a", "fact": "A.", "triggers": []},
                    {"id": "b", "fact": "B.", "triggers": ["y"]},
                ]
            },
            "hidden fact 'a'",
        ),
        ({"good_looks_like": {"senior": "Fine."}}, "lacks staff"),
        ({"round": "judgment"}, "scenario_type"),
        ({"round": "judgment", "scenario_type": "vibes"}, "unknown scenario_type"),
        ({"id": "Not A Slug"}, "slug"),
        ({"colour": "blue"}, "unknown field"),
        ({"prompt": ""}, "'prompt' is missing"),
    ],
)
def test_a_broken_scenario_names_the_file_and_the_scenario(
    tmp_path: Path, changes: dict, problem: str
) -> None:
    path = _write(tmp_path, "broken.json", _valid(**changes))
    with pytest.raises(ScenarioError) as caught:
        ScenarioBank.from_files([path])
    message = str(caught.value)
    assert message.startswith("broken.json: scenario ")
    assert problem in message


def test_a_duplicate_id_across_files_names_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path, "one.json", _valid())
    second = _write(tmp_path, "two.json", _valid())
    with pytest.raises(ScenarioError, match=r"two\.json: scenario 'diag-example'.*one\.json"):
        ScenarioBank.from_files([first, second])


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mangled.json"
    path.write_text('{"scenarios": [', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^mangled\.json: not valid JSON"):
        ScenarioBank.from_files([path])


def test_a_file_without_a_scenarios_list_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"version": 1}', encoding="utf-8")
    with pytest.raises(ScenarioError, match="'scenarios' list"):
        ScenarioBank.from_files([path])
