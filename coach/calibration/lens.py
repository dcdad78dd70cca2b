"""The level lens: which level a story or a role's material reads at, and what it lacks.

Reads the four dimensions of DOMAIN.md's table that text can show (scope, ambiguity,
influence, horizon) from `TextSignals`, places each on the matrix in resources/levels.json,
and combines them conservatively into one reading with a plain-words summary:
"reads as Senior: one team, no decision of yours named".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coach.calibration.matrix import Dimension, LevelMatrix, MarkerKind
from coach.calibration.numbers import article, spoken
from coach.calibration.scope import ScopeBand, ScopeHit
from coach.calibration.signals import LevelHit, TextSignals, text_signals
from coach.calibration.spans import Span
from coach.profile import Level

_ORDER = list(Level)
# Below this many words a text is a fragment (one bullet) and is not faulted for leaving
# out people and stakes: "only technical detail" is a verdict on a story, not a phrase.
_ONLY_TECHNICAL_MIN_WORDS = 25

_NO_EVIDENCE = {
    Dimension.SCOPE: "no team or system is named",
    Dimension.AMBIGUITY: "nothing says what was unclear or who found the problem",
    Dimension.INFLUENCE: "nothing says whose plans changed because of you",
    Dimension.HORIZON: "no span of time is named",
}


@dataclass(frozen=True)
class DimensionReading:
    dimension: Dimension
    level: Level | None  # the level the text supports here; None when there is no evidence
    described: str  # "three teams", "a two-year horizon"; "" without evidence
    evidence: tuple[Span, ...]
    gap: str  # what the target needs that this lacks; "" when it is met


@dataclass(frozen=True)
class Marker:
    """Something that makes the story read a level lower."""

    kind: MarkerKind
    note: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class LevelReading:
    target: Level
    reads_as: Level | None  # None: not yet readable as Senior (see `summary` for why)
    meets_target: bool
    summary: str
    dimensions: tuple[DimensionReading, ...]  # scope, ambiguity, influence, horizon
    decision: tuple[Span, ...]  # the candidate's own decision, where it is named
    markers: tuple[Marker, ...]
    decision_gap: str  # "" unless the target is Staff+ and no decision of theirs is named

    def dimension(self, dimension: Dimension) -> DimensionReading:
        return next(d for d in self.dimensions if d.dimension is dimension)

    @property
    def lower_level_markers(self) -> int:
        return len(self.markers)

    @property
    def gaps(self) -> tuple[str, ...]:
        """Every gap to the target in asking order: scope, decision, then the rest."""
        scope, *rest = (d.gap for d in self.dimensions)
        return tuple(g for g in (scope, self.decision_gap, *rest) if g)


def read_level(
    text: str, target: Level, matrix: LevelMatrix | None = None, *, context: str = ""
) -> LevelReading:
    """The level `text` reads at. A line that names no scope of its own (one résumé bullet)
    takes its scope from `context`, the rest of the role's material, and says so: a bullet
    is read as part of its role, never left with "no level yet"."""
    signals = text_signals(text)
    if signals.widest_scope is None and context.strip():
        around = text_signals(context)
        if around.widest_scope is not None:
            return read_signals(replace(signals, scope=around.scope), target, matrix,
                                borrowed_scope=around.text)
    return read_signals(signals, target, matrix)


def read_signals(
    signals: TextSignals,
    target: Level,
    matrix: LevelMatrix | None = None,
    *,
    borrowed_scope: str = "",
) -> LevelReading:
    """`borrowed_scope`: the text the scope hits were found in, when not `signals.text`."""
    matrix = matrix or LevelMatrix.load()
    dimensions = (
        _scope(signals, target, matrix, borrowed_scope),
        _levelled(Dimension.AMBIGUITY, signals.ambiguity, target, matrix),
        _levelled(Dimension.INFLUENCE, signals.influence, target, matrix),
        _horizon(signals, target, matrix),
    )
    markers = _markers(signals, matrix)
    reads_as, limited_by = _combine(dimensions, signals, markers)
    decision_gap = ""
    if _ORDER.index(target) >= _ORDER.index(Level.STAFF) and not signals.has_decision:
        decision_gap = f"{target.label} needs a decision you pushed through; none of yours is named"
    return LevelReading(
        target=target,
        reads_as=reads_as,
        meets_target=reads_as is not None and _ORDER.index(reads_as) >= _ORDER.index(target),
        summary=_summary(signals, reads_as, dimensions, markers, limited_by,
                         borrowed=bool(borrowed_scope)),
        dimensions=dimensions,
        decision=signals.decisions,
        markers=markers,
        decision_gap=decision_gap,
    )


def _combine(
    dimensions: tuple[DimensionReading, ...], signals: TextSignals, markers: tuple[Marker, ...]
) -> tuple[Level | None, DimensionReading | None]:
    """The overall level, and the non-scope dimension that held it down, if one did.

    Conservative on purpose (interviewers level a story by its weakest part):
    1. A story told all in "we" credits the candidate with nothing: below Senior.
    2. Scope weighs most and is essential: the reading starts at the scope level, and with
       no scope named there is no reading at all.
    3. Staff and up need the candidate's own decision ("a decision they pushed through"):
       without one, the reading stops at Senior.
    4. Ambiguity, influence and horizon are often unstated, so a missing one costs nothing;
       one that is stated caps the reading one level above its own (three teams "over six
       weeks" can still read Staff, not Senior Staff).
    5. Each remaining lower-level marker (assigned work, only technical detail, more
       meetings) takes one level off; below Senior is no reading.
    """
    scope = dimensions[0]
    if signals.all_we or scope.level is None:
        return None, None
    rank = _ORDER.index(scope.level)
    if not signals.has_decision:
        rank = min(rank, 0)
    limited_by = None
    for reading in dimensions[1:]:
        if reading.level is not None and _ORDER.index(reading.level) + 1 < rank:
            rank = _ORDER.index(reading.level) + 1
            limited_by = reading
    rank -= sum(1 for m in markers if m.kind is not MarkerKind.ALL_WE)
    return (_ORDER[rank] if rank >= 0 else None), limited_by


def _gap(dimension: Dimension, level: Level | None, described: str, target: Level,
         matrix: LevelMatrix) -> str:
    if level is not None and _ORDER.index(level) >= _ORDER.index(target):
        return ""
    # Senior is the floor: an unstated ambiguity, influence or horizon is no gap there.
    if level is None and dimension is not Dimension.SCOPE and target is Level.SENIOR:
        return ""
    needs = matrix.row(target).cell(dimension).needs
    has = f"this names {described}" if described else _NO_EVIDENCE[dimension]
    return f"{target.label} needs {needs}; {has}"


def _scope(
    signals: TextSignals, target: Level, matrix: LevelMatrix, borrowed_from: str = ""
) -> DimensionReading:
    widest = signals.widest_scope
    if widest is None:
        return DimensionReading(Dimension.SCOPE, None, "", (),
                                _gap(Dimension.SCOPE, None, "", target, matrix))
    level = matrix.level_for_band(widest.band)
    described = _describe_scope(widest, borrowed_from or signals.text)
    # Spans found in another text are no evidence inside this one.
    evidence = () if borrowed_from else tuple(
        h.span for h in signals.scope if h.band is widest.band
    )
    return DimensionReading(Dimension.SCOPE, level, described, evidence,
                            _gap(Dimension.SCOPE, level, described, target, matrix))


def _describe_scope(hit: ScopeHit, text: str) -> str:
    if hit.teams is not None:
        return "one team" if hit.teams == 1 else f"{spoken(hit.teams)} teams"
    if hit.engineers is not None:
        return f"{hit.engineers:,} engineers"
    phrase = hit.span.text.lower()
    if hit.band is ScopeBand.TEAM:
        return "one team" if ("team" in phrase or "squad" in phrase) else "one system"
    if hit.band is ScopeBand.TEAMS:
        return "several teams"
    if hit.band is ScopeBand.GROUP:
        return "a group of teams"
    return "the whole company" if "company" in text.lower() else "the whole org"


def _levelled(dimension: Dimension, hits: tuple[LevelHit, ...], target: Level,
              matrix: LevelMatrix) -> DimensionReading:
    if not hits:
        return DimensionReading(dimension, None, "", (), _gap(dimension, None, "", target, matrix))
    level = max((h.level for h in hits), key=_ORDER.index)
    described = matrix.row(level).cell(dimension).in_a_phrase
    evidence = tuple(h.span for h in hits if h.level is level)
    return DimensionReading(dimension, level, described, evidence,
                            _gap(dimension, level, described, target, matrix))


def _horizon(signals: TextSignals, target: Level, matrix: LevelMatrix) -> DimensionReading:
    longest = signals.longest_horizon
    if longest is None:
        return DimensionReading(Dimension.HORIZON, None, "", (),
                                _gap(Dimension.HORIZON, None, "", target, matrix))
    level = matrix.level_for_months(longest.months)
    described = f"{article(longest.phrase)} {longest.phrase} horizon"
    return DimensionReading(Dimension.HORIZON, level, described, (longest.span,),
                            _gap(Dimension.HORIZON, level, described, target, matrix))


def _markers(signals: TextSignals, matrix: LevelMatrix) -> tuple[Marker, ...]:
    found: list[Marker] = []

    def add(kind: MarkerKind, evidence: tuple[Span, ...]) -> None:
        found.append(Marker(kind, matrix.marker_note(kind), evidence))

    if signals.assigned:
        add(MarkerKind.ASSIGNED, signals.assigned)
    if signals.all_we:
        add(MarkerKind.ALL_WE, signals.plural)
    technical_only = not (signals.people or signals.stakes or signals.influence
                          or signals.strategy)
    if technical_only and signals.word_count >= _ONLY_TECHNICAL_MIN_WORDS:
        add(MarkerKind.ONLY_TECHNICAL, ())
    if signals.meetings:
        add(MarkerKind.MORE_MEETINGS, signals.meetings)
    return tuple(found)


def _summary(
    signals: TextSignals,
    reads_as: Level | None,
    dimensions: tuple[DimensionReading, ...],
    markers: tuple[Marker, ...],
    limited_by: DimensionReading | None,
    *,
    borrowed: bool = False,
) -> str:
    if not signals.text.strip():
        return "no level yet: there is nothing to read"
    if signals.all_we:
        return f"below {Level.SENIOR.label}: {_note(markers, MarkerKind.ALL_WE)}"
    scope, horizon = dimensions[0], dimensions[3]
    decision = "your decision named" if signals.has_decision else "no decision of yours named"
    if scope.level is None:
        return f"no level yet: no team, system or wider scope is named, {decision}"
    where = f"{scope.described} (named elsewhere in this role)" if borrowed else scope.described
    parts = [where, decision]
    if limited_by is not None and limited_by is not horizon:
        parts.append(f"{limited_by.dimension.value}: {limited_by.described}")
    if horizon.described:
        parts.append(horizon.described)
    parts.extend(m.note for m in markers)
    head = f"reads as {reads_as.label}" if reads_as else f"below {Level.SENIOR.label}"
    return f"{head}: {', '.join(parts)}"


def _note(markers: tuple[Marker, ...], kind: MarkerKind) -> str:
    return next(m.note for m in markers if m.kind is kind)
