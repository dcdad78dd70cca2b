"""Team and org sizes: "team of 8", "8 engineers", "three teams", "40-person org".

A size counts either people (engineers, reports, a 40-person org) or units (teams,
squads; orgs, departments). A source backs a drafted size when it gives the same count
of a compatible kind: "eight engineers" backs "team of 8", "three squads" backs "three
teams", but "3 engineers" does not back "3 teams".
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from coach.provenance.numbers import NumberScan, Quantity
from coach.provenance.text import word_set
from coach.provenance.units import Dimension


class TeamUnit(enum.Enum):
    PEOPLE = "people"
    TEAMS = "teams"
    ORGS = "orgs"


@dataclass(frozen=True)
class TeamCount:
    start: int  # the whole phrase: "team of 8", "8 engineers", "40-person org"
    end: int
    quantity: Quantity
    unit: TeamUnit
    role: str  # "engineer", "designer"...; "" for any kind of people ("team of 8")


# Role words, lemmatised, grouped by what they say about who was counted.
_ROLE_GROUPS = {
    "engineer": "engineer developer dev sre swe programmer coder ic devops sdet",
    "designer": "designer ux",
    "analyst": "analyst",
    "scientist": "scientist researcher",
    "product manager": "pm tpm",
    "manager": "manager em",
    "contractor": "contractor vendor",
    "intern": "intern",
    "tester": "tester qa",
    "architect": "architect",
}
_ROLES = {word: role for role, spaced in _ROLE_GROUPS.items() for word in spaced.split()}
_ANY_PEOPLE = word_set(
    """people person folk member report headcount staff hire strong fte employee individual
    teammate colleague"""
)
_TEAM_WORDS = word_set("team squad group pod tribe crew cell")
_ORG_WORDS = word_set("org organisation organization department division bu")
_UNIT_NAMES = {TeamUnit.PEOPLE: "people", TeamUnit.TEAMS: "teams", TeamUnit.ORGS: "orgs"}

_OF_BEFORE = re.compile(
    r"(?<![a-z])(?:team|org|organi[sz]ation|group|department|division|squad|tribe|staff"
    r"|headcount|crew)\s+(?:size\s+)?of\s+$"
)
_TEAM_BEFORE = re.compile(
    r"(?<![a-z])(?:team|org|headcount)\s+(?:size\s+)?(?:of|was|is|at|had|reached|grew to|"
    r"went to|from)\s+$"
)
_OF_US = re.compile(r"\s+of\s+us(?![a-z])|\s+(?:on|in)\s+(?:the|my|our)\s+team(?![a-z])")
_UNIT_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+)?(team|squad|group|pod|org|organi[sz]ation|department|division)(?![a-z])"
)


def find_team_counts(norm: str, scan: NumberScan) -> list[TeamCount]:
    found: list[TeamCount] = []
    people_changes = set()
    for change in scan.changes:
        if _TEAM_BEFORE.search(norm, 0, change.before.start):
            people_changes.add(id(change.after))
    for quantity in scan.quantities:
        if quantity.dimension is not Dimension.COUNT:
            continue
        count = _team_count(norm, quantity, forced=id(quantity) in people_changes)
        if count is not None:
            found.append(count)
    return found


def _team_count(norm: str, quantity: Quantity, *, forced: bool) -> TeamCount | None:
    role, unit = _kind(quantity.nouns)
    if unit is None and quantity.nouns and not forced:
        return None  # "a group of 5 services" counts services, not people
    start, end = quantity.start, quantity.phrase_end
    before = _OF_BEFORE.search(norm, 0, quantity.start)  # "team of 8 (engineers)"
    if unit is TeamUnit.PEOPLE:
        if after := _UNIT_AFTER.match(norm, end):
            end = after.end()  # "8-engineer team", "40-person org"
    elif unit is None:
        of_us = _OF_US.match(norm, quantity.end)  # "eight of us", "8 on the team"
        if of_us:
            end = of_us.end()
        elif not (before or forced or _TEAM_BEFORE.search(norm, 0, quantity.start)):
            return None
        unit = TeamUnit.PEOPLE
    if before and unit is TeamUnit.PEOPLE:
        start = before.start()
    return TeamCount(start, end, quantity, unit, role)


def _kind(nouns: frozenset[str]) -> tuple[str, TeamUnit | None]:
    for noun in sorted(nouns):
        if noun in _ROLES:
            return _ROLES[noun], TeamUnit.PEOPLE
    if nouns & _ANY_PEOPLE:
        return "", TeamUnit.PEOPLE
    if nouns & _TEAM_WORDS:
        return "", TeamUnit.TEAMS
    if nouns & _ORG_WORDS:
        return "", TeamUnit.ORGS
    return "", None


def compatible(draft: TeamCount, source: TeamCount) -> bool:
    if draft.unit is not source.unit:
        return False
    return not draft.role or not source.role or draft.role == source.role


def describe(count: TeamCount) -> str:
    """What a count counts, for a reason: "engineers", "people", "teams"."""
    if count.unit is TeamUnit.PEOPLE and count.role:
        return count.role + "s"
    return _UNIT_NAMES[count.unit]
