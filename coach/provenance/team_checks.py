"""Check a drafted team or org size against the sizes the candidate gave."""

from __future__ import annotations

from coach.provenance.bounds import distance, value_backs
from coach.provenance.corpus import Corpus
from coach.provenance.model import Claim, ClaimCheck
from coach.provenance.teams import TeamCount, compatible, describe
from coach.provenance.text import quote


def check_team(claim: Claim, draft: TeamCount, corpus: Corpus) -> ClaimCheck:
    head = f"{quote(claim.text)} is not in {corpus.material}"
    near: list[tuple[tuple[int, object], ClaimCheck]] = []
    any_count = False
    for source in corpus.sources:
        for count in source.teams:
            any_count = True
            span = source.span(count.start, count.end)
            said = quote(span.text)
            if compatible(draft, count):
                if value_backs(draft.quantity, count.quantity):
                    return ClaimCheck(claim, True, f"matches {said} {source.where}", span)
                reason = f"{head}; you said {said} {source.where}"
                near.append(
                    (
                        (0, distance(draft.quantity, count.quantity)),
                        ClaimCheck(claim, False, reason, span),
                    )
                )
            elif value_backs(draft.quantity, count.quantity):
                reason = (
                    f"{head}; {said} {source.where} counts {describe(count)}, not {describe(draft)}"
                )
                near.append(((1, 0), ClaimCheck(claim, False, reason, span)))
    if near:
        near.sort(key=lambda item: item[0])
        return near[0][1]
    if not any_count:
        head += "; it gives no team or headcount"
    return ClaimCheck(claim, False, head, None)
