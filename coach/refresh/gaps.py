"""What a role's material still lacks for the target level, decided with no model loaded.

The material is the role's CV bullets plus the candidate's answers so far. Each aspect the
coach asks about (scope, decision, metric, people, difficulty, reflection) gets a status in
plain words, and `missing` says what to ask next, in the order a coach would ask it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from coach.calibration.lens import LevelReading, read_signals
from coach.calibration.matrix import Dimension, LevelMatrix
from coach.calibration.signals import PIECE_BREAK, TextSignals, text_signals
from coach.calibration.spans import Span
from coach.profile import Level

_SEPARATOR = PIECE_BREAK


class Aspect(enum.StrEnum):
    SCOPE = "scope"
    DECISION = "decision"
    METRIC = "metric"  # a measurable result with a baseline and a time frame
    PEOPLE = "people"  # who else was involved
    DIFFICULTY = "difficulty"  # what was hard
    REFLECTION = "reflection"  # what you would do differently


# Asking order: what the work was and who decided, then how it was measured, then the rest.
ASKING_ORDER = tuple(Aspect)
_STAFF_UP = (Aspect.PEOPLE, Aspect.DIFFICULTY)


@dataclass(frozen=True)
class MaterialSpan:
    """Evidence inside one piece of material: `material[item][start:end] == text`."""

    item: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AspectStatus:
    aspect: Aspect
    met: bool
    partial: bool  # something is there, but not enough (`note` says what is missing)
    note: str
    evidence: tuple[MaterialSpan, ...] = ()


@dataclass(frozen=True)
class RoleAssessment:
    target: Level
    statuses: tuple[AspectStatus, ...]  # one per aspect, in asking order
    required: tuple[Aspect, ...]  # what the target level requires, in asking order
    # Required aspects not yet met, in asking order, then reflection when it is not met:
    # it is always asked last and never blocks `meets_bar`.
    missing: tuple[Aspect, ...]
    meets_bar: bool  # every required aspect met for the target
    level: LevelReading

    def status(self, aspect: Aspect) -> AspectStatus:
        return next(s for s in self.statuses if s.aspect is aspect)


def required_aspects(target: Level) -> tuple[Aspect, ...]:
    """Scope, decision and metric at every level; people and difficulty from Staff up."""
    staff_up = list(Level).index(target) >= list(Level).index(Level.STAFF)
    return tuple(
        a for a in ASKING_ORDER
        if a is not Aspect.REFLECTION and (staff_up or a not in _STAFF_UP)
    )


def assess_role(
    material: Sequence[str], target: Level, matrix: LevelMatrix | None = None
) -> RoleAssessment:
    matrix = matrix or LevelMatrix.load()
    signals = text_signals(_SEPARATOR.join(material))
    reading = read_signals(signals, target, matrix)
    locate = _Locator(material)
    statuses = (
        _scope(reading, matrix, locate),
        _decision(signals, locate),
        _metric(signals, locate),
        _people(signals, locate),
        _difficulty(signals, locate),
        _reflection(signals, locate),
    )
    required = required_aspects(target)
    met = {s.aspect for s in statuses if s.met}
    missing = tuple(a for a in required if a not in met)
    if Aspect.REFLECTION not in met:
        missing += (Aspect.REFLECTION,)
    return RoleAssessment(
        target=target,
        statuses=statuses,
        required=required,
        missing=missing,
        meets_bar=all(a in met for a in required),
        level=reading,
    )


class _Locator:
    """Maps spans of the joined text back to the piece of material they came from."""

    def __init__(self, material: Sequence[str]) -> None:
        self._starts: list[int] = []
        offset = 0
        for item in material:
            self._starts.append(offset)
            offset += len(item) + len(_SEPARATOR)

    def __call__(self, spans: Sequence[Span]) -> tuple[MaterialSpan, ...]:
        located = []
        for span in spans:
            item = max(i for i, start in enumerate(self._starts) if start <= span.start)
            base = self._starts[item]
            located.append(MaterialSpan(item, span.start - base, span.end - base, span.text))
        return tuple(located)


def _quote(spans: Sequence[Span]) -> str:
    return f"“{spans[0].text.strip()}”"


def _scope(reading: LevelReading, matrix: LevelMatrix, locate: _Locator) -> AspectStatus:
    scope = reading.dimension(Dimension.SCOPE)
    if scope.level is None:
        return AspectStatus(Aspect.SCOPE, False, False,
                            "no scope yet: which team or system, and how far did it reach?")
    evidence = locate(scope.evidence)
    if not scope.gap:
        return AspectStatus(Aspect.SCOPE, True, False, f"the scope is named: {scope.described}",
                            evidence)
    needs = matrix.row(reading.target).cell(Dimension.SCOPE).needs
    return AspectStatus(Aspect.SCOPE, False, True,
                        f"the scope reads as {scope.described}; {reading.target.label} needs "
                        f"{needs}: who else had to change?", evidence)


def _decision(signals: TextSignals, locate: _Locator) -> AspectStatus:
    if signals.decisions:
        return AspectStatus(Aspect.DECISION, True, False,
                            f"your decision is named: {_quote(signals.decisions)}",
                            locate(signals.decisions))
    if signals.others_decisions:
        return AspectStatus(
            Aspect.DECISION, False, True,
            f"a decision is named, but as {_quote(signals.others_decisions)}: "
            "which part was your call?",
            locate(signals.others_decisions),
        )
    return AspectStatus(Aspect.DECISION, False, False,
                        "no decision of yours yet: what did you decide or push for?")


def _metric(signals: TextSignals, locate: _Locator) -> AspectStatus:
    metric_spans = [hit.span for hit in signals.metrics]
    if metric_spans:
        evidence = locate([*metric_spans, *signals.baselines, *signals.time_frames])
        baseline, frame = signals.has_baseline, signals.has_time_frame
        if baseline and frame:
            note = "a measured result with a baseline and a time frame"
        elif baseline:
            note = "a measured result with a baseline; over how long is not said yet"
        elif frame:
            note = "a measured result with a time frame; from what baseline is not said yet"
        else:
            return AspectStatus(Aspect.METRIC, False, True,
                                "a result is named but no baseline or time frame: "
                                "from what, to what, and over how long?", evidence)
        return AspectStatus(Aspect.METRIC, True, False, note, evidence)
    if signals.results:
        return AspectStatus(Aspect.METRIC, False, True,
                            f"a change is described ({_quote(signals.results)}) but not measured: "
                            "by how much, from what, over how long?", locate(signals.results))
    return AspectStatus(Aspect.METRIC, False, False,
                        "no measurable result yet: what changed, and by how much?")


def _people(signals: TextSignals, locate: _Locator) -> AspectStatus:
    # Influence that reaches other teams, directors or executives names people too.
    cross_team = [h.span for h in signals.influence if h.level is not Level.SENIOR]
    found = sorted({*signals.people, *cross_team})
    if found:
        return AspectStatus(Aspect.PEOPLE, True, False, f"others are named: {_quote(found)}",
                            locate(found))
    if signals.plural:
        return AspectStatus(Aspect.PEOPLE, False, True,
                            "“we” is named, but not who: which teams or roles worked with you?",
                            locate(signals.plural))
    return AspectStatus(Aspect.PEOPLE, False, False,
                        "no one else is named yet: who worked with you, or had to agree?")


def _difficulty(signals: TextSignals, locate: _Locator) -> AspectStatus:
    if signals.obstacles:
        return AspectStatus(Aspect.DIFFICULTY, True, False,
                            f"an obstacle is named: {_quote(signals.obstacles)}",
                            locate(signals.obstacles))
    if signals.hard_words:
        return AspectStatus(Aspect.DIFFICULTY, False, True,
                            f"the work is called {_quote(signals.hard_words)}, but not what "
                            "made it hard: what stood in the way?", locate(signals.hard_words))
    return AspectStatus(Aspect.DIFFICULTY, False, False,
                        "nothing hard is named yet: what stood in the way?")


def _reflection(signals: TextSignals, locate: _Locator) -> AspectStatus:
    if signals.reflections:
        return AspectStatus(Aspect.REFLECTION, True, False,
                            f"a reflection is named: {_quote(signals.reflections)}",
                            locate(signals.reflections))
    return AspectStatus(Aspect.REFLECTION, False, False,
                        "no reflection yet: what would you do differently?")
