"""Check a drafted scope word (org-wide, cross-functional...) against the candidate's words."""

from __future__ import annotations

from coach.provenance.corpus import Corpus
from coach.provenance.model import Claim, ClaimCheck
from coach.provenance.scope import MEANING, NARROWER, ScopeTerm, find_evidence
from coach.provenance.text import quote


def check_scope(claim: Claim, term: ScopeTerm, corpus: Corpus) -> ClaimCheck:
    negated = None
    for source in corpus.sources:
        for evidence in find_evidence(source.norm, term.reach, list(source.teams)):
            span = source.span(evidence.start, evidence.end)
            if not evidence.negated:
                return ClaimCheck(claim, True, f"matches {quote(span.text)} {source.where}", span)
            negated = negated or (source, span)
    if negated is not None:
        source, span = negated
        said = _widen_to_words(source.source.text, span.start, span.end)
        return ClaimCheck(claim, False, f"you said {quote(said)} {source.where}", span)
    reason = (
        f"{quote(claim.text)} has no support in {corpus.material}: "
        f"nothing says {MEANING[term.reach]}"
    )
    for narrower in NARROWER[term.reach]:
        for source in corpus.sources:
            found = [
                e for e in find_evidence(source.norm, narrower, list(source.teams)) if not e.negated
            ]
            if found:
                span = source.span(found[0].start, found[0].end)
                return ClaimCheck(
                    claim, False, f"{reason}; you described {quote(span.text)} {source.where}", span
                )
    return ClaimCheck(claim, False, reason, None)


def _widen_to_words(text: str, start: int, end: int, before: int = 3) -> str:
    """A negated scope word with the words that negate it: “wasn't really org-wide”."""
    head = text[:start].split()
    return " ".join([*head[-before:], text[start:end]])
