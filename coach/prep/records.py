"""One opportunity's prep as plain data, for the window, the CLI and the brief."""

from __future__ import annotations

from dataclasses import dataclass

from coach.prep.gaps import Gap
from coach.prep.matcher import Match, Strength
from coach.prep.posting_view import PostingView
from coach.prep.rounds import RoundPlan
from coach.prep.terms import KeywordCoverage
from coach.profile import Level

# A requirement counts as shown when its best evidence is at least this strong.
SHOWN = (Strength.STRONG, Strength.PARTIAL)


@dataclass(frozen=True)
class RequirementPrep:
    text: str
    kind: str  # "must" or "nice"
    section: str
    matches: tuple[Match, ...]  # stories and CV lines, best first
    explanation: str = ""  # the model's, checked against the candidate's material
    explanation_note: str = ""  # why an explanation was withheld, when one was

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def strength(self) -> Strength | None:
        return None if self.best is None else self.best.strength

    @property
    def shown(self) -> bool:
        return self.strength in SHOWN


@dataclass(frozen=True)
class ValueLink:
    value: str
    matches: tuple[Match, ...]  # stories only


@dataclass(frozen=True)
class Prep:
    posting: PostingView
    level: Level
    requirements: tuple[RequirementPrep, ...]
    gaps: tuple[Gap, ...]
    keywords: KeywordCoverage
    values: tuple[ValueLink, ...]
    rounds: tuple[RoundPlan, ...]
    questions: tuple[str, ...]
    notes: str
    mode: str  # "hybrid" or "keyword", from the matcher
    notices: tuple[str, ...] = ()  # what the candidate should know about how this was made

    @property
    def must_shown(self) -> tuple[int, int]:
        must = [r for r in self.requirements if r.kind == "must"]
        return sum(1 for r in must if r.shown), len(must)
