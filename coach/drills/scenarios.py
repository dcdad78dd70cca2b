"""The scenario bank for mock interview rounds.

Scenarios are data (resources/drills/<round>.json). Each one is validated on load, and a
scenario written later by a model goes through the same `Scenario.from_dict`, so a saved
generated scenario can never be weaker than a curated one.
"""

from __future__ import annotations

import enum
import json
import random
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach.drills.rubric import Reward
from coach.profile import Level, Track

BANK_FILES = ("screen.json", "diagnosis.json", "build.json", "judgment.json")
MIN_HIDDEN_FACTS = 2
MAX_HIDDEN_FACTS = 5
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Round(enum.StrEnum):
    # Loop order: a mock loop runs the rounds in this order.
    SCREEN = "screen"
    DIAGNOSIS = "diagnosis"
    BUILD = "build"
    JUDGMENT = "judgment"

    @property
    def label(self) -> str:
        return _ROUND_LABELS[self]


_ROUND_LABELS = {
    Round.SCREEN: "Experience screen",
    Round.DIAGNOSIS: "Diagnosis",
    Round.BUILD: "Build or debug, narrated",
    Round.JUDGMENT: "Judgment and communication",
}


class ScenarioType(enum.StrEnum):
    """Kinds of judgment drill (see DOMAIN.md); only judgment scenarios carry one."""

    ROADMAP_PUSHBACK = "roadmap-pushback"
    BUILD_VS_BUY = "build-vs-buy"
    MIGRATION_SEQUENCING = "migration-sequencing"
    RELIABILITY_VS_FEATURES = "reliability-vs-features"
    INCIDENT_REVIEW = "incident-review"
    ON_CALL_LOAD = "on-call-load"
    COST_REDUCTION = "cost-reduction"
    GROWING_A_TEAM = "growing-a-team"
    AMBIGUOUS_OWNERSHIP = "ambiguous-ownership"
    DEPENDENCY_OUTAGE = "dependency-outage"
    TECHNICAL_STRATEGY = "technical-strategy"


class ScenarioError(ValueError):
    """A scenario failed validation; the message names the file and the scenario."""


@dataclass(frozen=True)
class HiddenFact:
    id: str
    fact: str
    triggers: tuple[str, ...]  # phrases a candidate's question must contain to earn the fact


@dataclass(frozen=True)
class ScenarioCheck:
    """A scenario's own check for one reward: what a strong answer to it says."""

    reward: Reward
    text: str  # a yes/no question about the answer
    anchor: int = 3  # the rubric anchor it evidences
    cues: tuple[str, ...] = ()  # rule path: regexes, any of which in a sentence meets it


@dataclass(frozen=True)
class Scenario:
    id: str
    round: Round
    title: str
    tracks: tuple[Track, ...]
    levels: tuple[Level, ...]
    prompt: str
    hidden_facts: tuple[HiddenFact, ...]
    # What a good answer does at each level; read-only so a frozen Scenario stays frozen.
    good_looks_like: Mapping[Level, str] = field(hash=False)
    artifact: str = ""
    flaw: str = ""  # hidden from the candidate: what is really wrong and why
    flaw_terms: tuple[str, ...] = ()  # words that show the candidate caught the flaw
    scenario_type: ScenarioType | None = None
    sources: tuple[str, ...] = ()
    checks: tuple[ScenarioCheck, ...] = ()  # at most one per reward, in rubric order

    def suits(self, *, track: Track | None = None, level: Level | None = None) -> bool:
        return (track is None or track in self.tracks) and (level is None or level in self.levels)

    def fact(self, fact_id: str) -> HiddenFact:
        for hidden in self.hidden_facts:
            if hidden.id == fact_id:
                return hidden
        raise KeyError(f"scenario {self.id!r} has no hidden fact {fact_id!r}")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "round": self.round.value,
            "title": self.title,
            "tracks": [track.value for track in self.tracks],
            "levels": [level.value for level in self.levels],
            "prompt": self.prompt,
        }
        if self.scenario_type is not None:
            data["scenario_type"] = self.scenario_type.value
        if self.artifact:
            data["artifact"] = self.artifact
        if self.flaw:
            data["flaw"] = self.flaw
        if self.flaw_terms:
            data["flaw_terms"] = list(self.flaw_terms)
        data["hidden_facts"] = [
            {"id": f.id, "fact": f.fact, "triggers": list(f.triggers)} for f in self.hidden_facts
        ]
        data["good_looks_like"] = {level.value: self.good_looks_like[level] for level in Level}
        data["sources"] = list(self.sources)
        if self.checks:
            data["checks"] = {
                c.reward.value: {"text": c.text, "anchor": c.anchor, "cues": list(c.cues)}
                for c in self.checks
            }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "scenario") -> Scenario:
        """Build and validate one scenario; `origin` (a file name) goes into error messages."""
        return _Parser(origin, data).scenario()


