"""How wide and how long: the scope a story names (one team up to the company) and its horizon.

Scope comes from phrases ("company-wide", "the payments team") and from counts ("three teams",
"400 engineers"); the widest evidence found is the story's scope. Horizon comes from spans of
time the work ran over ("over two years", "a multi-year migration", "18 months"), not from when
a result arrived ("in 3 months" is a metric's time frame and is read by `metrics`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from coach.calibration.numbers import COUNT, DIGITS, SMALL, WORD_NUMBER, parse_count, spoken
from coach.calibration.spans import Span, span_of


class ScopeBand(enum.StrEnum):
    """Widths of scope, narrowest first (compare by position in `list(ScopeBand)`)."""

    TEAM = "team"  # one team or one system
    TEAMS = "teams"  # several teams, or an area
    GROUP = "group"  # a group of teams, a sub-department
    ORG = "org"  # the org or the company

    @property
    def rank(self) -> int:
        return list(ScopeBand).index(self)


@dataclass(frozen=True)
class ScopeHit:
    span: Span
    band: ScopeBand
    teams: int | None = None  # how many teams the phrase counts, when it counts them
    engineers: int | None = None  # how many engineers, for "a platform used by 400 engineers"


@dataclass(frozen=True)
class HorizonHit:
    span: Span
    months: float
    phrase: str  # how a summary says it: "two-year", "18-month", "multi-year"


# How many teams make which band. A sub-department is typically half a dozen to a dozen teams;
# past that the story is reaching across the org.
_TEAM_COUNT_BANDS = ((15, ScopeBand.ORG), (5, ScopeBand.GROUP), (2, ScopeBand.TEAMS),
                     (1, ScopeBand.TEAM))
# Engineers served or moved: below 20 this is a team and reads as people, not scope.
_ENGINEER_COUNT_BANDS = ((200, ScopeBand.ORG), (50, ScopeBand.GROUP), (20, ScopeBand.TEAMS))

_WIDE = r"(?:engineering|whole|entire|company|wider|broader|global)"
_DEPARTMENTS = (
    r"infrastructure|infra|platform|product|engineering|data|ml|ai|research|payments|commerce"
    r"|ads|search|growth|core|developer|devex|reliability|sre|cloud|mobile|web|foundations"
)
_SYSTEM = (
    r"(?:service|system|pipeline|platform|codebase|component|library|cluster|database|api"
    r"|product|feature|app|stack|monolith)"
)
# Each row: band, pattern. Counted rows are handled separately below.
_SCOPE_TABLE: tuple[tuple[ScopeBand, str], ...] = (
    (ScopeBand.ORG, r"\b(?:company|org|organi[sz]ation|engineering)[- ]?wide\b"),
    (ScopeBand.ORG, r"\bacross\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:company|engineering"
                    r"(?:\s+org(?:ani[sz]ation)?)?|org(?:ani[sz]ation)?)\b"),
    (ScopeBand.ORG, r"\b(?:the\s+)?(?:whole|entire)\s+(?:company|org(?:ani[sz]ation)?"
                    r"|engineering(?:\s+(?:org(?:ani[sz]ation)?|department))?)\b"),
    (ScopeBand.ORG, r"\bthe\s+engineering\s+org(?:ani[sz]ation)?\b"),
    (ScopeBand.ORG, r"\bevery\s+(?:engineering\s+|product\s+)?team\b"),
    (ScopeBand.ORG, r"\ball\s+(?:of\s+)?(?:the\s+)?(?:engineering\s+|product\s+)?teams\b"),
    (ScopeBand.ORG, r"\ball\s+(?:of\s+)?(?:engineering|our engineers|the engineers)\b"),
    (ScopeBand.GROUP, r"\ba\s+group\s+of\s+(?:[\w-]+\s+)?teams\b"),
    (ScopeBand.GROUP, r"\bsub-?departments?\b|\bdepartment\b|\bdivision\b|\bgroup-wide\b"),
    (ScopeBand.GROUP, rf"\b(?:the|our|my)\s+(?!{_WIDE}\b)[\w-]+\s+(?:org|organi[sz]ation)\b"),
    # "group" only after a department-like word: "consumer group" and "security group" are
    # Kafka and AWS, "working group" is a meeting.
    (ScopeBand.GROUP, rf"\b(?:the|our|my)\s+(?:{_DEPARTMENTS})\s+group\b"),
    (ScopeBand.TEAMS, r"\b(?:several|multiple|many|various|other|partner|neighbou?ring|adjacent"
                      r"|sister|dependent|downstream|upstream|consuming|client)\s+(?:[\w-]+\s+)?"
                      r"teams\b"),
    (ScopeBand.TEAMS, r"\bcross-?team\b|\bacross\s+(?:the\s+)?teams\b|\binter-?team\b"),
    (ScopeBand.TEAMS, r"\b(?:whole|entire)\s+(?:[\w-]+\s+)?(?:area|domain)\b"),
    (ScopeBand.TEAM, r"\b(?:my|our|the|a|one|his|her|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:team|squad)\b(?![-\w])"),
    (ScopeBand.TEAM, rf"\b(?:my|our|the|one|a single)\s+(?:[\w-]+\s+){{0,2}}?{_SYSTEM}\b(?![-\w])"),
)
_SCOPE_PATTERNS = tuple((band, re.compile(p, re.IGNORECASE)) for band, p in _SCOPE_TABLE)

_TEAM_COUNT = re.compile(
    rf"(?P<count>{COUNT}|\bone\b|\ba dozen\b|\ba handful of\b|\ba couple of\b)\s+(?:[\w-]+\s+)?"
    r"(?:teams|squads)\b",
    re.IGNORECASE,
)
# "the payments and search teams", "the ads, search, and payments teams"
_NAMED_TEAMS = re.compile(
    r"\b(?:the\s+)?(?P<names>(?:[\w-]+,\s+){0,8}[\w-]+,?\s+and\s+(?:the\s+)?[\w-]+)\s+teams\b",
    re.IGNORECASE,
)
_TEAM_OF = re.compile(rf"\b(?:a\s+)?team\s+of\s+(?:{COUNT}|\w+)|\b(?:{COUNT})[- ]person\s+team\b",
                      re.IGNORECASE)
_ENGINEERS = re.compile(
    rf"(?P<count>{COUNT})\s+(?:[\w-]+\s+)?(?:engineers|developers)\b", re.IGNORECASE
)


def _band_for(count: float, bands: tuple[tuple[int, ScopeBand], ...]) -> ScopeBand | None:
    return next((band for floor, band in bands if count >= floor), None)


def find_scope(text: str) -> tuple[ScopeHit, ...]:
    """Scope evidence in text order; where phrases overlap, the widest reading is kept."""
    hits: list[ScopeHit] = [
        ScopeHit(span_of(m), band) for band, pattern in _SCOPE_PATTERNS
        for m in pattern.finditer(text)
    ]
    for m in _TEAM_COUNT.finditer(text):
        count = parse_count(m.group("count"))
        band = _band_for(count, _TEAM_COUNT_BANDS) if count else None
        if band is not None and count is not None:
            hits.append(ScopeHit(span_of(m), band, teams=int(count)))
    for m in _NAMED_TEAMS.finditer(text):
        names = [n for n in re.split(r",\s*|\s+and\s+", m.group("names")) if n.strip()]
        count = len(names)
        band = _band_for(count, _TEAM_COUNT_BANDS) or ScopeBand.TEAMS
        hits.append(ScopeHit(span_of(m), band, teams=count))
    hits.extend(ScopeHit(span_of(m), ScopeBand.TEAM, teams=1) for m in _TEAM_OF.finditer(text))
    for m in _ENGINEERS.finditer(text):
        count = parse_count(m.group("count"))
        band = _band_for(count, _ENGINEER_COUNT_BANDS) if count else None
        if band is not None and count is not None:
            hits.append(ScopeHit(span_of(m), band, engineers=int(count)))
    return _widest_per_overlap(hits)


def _widest_per_overlap(hits: list[ScopeHit]) -> tuple[ScopeHit, ...]:
    # Among overlapping hits keep the widest band, then the one that counts, then the longest:
    # "all three teams" should read as a count of three, not "all teams".
    def strength(hit: ScopeHit) -> tuple[int, int, int]:
        counted = hit.teams is not None or hit.engineers is not None
        return (hit.band.rank, int(counted), hit.span.end - hit.span.start)

    kept: list[ScopeHit] = []
    for hit in sorted(hits, key=strength, reverse=True):
        if not any(hit.span.overlaps(other.span) for other in kept):
            kept.append(hit)
    return tuple(sorted(kept, key=lambda h: h.span.start))


_MONTHS_PER = {"week": 12 / 52, "month": 1.0, "quarter": 3.0, "half": 6.0, "year": 12.0}
_UNIT = r"(?P<unit>week|month|quarter|half|halve|year)s?(?:-long)?\b"
_NOT_AGE = r"(?!\s+(?:ago|old|of\s+(?:experience|tenure)))"
# "over two years", "for the past 18 months", "across the next year", "during a quarter"
_SPANNING = re.compile(
    r"\b(?:over|for|across|during|spanning|throughout|through)\s+"
    r"(?:(?P<qualifier>(?:the\s+)?(?:past|last|next|following|first"
    r"|better\s+part\s+of(?:\s+the)?))\s+)?"
    rf"(?:(?P<count>{SMALL})[\s-]+)?{_UNIT}{_NOT_AGE}",
    re.IGNORECASE,
)
# "18 months", "a two-year roadmap", "a 3-year plan": a number is required, "a year" alone is
# too often a rate ("$2M a year").
_BARE = re.compile(
    rf"(?P<count>{DIGITS}|{WORD_NUMBER}|\bone\b)[\s-]+{_UNIT}{_NOT_AGE}", re.IGNORECASE
)
# When the word before a bare duration is one of these, it says when a result came
# ("in 3 months") or a rate ("per year"), not how long the work ran.
_NOT_A_HORIZON = {"in", "within", "by", "under", "after", "than", "per", "each", "every",
                  "only", "just", "took", "takes"}
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\W*$")
_HORIZON_WORDS: tuple[tuple[str, float, str], ...] = (
    (r"\bmulti-?year\b", 24.0, "multi-year"),
    (r"\bmulti-?half\b", 12.0, "multi-half"),
    (r"\bmulti-?quarter\b", 6.0, "multi-quarter"),
    (r"\b(?:a|one)\s+(?:and\s+a\s+half\s+years?|year\s+and\s+a\s+half)\b", 18.0, "18-month"),
    (r"\byear-long\b|\bannual\s+(?:plan|roadmap|planning)\b", 12.0, "year-long"),
    (r"\broadmap\s+for\s+(?:the\s+)?(?:next|following|coming)\s+year\b", 12.0, "one-year"),
    (r"\bnext\s+year'?s\s+roadmap\b", 12.0, "one-year"),
    (r"\blong-?term\s+(?:roadmap|strategy|vision|plan)\b", 24.0, "multi-year"),
)
_HORIZON_WORD_PATTERNS = tuple((re.compile(p, re.IGNORECASE), months, phrase)
                               for p, months, phrase in _HORIZON_WORDS)


def find_horizon(text: str) -> tuple[HorizonHit, ...]:
    """Spans of time the work ran over, in text order; overlaps keep the longer horizon."""
    hits: list[HorizonHit] = []
    for m in _SPANNING.finditer(text):
        if not m.group("count") and not m.group("qualifier"):
            continue  # "year over year" is a comparison, not a span of work
        count = parse_count(m.group("count")) if m.group("count") else 1.0
        if count is not None:
            hits.append(_hit(m, count))
    for m in _BARE.finditer(text):
        before = _PREVIOUS_WORD.search(text[max(0, m.start() - 40) : m.start()])
        previous = before.group(1).lower() if before else ""
        count = parse_count(m.group("count"))
        # A bare "6 weeks" is more often a measured result than the length of the work.
        if previous in _NOT_A_HORIZON or count is None or m.group("unit").lower() == "week":
            continue
        hits.append(_hit(m, count))
    for pattern, months, phrase in _HORIZON_WORD_PATTERNS:
        hits.extend(HorizonHit(span_of(m), months, phrase) for m in pattern.finditer(text))
    return _longest_per_overlap(hits)


def _hit(match: re.Match[str], count: float) -> HorizonHit:
    unit = match.group("unit").lower().replace("halve", "half")
    months = count * _MONTHS_PER[unit]
    if unit == "half":  # "two halves" reads better as a year
        phrase = f"{spoken(months / 12)}-year" if months % 12 == 0 else f"{spoken(months)}-month"
    else:
        phrase = f"{spoken(count)}-{unit}"
    return HorizonHit(span_of(match), months, phrase)


def _longest_per_overlap(hits: list[HorizonHit]) -> tuple[HorizonHit, ...]:
    kept: list[HorizonHit] = []
    for hit in sorted(hits, key=lambda h: (-h.months, h.span.start)):
        if not any(hit.span.overlaps(other.span) for other in kept):
            kept.append(hit)
    return tuple(sorted(kept, key=lambda h: h.span.start))
