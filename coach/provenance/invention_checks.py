"""Check an absolute, a comparative or a name against the candidate's own material."""

from __future__ import annotations

from coach.provenance.corpus import Corpus
from coach.provenance.inventions import REASONS, Invention, backed
from coach.provenance.model import Claim, ClaimCheck
from coach.provenance.text import quote


def check_invention(claim: Claim, found: Invention, line: str, corpus: Corpus) -> ClaimCheck:
    for source in corpus.sources:
        at = backed(found, line, source.norm.lower())
        if at is not None:
            span = source.span(at, at + len(found.text))
            return ClaimCheck(claim, True, f"{quote(span.text)} {source.where}", span)
    reason = f"{quote(claim.text)} is {REASONS[found.kind]}"
    return ClaimCheck(claim, False, reason, None)
