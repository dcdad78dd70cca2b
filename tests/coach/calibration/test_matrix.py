"""resources/levels.json: loads, names its public sources, and rejects a broken matrix."""

from __future__ import annotations

import importlib.resources
import json

import pytest

from coach.calibration import Dimension, LevelMatrix, MarkerKind, ScopeBand
from coach.profile import Level


def raw() -> dict:
    text = importlib.resources.files("resources").joinpath("levels.json").read_text("utf-8")
    return json.loads(text)


def test_loads_every_level_and_dimension() -> None:
    matrix = LevelMatrix.load()
    assert [row.level for row in matrix.rows] == list(Level)
    for row in matrix.rows:
        for dimension in Dimension:
            cell = row.cell(dimension)
            assert cell.looks_like and cell.needs and cell.in_a_phrase
        assert row.story_evidence
        assert row.sources
    for kind in MarkerKind:
        assert matrix.marker_note(kind)


def test_names_the_public_sources() -> None:
    names = " ".join(source.name for source in LevelMatrix.load().sources)
    for expected in ("Dropbox", "CircleCI", "GitLab", "staffeng.com", "The Staff Engineer's Path"):
        assert expected in names
    for source in LevelMatrix.load().sources:
        assert source.url.startswith("https://")


def test_scope_bands_and_horizons() -> None:
    matrix = LevelMatrix.load()
    assert [matrix.level_for_band(band) for band in ScopeBand] == list(Level)
    assert matrix.level_for_months(3) is Level.SENIOR
    assert matrix.level_for_months(11.9) is Level.SENIOR
    assert matrix.level_for_months(12) is Level.STAFF
    assert matrix.level_for_months(24) is Level.SENIOR_STAFF
    assert matrix.level_for_months(36) is Level.PRINCIPAL
    assert matrix.level_for_months(120) is Level.PRINCIPAL


def test_rejects_levels_out_of_order() -> None:
    data = raw()
    data["levels"].reverse()
    with pytest.raises(ValueError, match="in order"):
        LevelMatrix.from_json(json.dumps(data))


def test_rejects_unknown_band() -> None:
    data = raw()
    data["levels"][0]["scope"]["band"] = "galaxy"
    with pytest.raises(ValueError, match="not a valid level matrix"):
        LevelMatrix.from_json(json.dumps(data))


def test_rejects_missing_cell() -> None:
    data = raw()
    del data["levels"][1]["influence"]
    with pytest.raises(ValueError, match="influence"):
        LevelMatrix.from_json(json.dumps(data))


def test_rejects_falling_horizon() -> None:
    data = raw()
    data["levels"][3]["horizon"]["min_months"] = 6
    with pytest.raises(ValueError, match="horizon floors"):
        LevelMatrix.from_json(json.dumps(data))


def test_rejects_unknown_source() -> None:
    data = raw()
    data["levels"][0]["sources"].append("blog-post")
    with pytest.raises(ValueError, match="unknown sources"):
        LevelMatrix.from_json(json.dumps(data))
