"""What in a drafted line needs a source: numbers, team sizes, scope words, ownership verbs.

Where two readings overlap the more specific one wins: "team of 8" is one team-size
claim, not a team size plus the number 8.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.provenance.inventions import Invention, InventionKind, find_inventions
from coach.provenance.model import Claim, ClaimKind
from coach.provenance.numbers import Quantity, scan
from coach.provenance.ownership import OwnershipClaim, find_ownership_claims
from coach.provenance.scope import ScopeTerm, find_scope_terms
from coach.provenance.teams import TeamCount, find_team_counts
from coach.provenance.text import normalise

Detail = Quantity | TeamCount | ScopeTerm | OwnershipClaim | Invention
_INVENTION_KINDS = {
    InventionKind.ABSOLUTE: ClaimKind.ABSOLUTE,
    InventionKind.COMPARATIVE: ClaimKind.COMPARATIVE,
    InventionKind.NAME: ClaimKind.NAME,
}


@dataclass(frozen=True)
class FoundClaim:
    claim: Claim
    detail: Detail  # what the checks need beyond the public Claim


def find_claims(line: str) -> list[FoundClaim]:
    norm = normalise(line)
    numbers = scan(line)
    found: list[FoundClaim] = []

    def add(kind: ClaimKind, start: int, end: int, detail: Detail) -> None:
        if any(f.claim.start < end and start < f.claim.end for f in found):
            return
        found.append(FoundClaim(Claim(kind, line[start:end], start, end), detail))

    for count in find_team_counts(norm, numbers):
        add(ClaimKind.TEAM_SIZE, count.start, count.end, count)
    for quantity in numbers.quantities:
        add(ClaimKind.NUMBER, quantity.start, quantity.end, quantity)
    for term in find_scope_terms(norm):
        add(ClaimKind.SCOPE, term.start, term.end, term)
    for verb in find_ownership_claims(line, norm):
        add(ClaimKind.OWNERSHIP, verb.start, verb.end, verb)
    for invention in find_inventions(line, norm):
        add(_INVENTION_KINDS[invention.kind], invention.start, invention.end, invention)
    return sorted(found, key=lambda f: f.claim.start)


def extract_claims(line: str) -> list[Claim]:
    """Every checkable claim in a drafted line, in order, with offsets into the line."""
    return [found.claim for found in find_claims(line)]
