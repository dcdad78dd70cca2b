"""Scope words: org-wide, company-wide, multi-team, cross-team, cross-functional, global,
platform-wide, "across the company", "every team", "all of engineering".

Each drafted scope word names a reach; the source has to show that reach (or a wider
one: company-wide work was also org-wide and multi-team). Evidence is a scope phrase, a
count of two or more teams, or for cross-functional work a named partner function.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from coach.provenance.teams import TeamCount, TeamUnit
from coach.provenance.text import clause_of, words


class Reach(enum.Enum):
    ORG = "org"
    COMPANY = "company"
    MULTI_TEAM = "multi_team"
    CROSS_FUNCTIONAL = "cross_functional"
    GLOBAL = "global"
    PLATFORM = "platform"


# What a candidate needs to have said, in words a reason can use.
MEANING = {
    Reach.ORG: "it reached the whole org",
    Reach.COMPANY: "it reached the whole company",
    Reach.MULTI_TEAM: "other teams were involved",
    Reach.CROSS_FUNCTIONAL: "you worked with other functions (product, design, legal…)",
    Reach.GLOBAL: "it was global",
    Reach.PLATFORM: "it covered the whole platform",
}

_ORG = r"org|organi[sz]ation|engineering org|engineering|department|division|eng"
_ORG_PHRASES = (
    r"(?:org|organi[sz]ation|engineering|eng|department|division)[- ]?wide",
    rf"across (?:the |our |my )?(?:whole |entire )?(?:{_ORG})",
    r"(?:the |our )?(?:whole|entire) (?:engineering )?(?:org|organi[sz]ation|department|division)",
    r"all of (?:engineering|the org|the organi[sz]ation|eng)",
    r"every (?:engineering |product )?team",
    r"all (?:the |our |of our )?(?:engineering |product )?teams",
    r"every engineer",
    r"all (?:our |of our |the )?engineers",
)
_COMPANY_PHRASES = (
    r"(?:company|enterprise|business|firm)[- ]?wide",
    r"across (?:the |our )?(?:whole |entire )?(?:company|business|enterprise|firm)",
    r"(?:the |our )?(?:whole|entire) (?:company|business|enterprise)",
    r"every team (?:in|at|across) the (?:company|business)",
    r"every (?:employee|department)",
    r"all (?:our |the )?(?:employees|departments)",
)
_MULTI_PHRASES = (
    r"multi[- ]?team",
    r"cross[- ]?team",
    r"inter[- ]?team",
    r"across teams",
    r"(?:multiple|several|many|numerous|various|other|partner|sister|adjacent|neighbou?ring"
    r"|dependent|downstream|upstream|both) teams",
    r"a (?:few|couple of|handful of) (?:other )?teams",
    r"another team",
    r"teams across",
)
_CROSS_FUNCTIONAL_PHRASES = (
    r"cross[- ]?functional(?:ly)?",
    r"cross[- ]?discipline|cross[- ]?disciplinary|multi[- ]?disciplinary",
)
_FUNCTIONS = (
    r"product|design|ux|legal|sales|marketing|finance|security|compliance|support|operations"
    r"|data science|analytics|research|hr|customer success|procurement|privacy|risk"
)
_FUNCTION_EVIDENCE = (
    rf"(?:{_FUNCTIONS})\s+(?:team|teams|org|partners?|counterparts?|folks|side|leads?|leadership"
    r"|managers?|stakeholders?|people)",
    r"pms?|product managers?|product owners?|designers?|ux researchers?|lawyers?|counsel"
    r"|data scientists?|analysts?|marketers?|account managers?|sales (?:engineers?|reps?)"
    r"|finance partners?|researchers?|compliance officers?",
    rf"(?:with|and|alongside|partnered with|partnering with|between)\s+(?:the\s+|our\s+)?"
    rf"(?:{_FUNCTIONS})(?=\s*(?:[,.;)]|and\b|or\b|to\b|on\b|$))",
)
_GLOBAL_PHRASES = (
    r"global(?:ly)?",
    r"world[- ]?wide",
    r"every region",
    r"all (?:our |of our |the )?regions",
    r"across (?:all )?regions",
)
_PLATFORM_PHRASES = (
    r"(?:platform|fleet)[- ]?wide",
    r"across (?:the |our )?(?:whole |entire )?(?:platform|fleet)",
    r"(?:the |our )?(?:whole|entire) (?:platform|fleet)",
    r"every service",
    r"all (?:of )?(?:our |the )?services",
)


def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9-])(?:" + "|".join(phrases) + r")(?![a-z0-9])")


_CLAIM_PATTERNS: tuple[tuple[re.Pattern[str], Reach], ...] = (
    (_compile(_COMPANY_PHRASES), Reach.COMPANY),
    (_compile(_ORG_PHRASES), Reach.ORG),
    (
        _compile((*_MULTI_PHRASES[:4], r"multiple teams", r"several teams", r"many teams")),
        Reach.MULTI_TEAM,
    ),
    (_compile(_CROSS_FUNCTIONAL_PHRASES), Reach.CROSS_FUNCTIONAL),
    (_compile(_GLOBAL_PHRASES), Reach.GLOBAL),
    (_compile(_PLATFORM_PHRASES), Reach.PLATFORM),
)
_EVIDENCE: dict[Reach, tuple[re.Pattern[str], ...]] = {
    Reach.COMPANY: (_compile(_COMPANY_PHRASES),),
    Reach.ORG: (_compile(_ORG_PHRASES),),
    Reach.MULTI_TEAM: (_compile(_MULTI_PHRASES),),
    Reach.CROSS_FUNCTIONAL: (_compile(_CROSS_FUNCTIONAL_PHRASES), _compile(_FUNCTION_EVIDENCE)),
    Reach.GLOBAL: (_compile(_GLOBAL_PHRASES),),
    Reach.PLATFORM: (_compile(_PLATFORM_PHRASES),),
}
# A wider reach backs a narrower one.
_ALSO_BACKED_BY = {
    Reach.ORG: (Reach.COMPANY,),
    Reach.MULTI_TEAM: (Reach.ORG, Reach.COMPANY),
}
# When the claim fails, the narrower reach the candidate did describe is worth naming.
NARROWER = {
    Reach.COMPANY: (Reach.ORG, Reach.MULTI_TEAM),
    Reach.ORG: (Reach.MULTI_TEAM,),
    Reach.PLATFORM: (),
    Reach.GLOBAL: (),
    Reach.MULTI_TEAM: (),
    Reach.CROSS_FUNCTIONAL: (),
}
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno)\b")


@dataclass(frozen=True)
class ScopeTerm:
    start: int
    end: int
    reach: Reach


@dataclass(frozen=True)
class ScopeEvidence:
    start: int
    end: int
    reach: Reach
    negated: bool  # "it was never org-wide"


def find_scope_terms(norm: str) -> list[ScopeTerm]:
    found: list[ScopeTerm] = []
    for pattern, reach in _CLAIM_PATTERNS:
        for match in pattern.finditer(norm):
            if not any(t.start < match.end() and match.start() < t.end for t in found):
                found.append(ScopeTerm(match.start(), match.end(), reach))
    return sorted(found, key=lambda t: t.start)


def find_evidence(norm: str, reach: Reach, teams: list[TeamCount]) -> list[ScopeEvidence]:
    """Evidence for `reach` in one source, wider reaches included."""
    found: list[ScopeEvidence] = []
    for wanted in (reach, *_ALSO_BACKED_BY.get(reach, ())):
        for pattern in _EVIDENCE[wanted]:
            for match in pattern.finditer(norm):
                negated = _negated(norm, match.start(), match.end())
                found.append(ScopeEvidence(match.start(), match.end(), reach, negated))
    if reach is Reach.MULTI_TEAM:
        for count in teams:
            if count.unit in (TeamUnit.TEAMS, TeamUnit.ORGS) and count.quantity.low >= 2:
                found.append(ScopeEvidence(count.start, count.end, reach, negated=False))
    return sorted(found, key=lambda e: (e.negated, e.start))


def _negated(norm: str, start: int, end: int) -> bool:
    clause_start, _ = clause_of(norm, start, end)
    before = words(norm, clause_start, start)[-3:]
    return any(_NEGATION.search(word.text) for word in before)
