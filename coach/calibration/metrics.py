"""Measured results: a metric, its baseline ("from what") and its time frame ("over how long").

Resume-Matcher's regex knew only `%`, `x` and `$`, so "10K users" and "15 services" slipped
through; these tables also read counts, units, money in words and word numbers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from coach.calibration.numbers import COUNT, DIGITS, MAGNITUDE, SMALL, WORD_NUMBER
from coach.calibration.spans import Span, compile_all, find_all, non_overlapping, span_of


class MetricKind(enum.StrEnum):
    PERCENT = "percent"
    MULTIPLIER = "multiplier"
    MONEY = "money"
    QUANTITY = "quantity"  # a number with a unit: "120 ms", "4 TB", "2,000 QPS"
    DURATION = "duration"  # "45 minutes", "3 days": lead times, MTTR
    COUNT = "count"  # "10K users", "15 services"
    CHANGE = "change"  # "from weekly to daily releases": a measured change without digits


@dataclass(frozen=True)
class MetricHit:
    span: Span
    kind: MetricKind


_NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"
_CURRENCY_WORDS = r"(?:usd|eur|gbp|dollars|euros|pounds)"
# Things a result counts. People and teams are left out: "3 teams" is scope, "5 engineers"
# is people, neither is a measured result.
_COUNTED = (
    r"users|customers|clients|merchants|sellers|tenants|accounts|subscribers|members|players"
    r"|requests|calls|queries|transactions|orders|payments|messages|events|records|rows"
    r"|documents|files|tables|datasets|models|features|experiments|predictions|jobs|builds"
    r"|tests|deploys|deployments|releases|services|microservices|repos|repositories|apis"
    r"|endpoints|databases|clusters|nodes|hosts|servers|machines|instances|vms|containers"
    r"|pods|workloads|applications|apps|pipelines|dashboards|runbooks|alerts|pages|incidents"
    r"|tickets|bugs|outages|regions|countries|devices|stores|libraries|lines of code|prs"
    r"|pull requests|migrations|downloads|installs|sessions|visits|signups|sign-ups|cves"
    r"|vulnerabilities|hours of toil|engineer-hours|person-hours|cores|gpus|cpus"
)
_UNITS = (
    r"ms|milliseconds?|µs|us|ns|tb|gb|mb|kb|pb|gbps|mbps|qps|rps|tps|req/s|requests/s"
    r"|requests per second|queries per second|rpm|nines|vcpus?|gib|tib|mib"
)
_SHORT_DURATIONS = r"s|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?"
_FILLER = r"(?:(?!of\b|the\b|and\b|to\b|in\b|for\b)[\w-]+\s+){0,2}?"

_METRIC_TABLE: tuple[tuple[MetricKind, str], ...] = (
    (MetricKind.PERCENT, rf"(?:{DIGITS})\s*(?:%|percent\b|per cent\b|percentage points?\b|pp\b)"),
    (MetricKind.PERCENT, rf"{WORD_NUMBER}\s+(?:percent|per cent)\b"),
    (MetricKind.MULTIPLIER, rf"(?:{DIGITS})\s?[x×](?![\w])"),
    (MetricKind.MULTIPLIER, rf"(?:{_NUMBER})[- ]fold\b"),
    (MetricKind.MULTIPLIER, r"\b(?:doubled|tripled|quadrupled|halved)\b"),
    (MetricKind.MULTIPLIER, r"\b(?:cut|reduced|slashed|dropped|fell|decreased|shrank)\s+"
                            r"(?:[\w-]+\s+){0,4}?(?:in|by)\s+half\b"),
    (MetricKind.MONEY, rf"[$€£]\s?(?:{DIGITS}){MAGNITUDE}?"),
    (MetricKind.MONEY, rf"(?:{DIGITS}){MAGNITUDE}?\s*{_CURRENCY_WORDS}\b"),
    (MetricKind.QUANTITY, rf"(?:{DIGITS}){MAGNITUDE}?\s?(?:{_UNITS})\b"),
    (MetricKind.DURATION, rf"(?:{_NUMBER})\s?(?:{_SHORT_DURATIONS})\b"),
    (MetricKind.COUNT, rf"{COUNT}\s+{_FILLER}(?:{_COUNTED})\b"),
)
_METRIC_PATTERNS = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _METRIC_TABLE)

# A quantity either side of a "from ... to ...": a number with whatever unit follows it, a
# frequency word, or a plain duration unit ("from hours to minutes").
_QTY = (
    rf"(?:[$€£]?(?:{DIGITS}|{WORD_NUMBER}){MAGNITUDE}?(?:\s?[%x×])?"
    r"|hourly|daily|weekly|fortnightly|monthly|quarterly|yearly|annually|zero|none"
    r"|seconds|minutes|hours|days|weeks|months|manual)"
)
_APPROX = (
    r"(?:~\s?|about\s+|around\s+|roughly\s+|almost\s+|nearly\s+|over\s+|under\s+|below\s+"
    r"|less than\s+|more than\s+|just\s+)?"
)
_TRAILING_UNIT = (
    rf"(?:\s?%|\s?(?:{_UNITS}|{_SHORT_DURATIONS}|weeks?|months?|quarters?|years?)\b)?"
)
FROM_TO = re.compile(
    rf"\bfrom\s+{_APPROX}{_QTY}(?:[\s/-]+[\w%/-]+){{0,3}}?"
    rf"\s+(?:down\s+|up\s+|all the way\s+)?to\s+{_APPROX}{_QTY}{_TRAILING_UNIT}",
    re.IGNORECASE,
)

_BASELINE_PATTERNS = compile_all((
    r"\b(?:down|up)\s+from\b",
    r"\bcompared\s+(?:with|to)\b",
    r"\bbaselines?\b",
    r"\brelative to\b",
    r"\b(?:versus|vs\.?)(?=\s)",
    r"\bpreviously\b",
    r"\bused to\s+(?:take|be|cost|run|need|require|page|fail|break)\b",
    r"\bbefore\s+(?:the|this|my|our)\s+(?:change|migration|rollout|launch|project|work|fix"
    r"|redesign|rewrite|switch|move)\b",
    r"\b(?:year|quarter|month|week)[- ]over[- ](?:year|quarter|month|week)\b",
    r"\b(?:yoy|qoq|mom|wow)\b",
))

_UNIT = r"(?:days?|weeks?|months?|quarters?|years?|sprints?|halves|half|hours?|minutes?)"
_PERIOD = r"(?:day|week|month|quarter|year|sprint)"
_TIME_FRAME_PATTERNS = compile_all((
    rf"\b(?:in|within|over|during|after|inside|across)\s+(?:just\s+|only\s+|less than\s+|under\s+"
    rf"|about\s+|roughly\s+|around\s+)?(?:(?:the\s+)?(?:first|next|past|last|following)\s+"
    rf"(?:{SMALL}[\s-]*)?|{SMALL}[\s-]*){_UNIT}\b",
    r"\bby\s+(?:q[1-4]|h[12]|(?:19|20)\d{2}|launch|ga)\b",
    r"\bby\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:year|quarter|month|half|sprint|q[1-4]|h[12]"
    r"|(?:19|20)\d{2})\b",
    r"\bby\s+(?:year|quarter|month)[- ]end\b",
    r"\b(?:in|during)\s+(?:q[1-4]|h[12])\b(?:\s+(?:19|20)\d{2})?",
    rf"\b(?:per|a|each|every)\s+{_PERIOD}\b",
    r"\b(?:annually|annualised|annualized|per annum)\b",
    r"(?<=[\dkmb%])\s?/(?:yr|year|mo|month|qtr|quarter|wk|week|day)\b",
    r"\b(?:year|quarter|month|week)[- ]over[- ](?:year|quarter|month|week)\b",
    r"\b(?:yoy|qoq)\b",
    rf"\b(?:the\s+)?(?:first|following|next)\s+{_PERIOD}\b",
    rf"\b(?:{SMALL})[\s-]+{_UNIT}\s+(?:after|of)\s+(?:launch|release|rollout|go-live|shipping)\b",
))

def find_time_frames(text: str) -> tuple[Span, ...]:
    return find_all(_TIME_FRAME_PATTERNS, text)


def find_baselines(text: str) -> tuple[Span, ...]:
    from_to = (span_of(m) for m in FROM_TO.finditer(text))
    return non_overlapping([*from_to, *find_all(_BASELINE_PATTERNS, text)])


def find_metrics(text: str) -> tuple[MetricHit, ...]:
    """Each measured quantity once, earliest and longest reading first."""
    frames = find_time_frames(text)
    hits = [
        MetricHit(span_of(m), kind)
        for kind, pattern in _METRIC_PATTERNS
        for m in pattern.finditer(text)
        if not _is_year(m.group())
        # "in the first 90 days" says when, not what: the time frame reads it.
        and not (kind is MetricKind.DURATION and any(span_of(m).within(f) for f in frames))
    ]
    # A from-to change of quantities is itself a measured result ("from weekly to daily").
    hits.extend(MetricHit(span_of(m), MetricKind.CHANGE) for m in FROM_TO.finditer(text))
    kept = non_overlapping(hit.span for hit in hits)
    by_span: dict[Span, MetricHit] = {}
    for hit in hits:
        by_span.setdefault(hit.span, hit)
    return tuple(by_span[span] for span in kept)


def _is_year(text: str) -> bool:
    # "in 2019 customers ..." is a date followed by a noun, not ~2,000 customers.
    return re.fullmatch(r"(?:19|20)\d{2}\s+\S+", text.strip()) is not None