_KNOWN_KEYS = frozenset(
    {
        "id",
        "round",
        "title",
        "tracks",
        "levels",
        "prompt",
        "artifact",
        "flaw",
        "flaw_terms",
        "scenario_type",
        "hidden_facts",
        "good_looks_like",
        "sources",
        "checks",
    }
)


class _Parser:
    """Validation with one error style: '<file>: scenario '<id>': <what is wrong>'."""

    def __init__(self, origin: str, data: Mapping[str, Any]) -> None:
        self.origin = origin
        self.data = data
        self.sid = str(data.get("id", "?")) if isinstance(data, Mapping) else "?"

    def fail(self, problem: str) -> ScenarioError:
        return ScenarioError(f"{self.origin}: scenario {self.sid!r}: {problem}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be text")
        if required and not value.strip():
            raise self.fail(f"{key!r} is missing or empty")
        return value.strip()

    def texts(self, key: str, where: Mapping[str, Any] | None = None) -> tuple[str, ...]:
        source = self.data if where is None else where
        value = source.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty texts")
        return tuple(v.strip() for v in value)

    def enum_list(self, key: str, kind: type[enum.StrEnum]) -> tuple[Any, ...]:
        values = self.texts(key)
        if not values:
            raise self.fail(f"{key!r} needs at least one entry")
        try:
            return tuple(dict.fromkeys(kind(v) for v in values))
        except ValueError as exc:
            raise self.fail(f"{key!r}: {exc}; known: {', '.join(kind)}") from None

    def scenario(self) -> Scenario:
        if not isinstance(self.data, Mapping):
            raise self.fail("each scenario must be a JSON object")
        unknown = sorted(set(self.data) - _KNOWN_KEYS)
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")
        sid = self.text("id")
        if not _SLUG.match(sid):
            raise self.fail("id must be a lower-case slug like 'diag-checkout-p99'")
        try:
            round_ = Round(self.text("round"))
        except ValueError:
            raise self.fail(f"unknown round; known: {', '.join(Round)}") from None
        scenario_type = self._scenario_type(round_)
        artifact = self.text("artifact", required=False)
        flaw = self.text("flaw", required=False)
        flaw_terms = self.texts("flaw_terms")
        if round_ in (Round.DIAGNOSIS, Round.BUILD) and not artifact:
            raise self.fail(f"{round_} scenarios need an 'artifact' to look at")
        if round_ is Round.BUILD and not (flaw and flaw_terms):
            raise self.fail("build scenarios need a 'flaw' and 'flaw_terms' (the planted mistake)")
        return Scenario(
            id=sid,
            round=round_,
            title=self.text("title"),
            tracks=self.enum_list("tracks", Track),
            levels=self.enum_list("levels", Level),
            prompt=self.text("prompt"),
            hidden_facts=self._hidden_facts(),
            good_looks_like=self._good_looks_like(),
            artifact=artifact,
            flaw=flaw,
            flaw_terms=tuple(term.lower() for term in flaw_terms),
            scenario_type=scenario_type,
            sources=self.texts("sources"),
            checks=self._checks(),
        )

    def _checks(self) -> tuple[ScenarioCheck, ...]:
        raw = self.data.get("checks", {})
        if not isinstance(raw, Mapping):
            raise self.fail("'checks' must map rewards to a check each")
        unknown = sorted(set(raw) - {r.value for r in Reward})
        if unknown:
            raise self.fail(f"'checks' names unknown reward(s) {', '.join(unknown)}")
        out: list[ScenarioCheck] = []
        for reward in Reward:
            item = raw.get(reward.value)
            if item is None:
                continue
            if not isinstance(item, Mapping) or not str(item.get("text", "")).strip():
                raise self.fail(f"check for {reward.value} needs a 'text'")
            anchor = item.get("anchor", 3)
            if anchor not in (2, 3, 4):
                raise self.fail(f"check for {reward.value}: 'anchor' must be 2, 3 or 4")
            cues = self.texts("cues", item)
            for cue in cues:
                try:
                    re.compile(cue)
                except re.error as exc:
                    raise self.fail(f"check for {reward.value}: bad cue {cue!r} ({exc})") from None
            out.append(ScenarioCheck(reward, str(item["text"]).strip(), int(anchor), cues))
        return tuple(out)

    def _scenario_type(self, round_: Round) -> ScenarioType | None:
        raw = self.data.get("scenario_type")
        if raw is None:
            if round_ is Round.JUDGMENT:
                raise self.fail("judgment scenarios need a 'scenario_type'")
            return None
        try:
            return ScenarioType(raw)
        except ValueError:
            raise self.fail(
                f"unknown scenario_type {raw!r}; known: {', '.join(ScenarioType)}"
            ) from None

    def _hidden_facts(self) -> tuple[HiddenFact, ...]:
        raw = self.data.get("hidden_facts")
        if not isinstance(raw, list) or not MIN_HIDDEN_FACTS <= len(raw) <= MAX_HIDDEN_FACTS:
            raise self.fail(
                f"'hidden_facts' must list {MIN_HIDDEN_FACTS} to {MAX_HIDDEN_FACTS} facts"
            )
        facts: list[HiddenFact] = []
        for item in raw:
            if not isinstance(item, Mapping):
                raise self.fail("each hidden fact must be an object with id, fact, triggers")
            fid = str(item.get("id", "")).strip()
            text = str(item.get("fact", "")).strip()
            triggers = self.texts("triggers", item)
            if not (fid and text and triggers):
                raise self.fail(f"hidden fact {fid or '?'!r} needs an id, a fact and triggers")
            facts.append(HiddenFact(fid, text, tuple(t.lower() for t in triggers)))
        ids = [f.id for f in facts]
        if len(set(ids)) != len(ids):
            raise self.fail("hidden fact ids must be unique within a scenario")
        return tuple(facts)

    def _good_looks_like(self) -> Mapping[Level, str]:
        raw = self.data.get("good_looks_like")
        if not isinstance(raw, Mapping):
            raise self.fail("'good_looks_like' must map each level to a sentence")
        missing = [level.value for level in Level if not str(raw.get(level.value, "")).strip()]
        if missing:
            raise self.fail(f"'good_looks_like' lacks {', '.join(missing)}")
        return MappingProxyType({level: str(raw[level.value]).strip() for level in Level})


