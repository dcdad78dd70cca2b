"""Deterministic text signals: what a résumé bullet or a spoken answer says, with evidence.

`text_signals(text)` reads, with no model, the things interviewers and the level lens look
for: I or we, a metric with its baseline and time frame, stakes, obstacles, the candidate's
own decision, other people, reflection, scope, horizon, ambiguity and influence, and the
markers that make a story read a level lower. Every signal keeps its evidence spans
(offsets into `text`) so the window can highlight exactly what was read.

English only; phrase tables live in `phrases`, `metrics` and `scope`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.calibration import phrases
from coach.calibration.metrics import (
    MetricHit,
    find_baselines,
    find_metrics,
    find_time_frames,
)
from coach.calibration.scope import HorizonHit, ScopeHit, find_horizon, find_scope
from coach.calibration.spans import Span, evidence_of, find_all
from coach.profile import Level

# Joins separate pieces of material (bullets, answers) into one text to read. The pilcrow is
# neither a word character nor whitespace, so no phrase pattern can run across two pieces
# ("fell from 40" | "to 2 in a week" is not a baseline).
PIECE_BREAK = "\n¶\n"


class Voice(enum.StrEnum):
    SINGULAR = "I"
    PLURAL = "we"
    MIXED = "mixed"
    NONE = "none"


@dataclass(frozen=True)
class LevelHit:
    """A phrase that is evidence for a level on one dimension (ambiguity or influence)."""

    span: Span
    level: Level


@dataclass(frozen=True)
class TextSignals:
    text: str
    voice: Voice
    singular: tuple[Span, ...]  # I, my, me
    implicit_singular: tuple[Span, ...]  # a bullet's subjectless leading verb: "Led ..."
    plural: tuple[Span, ...]  # we, our, us
    metrics: tuple[MetricHit, ...]
    baselines: tuple[Span, ...]
    time_frames: tuple[Span, ...]
    results: tuple[Span, ...]  # "reduced", "faster": a change, measured or not
    stakes: tuple[Span, ...]
    obstacles: tuple[Span, ...]
    hard_words: tuple[Span, ...]  # "challenging", "complex": hard, but not said why
    decisions: tuple[Span, ...]  # the candidate's own
    others_decisions: tuple[Span, ...]  # "we decided", "my manager decided"
    people: tuple[Span, ...]
    reflections: tuple[Span, ...]
    scope: tuple[ScopeHit, ...]
    horizon: tuple[HorizonHit, ...]
    ambiguity: tuple[LevelHit, ...]
    influence: tuple[LevelHit, ...]
    strategy: tuple[Span, ...]
    assigned: tuple[Span, ...]  # "my manager asked me to": the work was handed over
    meetings: tuple[Span, ...]  # ambiguity left standing by scheduling more meetings
    word_count: int

    @property
    def has_metric(self) -> bool:
        return bool(self.metrics)

    @property
    def has_baseline(self) -> bool:
        return bool(self.baselines)

    @property
    def has_time_frame(self) -> bool:
        return bool(self.time_frames)

    @property
    def has_decision(self) -> bool:
        return bool(self.decisions)

    @property
    def all_we(self) -> bool:
        """The whole story says "we": plural pronouns and nothing that is the candidate's own."""
        return bool(self.plural) and not self.singular and not self.implicit_singular

    @property
    def widest_scope(self) -> ScopeHit | None:
        """The widest scope named; among equals the one that counts teams, then the first."""
        if not self.scope:
            return None
        return max(self.scope, key=lambda h: (h.band.rank, h.teams or 0, -h.span.start))

    @property
    def longest_horizon(self) -> HorizonHit | None:
        return max(self.horizon, key=lambda h: (h.months, -h.span.start), default=None)


def text_signals(text: str) -> TextSignals:
    singular = find_all(phrases.SINGULAR, text)
    implicit = tuple(
        span for span in find_all((phrases.IMPLICIT_SINGULAR,), text)
        if not any(span.overlaps(s) for s in singular)
    )
    plural = find_all(phrases.PLURAL, text)
    return TextSignals(
        text=text,
        voice=_voice(len(singular) + len(implicit), len(plural)),
        singular=singular,
        implicit_singular=implicit,
        plural=plural,
        metrics=find_metrics(text),
        baselines=find_baselines(text),
        time_frames=find_time_frames(text),
        results=find_all(phrases.RESULT_WORDS, text),
        stakes=find_all(phrases.STAKES, text),
        obstacles=find_all(phrases.OBSTACLE, text),
        hard_words=find_all(phrases.OBSTACLE_GENERIC, text),
        decisions=find_all(phrases.DECISION, text),
        others_decisions=find_all(phrases.OTHERS_DECISION, text),
        people=find_all(phrases.PEOPLE, text),
        reflections=find_all(phrases.REFLECTION, text),
        scope=find_scope(text),
        horizon=find_horizon(text),
        ambiguity=_level_hits(phrases.AMBIGUITY, text),
        influence=_level_hits(phrases.INFLUENCE, text),
        strategy=find_all(phrases.STRATEGY, text),
        assigned=find_all(phrases.ASSIGNED, text),
        meetings=find_all(phrases.MEETINGS, text),
        word_count=len(re.findall(r"[\w’'-]+", text)),
    )


def _voice(singular: int, plural: int) -> Voice:
    # Most good stories mix the two ("I proposed, we shipped"); a voice is named only when
    # one side has at least twice the other's count.
    if not singular and not plural:
        return Voice.NONE
    if singular >= 2 * plural:
        return Voice.SINGULAR
    if plural >= 2 * singular:
        return Voice.PLURAL
    return Voice.MIXED


def _level_hits(
    table: Iterable[tuple[Level, re.Pattern[str]]], text: str
) -> tuple[LevelHit, ...]:
    # Overlapping phrases keep the higher level: "convinced the payments and search teams"
    # is cross-team influence, not only "convinced".
    order = list(Level)
    hits = [LevelHit(evidence_of(m), level) for level, pattern in table
            for m in pattern.finditer(text)]
    kept: list[LevelHit] = []
    for hit in sorted(hits, key=lambda h: (-order.index(h.level), h.span.start)):
        if not any(hit.span.overlaps(k.span) for k in kept):
            kept.append(hit)
    return tuple(sorted(kept, key=lambda h: h.span.start))
