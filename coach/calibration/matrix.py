"""The level matrix (resources/levels.json): what each level looks like per dimension."""

from __future__ import annotations

import enum
import importlib.resources
import json
from dataclasses import dataclass
from typing import Any

from coach.calibration.scope import ScopeBand
from coach.profile import Level

RESOURCE = "levels.json"


class Dimension(enum.StrEnum):
    """The four dimensions of DOMAIN.md's level table the lens reads from text."""

    SCOPE = "scope"
    AMBIGUITY = "ambiguity"
    INFLUENCE = "influence"
    HORIZON = "horizon"


class MarkerKind(enum.StrEnum):
    """What makes a story read a level lower (DOMAIN.md)."""

    ASSIGNED = "assigned"
    ALL_WE = "all_we"
    ONLY_TECHNICAL = "only_technical"
    MORE_MEETINGS = "more_meetings"


@dataclass(frozen=True)
class Expectation:
    """One cell of the matrix: a level on a dimension."""

    looks_like: str  # how the level shows in a story, a full sentence
    needs: str  # what a gap note says the level needs: "several teams or an area"
    in_a_phrase: str  # a short name for a summary: "several teams"


@dataclass(frozen=True)
class LevelRow:
    level: Level
    scope_band: ScopeBand
    min_horizon_months: float
    cells: tuple[tuple[Dimension, Expectation], ...]
    story_evidence: str
    sources: tuple[str, ...]

    def cell(self, dimension: Dimension) -> Expectation:
        return dict(self.cells)[dimension]


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    url: str
    licence: str


@dataclass(frozen=True)
class LevelMatrix:
    rows: tuple[LevelRow, ...]  # one per level, in `Level` order
    sources: tuple[Source, ...]
    markers: tuple[tuple[MarkerKind, str], ...]

    @classmethod
    def load(cls) -> LevelMatrix:
        text = importlib.resources.files("resources").joinpath(RESOURCE).read_text(
            encoding="utf-8"
        )
        return cls.from_json(text)

    @classmethod
    def from_json(cls, text: str) -> LevelMatrix:
        try:
            return _parse(json.loads(text))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{RESOURCE} is not a valid level matrix: {exc}") from exc

    def row(self, level: Level) -> LevelRow:
        return self.rows[list(Level).index(level)]

    def level_for_band(self, band: ScopeBand) -> Level:
        return next(row.level for row in self.rows if row.scope_band is band)

    def level_for_months(self, months: float) -> Level:
        """The highest level whose horizon floor the span reaches (floors are inclusive)."""
        reached = [row.level for row in self.rows if months >= row.min_horizon_months]
        return reached[-1] if reached else self.rows[0].level

    def marker_note(self, kind: MarkerKind) -> str:
        return dict(self.markers)[kind]


def _parse(data: dict[str, Any]) -> LevelMatrix:
    sources = tuple(
        Source(s["id"], s["name"], s["url"], s["licence"]) for s in data["sources"]
    )
    known_sources = {s.id for s in sources}
    rows = tuple(_parse_row(raw, known_sources) for raw in data["levels"])
    if [row.level for row in rows] != list(Level):
        raise ValueError("levels must list senior, staff, senior-staff, principal in order")
    if [row.scope_band for row in rows] != list(ScopeBand):
        raise ValueError("scope bands must widen one step per level")
    months = [row.min_horizon_months for row in rows]
    if months != sorted(months) or len(set(months)) != len(months):
        raise ValueError("horizon floors must rise with the level")
    markers = tuple((MarkerKind(k), str(v)) for k, v in data["lower_level_markers"].items())
    if {kind for kind, _ in markers} != set(MarkerKind):
        raise ValueError("lower_level_markers must describe every marker")
    return LevelMatrix(rows=rows, sources=sources, markers=markers)


def _parse_row(raw: dict[str, Any], known_sources: set[str]) -> LevelRow:
    level = Level(raw["level"])
    cells = tuple(
        (
            dimension,
            Expectation(
                looks_like=_text(raw[dimension.value]["looks_like"]),
                needs=_text(raw[dimension.value]["needs"]),
                in_a_phrase=_text(raw[dimension.value]["in_a_phrase"]),
            ),
        )
        for dimension in Dimension
    )
    unknown = set(raw["sources"]) - known_sources
    if unknown:
        raise ValueError(f"{level.value} cites unknown sources {sorted(unknown)}")
    return LevelRow(
        level=level,
        scope_band=ScopeBand(raw["scope"]["band"]),
        min_horizon_months=float(raw["horizon"]["min_months"]),
        cells=cells,
        story_evidence=_text(raw["story_evidence"]),
        sources=tuple(raw["sources"]),
    )


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value.strip()
