"""Check one drafted number against every number in the candidate's material.

Order of evidence: a stated number of the same kind and value; then a number that
follows from a before/after pair. When neither is found the reason names the closest
thing the candidate did say, in this order: the same number going the other way, a
nearby value ("you said 38%"), a before/after pair that gives a different result, the
same number said about something else, the same number in another unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from coach.provenance.bounds import distance, value_backs
from coach.provenance.corpus import Corpus, ScannedSource
from coach.provenance.derived import derivation_backs, derivations, describe
from coach.provenance.direction import Direction, compatible
from coach.provenance.direction import describe as describe_direction
from coach.provenance.model import Claim, ClaimCheck
from coach.provenance.numbers import Quantity
from coach.provenance.text import clause_of, quote, sentence_of, word_set
from coach.provenance.topics import content_stems, families, lemma, same_topic, stem, stems_meet
from coach.provenance.units import DIMENSION_NAMES, Dimension

_NEAR = Fraction(1, 2)  # "you said 38%" only for values within 50% of the drafted one
_NEAR_YEARS = 3
# Numbers whose meaning hangs on what they measure ("40%" of what?). Durations, sizes and
# counts carry their own unit or noun, and a topic guess there did more harm than good.
_TOPICAL = frozenset({Dimension.PERCENT, Dimension.MULTIPLIER, Dimension.MONEY})
_MODIFIERS = word_set(
    """daily weekly monthly yearly annual active new total unique concurrent peak critical
    core internal external production prod legacy separate different distinct major minor
    key senior junior other additional extra big small large high low global regional
    backend frontend customer-facing user-facing paying live"""
)
_NOUN_SYNONYMS = {
    "microservice": "service",
    "svc": "service",
    "req": "request",
    "call": "request",
    "deployment": "deploy",
    "release": "deploy",
    "host": "server",
    "machine": "server",
    "vm": "server",
    "box": "server",
    "instance": "server",
    "db": "database",
    "repo": "repository",
    "subscriber": "user",
    "member": "user",
    "dev": "engineer",
    "developer": "engineer",
    "sre": "engineer",
    "outage": "incident",
}
_CURRENCY_NAMES = {"USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen"}
# Near misses, most telling first.
_MISS_ORDER = ("direction", "value", "derived", "topic", "unit")


@dataclass(frozen=True)
class _Miss:
    kind: str
    source: ScannedSource
    span: tuple[int, int]  # what the candidate said instead
    closeness: Fraction
    text: str  # the reason, ready


@dataclass(frozen=True)
class _Draft:
    """The drafted number and what the checks need to know about its line."""

    claim: Claim
    quantity: Quantity
    line: str
    clause: str  # the clause around it, for its topic and "faster"
    topic: frozenset[str]
    material: str

    @property
    def head(self) -> str:
        return f"{quote(self.claim.text)} is not in {self.material}"


def check_number(
    claim: Claim, draft: Quantity, line: str, line_norm: str, corpus: Corpus
) -> ClaimCheck:
    clause = _context(line_norm, draft.start, draft.end)
    ctx = _Draft(claim, draft, line, clause, families(clause), corpus.material)
    readings = [draft, *_equivalents(draft)]
    best: tuple[tuple[int, int, int], ScannedSource, Quantity] | None = None
    misses: list[_Miss] = []
    for order, source in enumerate(corpus.sources):
        for stated in source.numbers.quantities:
            for reading in readings:
                verdict = _compare(ctx, reading, stated, source)
                if isinstance(verdict, _Miss):
                    misses.append(verdict)
                elif verdict:
                    source_topic = families(_context(source.norm, stated.start, stated.end))
                    exact = stated.low == reading.low and stated.high == reading.high
                    score = (int(bool(ctx.topic & source_topic)), int(exact), -order)
                    if best is None or score > best[0]:
                        best = (score, source, stated)
    if best is not None:
        _, source, stated = best
        span = source.span(stated.start, stated.phrase_end)
        return ClaimCheck(claim, True, f"matches {quote(span.text)} {source.where}", span)

    for source in corpus.sources:
        derived = _derived(ctx, readings, source)
        if isinstance(derived, ClaimCheck):
            return derived
        misses.extend(derived)

    if misses:
        misses.sort(key=lambda m: (_MISS_ORDER.index(m.kind), m.closeness))
        miss = misses[0]
        return ClaimCheck(claim, False, miss.text, miss.source.span(*miss.span))
    return ClaimCheck(claim, False, ctx.head, None)


def _context(norm: str, start: int, end: int) -> str:
    """The clause around a number, or its sentence when the clause says nothing about topic."""
    first, last = clause_of(norm, start, end)
    clause = norm[first:last]
    if families(clause):
        return clause
    first, last = sentence_of(norm, start, end)
    return norm[first:last]


def _equivalents(draft: Quantity) -> list[Quantity]:
    """The same change said another way: halved = a 50% reduction, 4x lower = 75% lower."""
    if draft.direction is None or draft.low != draft.high:
        return []
    value = draft.low
    if draft.dimension is Dimension.MULTIPLIER and value > 1:
        percent = (1 - 1 / value) * 100 if draft.direction is Direction.DOWN else (value - 1) * 100
        return [replace(draft, dimension=Dimension.PERCENT, unit="%", low=percent, high=percent)]
    if draft.dimension is Dimension.PERCENT and 0 < value < 100:
        down = draft.direction is Direction.DOWN
        multiple = 100 / (100 - value) if down else 1 + value / 100
        return [
            replace(
                draft,
                dimension=Dimension.MULTIPLIER,
                unit="x",
                low=multiple,
                high=multiple,
                precision=Fraction(1, 10),
            )
        ]
    return []


_DATED = (Dimension.YEAR, Dimension.QUARTER)


def _compare(
    ctx: _Draft, draft: Quantity, stated: Quantity, source: ScannedSource
) -> bool | _Miss | None:
    """True when `stated` backs this reading of the draft; else a near miss, or None."""
    if draft.dimension in _DATED or stated.dimension in _DATED:
        return _compare_dated(ctx, draft, stated, source)
    stated = _as_money(draft, stated, source) or stated
    if not _same_kind(draft, stated, source):
        if draft is ctx.quantity and _written(draft) == _written(stated):
            reason = _unit_reason(ctx, stated, source)
            return _Miss("unit", source, (stated.start, stated.end), Fraction(0), reason)
        return None
    value_ok = value_backs(draft, stated)
    direction_ok = compatible(draft.direction, stated.direction)
    topic_ok = draft.dimension not in _TOPICAL or same_topic(
        ctx.topic, families(_context(source.norm, stated.start, stated.end))
    )
    if value_ok and direction_ok and topic_ok:
        return True
    return _near_miss(
        ctx, draft, stated, source, value_ok=value_ok, direction_ok=direction_ok, topic_ok=topic_ok
    )


def _near_miss(
    ctx: _Draft,
    draft: Quantity,
    stated: Quantity,
    source: ScannedSource,
    *,
    value_ok: bool,
    direction_ok: bool,
    topic_ok: bool,
) -> _Miss | None:
    said = source.source.text[stated.start : stated.end]
    span = (stated.start, stated.end)
    if value_ok and topic_ok and stated.direction and draft.direction:
        reason = (
            f"{ctx.head}; {source.where} {quote(said)} is {describe_direction(stated.direction)}, "
            f"not {describe_direction(draft.direction)}"
        )
        return _Miss("direction", source, span, Fraction(0), reason)
    if value_ok and not topic_ok:
        snippet = quote(source.snippet(stated.start, stated.end))
        reason = (
            f"{quote(ctx.claim.text)} appears {source.where} only about something else: {snippet}"
        )
        return _Miss("topic", source, span, Fraction(0), reason)
    if value_ok or not (direction_ok and topic_ok) or draft is not ctx.quantity:
        return None
    closeness = distance(draft, stated)
    if closeness > _NEAR:
        return None
    return _Miss(
        "value", source, span, closeness, f"{ctx.head}; you said {quote(said)} {source.where}"
    )


def _compare_dated(
    ctx: _Draft, draft: Quantity, stated: Quantity, source: ScannedSource
) -> bool | _Miss | None:
    """Years and quarters match by label; a year off by a little is worth naming."""
    if draft.dimension is not stated.dimension:
        return None
    if draft.label == stated.label:
        return True
    gap = abs(draft.low - stated.low)
    if draft.dimension is not Dimension.YEAR or gap > _NEAR_YEARS:
        return None
    said = source.source.text[stated.start : stated.end]
    reason = f"{ctx.head}; you said {quote(said)} {source.where}"
    return _Miss("value", source, (stated.start, stated.end), gap, reason)


def _written(quantity: Quantity) -> Fraction:
    """The number as written, before unit conversion: "40 ms" -> 40."""
    return quantity.low / quantity.unit_factor


def _unit_reason(ctx: _Draft, stated: Quantity, source: ScannedSource) -> str:
    draft = ctx.quantity
    phrase = quote(source.source.text[stated.start : stated.phrase_end])
    if draft.dimension is Dimension.MONEY and stated.dimension is Dimension.MONEY:
        theirs = _CURRENCY_NAMES.get(stated.unit, stated.unit)
        ours = _CURRENCY_NAMES.get(draft.unit, draft.unit)
        return f"{ctx.head}; {phrase} {source.where} is in {theirs}, not {ours}"
    if draft.dimension is stated.dimension:
        counted = quote(ctx.line[draft.end : draft.phrase_end].strip(" -") or "that")
        return f"{ctx.head}; {phrase} {source.where} counts something else, not {counted}"
    what, not_what = DIMENSION_NAMES[stated.dimension], DIMENSION_NAMES[draft.dimension]
    return f"{ctx.head}; {phrase} {source.where} is {what}, not {not_what}"


def _same_kind(draft: Quantity, stated: Quantity, source: ScannedSource) -> bool:
    if draft.dimension is stated.dimension:
        if draft.dimension is Dimension.MONEY:
            return draft.unit == stated.unit
        if draft.dimension in (Dimension.COUNT, Dimension.RATE):
            return _nouns_meet(draft.nouns, stated.nouns, source.sentence(stated.start, stated.end))
        return True
    return False


def _as_money(draft: Quantity, stated: Quantity, source: ScannedSource) -> Quantity | None:
    """ "cut the bill by 300k a year": money the candidate left without a currency sign."""
    if draft.dimension is not Dimension.MONEY or stated.nouns:
        return None
    if stated.dimension not in (Dimension.COUNT, Dimension.RATE):
        return None
    if not families(source.sentence(stated.start, stated.end)) & {"cost", "revenue"}:
        return None
    return replace(
        stated,
        low=_written(stated),
        high=stated.high / stated.unit_factor,
        precision=stated.precision / stated.unit_factor,
        dimension=Dimension.MONEY,
        unit=draft.unit,
        unit_factor=Fraction(1),
    )


def _canonical(nouns: frozenset[str]) -> set[str]:
    return {_NOUN_SYNONYMS.get(n, n) for n in nouns if n not in _MODIFIERS}


def _nouns_meet(drafted: frozenset[str], stated: frozenset[str], sentence: str) -> bool:
    wanted, have = _canonical(drafted), _canonical(stated)
    if not wanted:
        return True
    if have:
        return bool(wanted & have)
    # A bare number in the source: fine when its sentence names what the draft counts.
    return stems_meet(frozenset(stem(lemma(n)) for n in wanted), content_stems(sentence))


def _derived(
    ctx: _Draft, readings: list[Quantity], source: ScannedSource
) -> ClaimCheck | list[_Miss]:
    """A drafted percentage or multiple that follows from a before/after pair in `source`."""
    misses: list[_Miss] = []
    for change in source.numbers.changes:
        if not same_topic(ctx.topic, families(_context(source.norm, change.start, change.end))):
            continue
        before = source.source.text[change.before.start : change.before.end]
        after = source.source.text[change.after.start : change.after.end]
        pair = f"from {quote(before)} to {quote(after)} {source.where}"
        found = derivations(change)
        for reading in readings:  # the drafted reading first: "doubled" is "2x", not "+100%"
            for derivation in found:
                if derivation_backs(reading, derivation, ctx.clause):
                    span = source.span(change.start, change.end)
                    return ClaimCheck(ctx.claim, True, f"{pair} is {describe(derivation)}", span)
        draft = ctx.quantity
        for derivation in found:
            if (
                derivation.dimension is draft.dimension
                and not derivation.speed_only
                and not derivation.points
                and compatible(draft.direction, derivation.direction)
            ):
                closeness = distance(draft, replace(draft, low=derivation.value))
                reason = f"{ctx.head}; {pair} is {describe(derivation)}"
                misses.append(
                    _Miss("derived", source, (change.start, change.end), closeness, reason)
                )
    return misses
