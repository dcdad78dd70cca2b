"""Evidence spans: where in the candidate's text a signal was found, so the UI can highlight it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """Characters `text[start:end]` of the text the signal was read from."""

    start: int
    end: int
    text: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def within(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end


def span_of(match: re.Match[str], group: int | str = 0) -> Span:
    return Span(match.start(group), match.end(group), match.group(group))


def evidence_of(match: re.Match[str]) -> Span:
    """The part of a match to highlight: the `verb` group when the pattern has one (patterns
    that anchor on a sentence start carry the bullet and spaces in front of it)."""
    return span_of(match, "verb") if "verb" in match.re.groupindex else span_of(match)


def find_all(patterns: Iterable[re.Pattern[str]], text: str) -> tuple[Span, ...]:
    """Every match of every pattern, overlapping matches merged into one span.

    Rows of a table overlap on purpose ("worked with" and "with the SRE team"); one highlight
    over the whole phrase reads better than two stacked ones.
    """
    merged: list[tuple[int, int]] = []
    matches = sorted((evidence_of(m) for pattern in patterns for m in pattern.finditer(text)),
                     key=lambda s: (s.start, s.end))
    for span in matches:
        if span.start == span.end:
            continue
        if merged and span.start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return tuple(Span(start, end, text[start:end]) for start, end in merged)


def non_overlapping(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Keep the earliest, then longest, span of each overlapping cluster, in text order.

    For hits that carry more than a span (a metric's kind), where merging would blur them.
    """
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not kept or not span.overlaps(kept[-1]):
            kept.append(span)
    return tuple(kept)


def compile_all(
    patterns: Sequence[str], *, flags: int = re.IGNORECASE
) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)
