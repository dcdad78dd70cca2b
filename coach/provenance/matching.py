"""Check a drafted line against the candidate's own material."""

from __future__ import annotations

from collections.abc import Sequence

from coach.provenance.claims import Detail, find_claims
from coach.provenance.corpus import Corpus, build_corpus
from coach.provenance.invention_checks import check_invention
from coach.provenance.inventions import Invention
from coach.provenance.model import Claim, ClaimCheck, ClaimKind, ProvenanceReport, Source
from coach.provenance.number_checks import check_number
from coach.provenance.numbers import Quantity
from coach.provenance.ownership import OwnershipClaim
from coach.provenance.ownership_checks import check_ownership
from coach.provenance.scope import ScopeTerm
from coach.provenance.scope_checks import check_scope
from coach.provenance.team_checks import check_team
from coach.provenance.teams import TeamCount
from coach.provenance.text import normalise

_WORDING_KINDS = (ClaimKind.ABSOLUTE, ClaimKind.COMPARATIVE, ClaimKind.NAME)


def check_line(line: str, sources: Sequence[Source]) -> ProvenanceReport:
    """Trace every claim in `line` to a span of `sources`, or say plainly why it cannot be."""
    corpus = build_corpus(sources)
    norm = normalise(line)
    checks = (
        _check(found.claim, found.detail, line, norm, corpus) for found in find_claims(line)
    )
    # An absolute, comparative or name the material backs is plain wording, not a claim
    # worth listing; only the ones the candidate never said are shown.
    return ProvenanceReport(line, tuple(
        check for check in checks
        if check.supported is False or check.claim.kind not in _WORDING_KINDS
    ))


def _check(claim: Claim, detail: Detail, line: str, norm: str, corpus: Corpus) -> ClaimCheck:
    match detail:
        case TeamCount():
            return check_team(claim, detail, corpus)
        case Quantity():
            return check_number(claim, detail, line, norm, corpus)
        case ScopeTerm():
            return check_scope(claim, detail, corpus)
        case OwnershipClaim():
            return check_ownership(claim, detail, norm, corpus)
        case Invention():
            return check_invention(claim, detail, line, corpus)
        case _:
            raise TypeError(f"no check for {type(detail).__name__}")
