"""What small models add that the candidate never said: absolutes and outcome claims
("24/7", "zero downtime", "no downtime", "never", "all"), comparatives with no baseline
("3x faster", "more reliable"), and names (a tool, a product, a person) that are nowhere
in the candidate's material.

Each is a claim like a number is: backed when the candidate's own material says the same
thing, flagged with a plain reason when it does not. "All 14 teams" is backed by an answer
that says "all 14 product teams"; "zero downtime" is backed only by "zero downtime".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Outcome claims and absolutes, as the model writes them; matched in normalised text.
_ABSOLUTE = re.compile(
    r"\b24/7\b|\b24x7\b|\b(?:zero|no)\s+(?:downtime|outages?|incidents?|data loss|errors?|"
    r"bugs?|failures?|crashes|lag|breaking changes|regressions?|defects?)\b|"
    r"\bwithout (?:any )?(?:downtime|outages?|incidents?|data loss|errors?)\b|"
    r"\b(?:never|always|every|all|entire|entirely|fully|completely|eliminated|eliminating|"
    r"flawless(?:ly)?|instant(?:ly)?|guaranteed|perfect(?:ly)?|real-time|100 ?%)(?![\w/-])",
    re.I,
)
# Comparatives: a claim of change that needs a baseline to mean anything.
_COMPARATIVE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s?x\s+)?(?:faster|quicker|cheaper|slower|better|safer|simpler|"
    r"higher|lower|smaller|larger|fewer|more (?:reliable|efficient|stable|scalable|secure)|"
    r"less (?:costly|expensive|toil))\b",
    re.I,
)
_BASELINE = re.compile(
    r"\bfrom\b(?:[^.;]|\.\d)*\bto\b|\bthan\b|\bcompared (?:to|with)\b|\bvs\b|\bbaseline\b"
)
# A capitalised word inside a sentence, an acronym, a word with a digit or an inner capital
# ("GPT-4", "PostgreSQL"): a name. Plus technologies small models like to add in lower case.
_NAME = re.compile(r"(?<![\w/-])(?:[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)(?![\w/])")
_TECH = re.compile(
    r"\b(?:kubernetes|k8s|kafka|terraform|aws|gcp|azure|react|graphql|python|java|golang|"
    r"rust|postgres(?:ql)?|mysql|redis|elasticsearch|spark|airflow|snowflake|tensorflow|"
    r"pytorch|docker|helm|vault|triton|stripe|datadog|prometheus|grafana|jenkins|"
    r"microservices|serverless|blockchain|gpt-?\d|llama)\b",
    re.I,
)
# Capitalised words that are not names: the first-person pronoun, months, days, titles.
_NOT_NAMES = frozenset(
    """i i'm i've i'd a an the as at by in on of for to and or but so then cv star
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday q1 q2 q3 q4 h1 h2""".split()  # noqa: SIM905
)
# Acronyms that name a kind of thing, not a product: no source needed.
_GENERIC_ACRONYMS = frozenset(
    """api apis slo slos sla slas sli ci cd ci/cd cdn dns sql ui ux mttr mttd sev qa etl
    ml ai llm sdk cli vm vms cpu gpu gpus ram okr okrs kpi kpis rps qps p50 p90 p95 p99
    tb gb ms http https rest json url ios oncall devops sre sres vp cto ceo cfo coo soc iso
    pci gdpr hipaa sox""".split()  # noqa: SIM905
)
# The same technology under two names.
_ALIASES = {"kubernetes": ("k8s",), "k8s": ("kubernetes",), "postgres": ("postgresql",),
            "postgresql": ("postgres",)}
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+|[\n•*-]\s*|\(\s*)$")
_WORDS = re.compile(r"[a-z0-9$%][a-z0-9$%'/\-.]*[a-z0-9%]|[a-z0-9$%]")


class InventionKind:
    ABSOLUTE = "absolute"
    COMPARATIVE = "comparative"
    NAME = "name"


@dataclass(frozen=True)
class Invention:
    kind: str
    start: int
    end: int
    text: str


def find_inventions(line: str, norm: str) -> list[Invention]:
    """`norm` is `line` normalised (`coach.provenance.text.normalise`: same offsets, folded
    punctuation, lower case): absolutes and comparatives are read there, names in `line`,
    where the capitals are."""
    found: list[Invention] = []

    def add(kind: str, start: int, end: int) -> None:
        if not any(f.start < end and start < f.end for f in found):
            found.append(Invention(kind, start, end, line[start:end]))

    for m in _ABSOLUTE.finditer(norm):
        add(InventionKind.ABSOLUTE, m.start(), m.end())
    if not _BASELINE.search(norm):
        for m in _COMPARATIVE.finditer(norm):
            add(InventionKind.COMPARATIVE, m.start(), m.end())
    for m in _TECH.finditer(line):
        add(InventionKind.NAME, m.start(), m.end())
    shouting = line.isupper()  # "LED AN ORG-WIDE MIGRATION": capitals say nothing here
    for m in _NAME.finditer(line):
        word = m.group()
        if shouting or len(word) < 2 or word.lower() in _GENERIC_ACRONYMS:
            continue
        plain = word.lower() in _NOT_NAMES or _SENTENCE_START.search(line[: m.start()])
        if plain and not (any(c.isdigit() for c in word) or _inner_capital(word)):
            continue
        add(InventionKind.NAME, m.start(), m.end())
    return sorted(found, key=lambda f: f.start)


def _inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and not word.isupper()


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def backed(invention: Invention, line: str, source_norm: str) -> int | None:
    """Where in a source's normalised text the same thing is said, or None."""
    phrase = " ".join(invention.text.lower().split())
    if invention.kind == InventionKind.NAME:
        for name in (phrase, phrase.rstrip("s"), *_ALIASES.get(phrase, ())):
            m = re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", source_norm)
            if m is not None:
                return m.start()
        return None
    pattern = r"(?<![\w])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w])"
    matches = list(re.finditer(pattern, source_norm))
    if not matches:
        return None
    if phrase not in {"all", "every", "entire", "never", "always", "fully", "completely"}:
        return matches[0].start()
    # A bare quantifier is backed only where it quantifies the same thing: "all 14 teams"
    # by "all 14 product teams", not by "all" anywhere in the answers.
    following = [w for w in _words(line[invention.end :])[:3] if not w.isdigit()][:2]
    for m in matches:
        near = _words(source_norm[m.end() :])[:4]
        if not following or any(w in near or w.rstrip("s") in near for w in following):
            return m.start()
    return None


REASONS = {
    InventionKind.ABSOLUTE: "an absolute or outcome claim you never made",
    InventionKind.COMPARATIVE: "a comparison with no baseline (from what, to what?)",
    InventionKind.NAME: "a name (tool, product or person) that is not in your material",
}