@dataclass(frozen=True)
class ScenarioBank:
    scenarios: tuple[Scenario, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for scenario in self.scenarios:
            if scenario.id in seen:
                raise ScenarioError(f"scenario id {scenario.id!r} is used twice")
            seen.add(scenario.id)

    @classmethod
    def load(cls) -> ScenarioBank:
        """The bank shipped in resources/drills."""
        folder = resources.files("resources").joinpath("drills")
        return cls.from_files([folder.joinpath(name) for name in BANK_FILES])

    @classmethod
    def from_files(cls, files: Iterable[Traversable | Path]) -> ScenarioBank:
        scenarios: list[Scenario] = []
        owner: dict[str, str] = {}
        for ref in files:
            for scenario in _read_file(ref):
                if scenario.id in owner:
                    raise ScenarioError(
                        f"{ref.name}: scenario {scenario.id!r}: id already used in "
                        f"{owner[scenario.id]}"
                    )
                owner[scenario.id] = ref.name
                scenarios.append(scenario)
        return cls(tuple(scenarios))

    def __len__(self) -> int:
        return len(self.scenarios)

    def get(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(f"no scenario {scenario_id!r} in the bank")

    def by_round(
        self, round: Round | str, track: Track | None = None, level: Level | None = None
    ) -> tuple[Scenario, ...]:
        wanted = Round(round)
        return tuple(
            s for s in self.scenarios if s.round is wanted and s.suits(track=track, level=level)
        )

    def surprise(
        self,
        level: Level,
        track: Track,
        rng: random.Random | int | None = None,
        *,
        round: Round | str | None = None,
        avoid: Collection[str] = (),
    ) -> Scenario:
        """A scenario for this candidate: the best-fitting tier first (track and level, then
        track, then level, then any), skipping ids in `avoid` unless nothing else is left.
        Passing a seed or a Random makes the choice repeatable."""
        chooser = rng if isinstance(rng, random.Random) else random.Random(rng)
        pool = self.by_round(round) if round is not None else self.scenarios
        if not pool:
            raise KeyError(f"no scenarios for round {round!r}")
        fresh = [s for s in pool if s.id not in avoid] or list(pool)

        def fit(s: Scenario) -> int:
            # Track OTHER has no track-specific scenarios, so only the level counts.
            on_track = track is not Track.OTHER and track in s.tracks
            return 2 * on_track + (level in s.levels)

        best = max(fit(s) for s in fresh)
        tier = sorted((s for s in fresh if fit(s) == best), key=lambda s: s.id)
        return chooser.choice(tier)


def _read_file(ref: Traversable | Path) -> list[Scenario]:
    name = ref.name
    try:
        data = json.loads(ref.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{name}: not valid JSON ({exc})") from exc
    except OSError as exc:
        raise ScenarioError(f"{name}: cannot be read ({exc})") from exc
    raw = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise ScenarioError(f"{name}: expected an object with a 'scenarios' list")
    return [Scenario.from_dict(item, origin=name) for item in raw]
