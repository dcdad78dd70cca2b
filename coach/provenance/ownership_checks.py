"""Check a drafted ownership verb against what the candidate said they did themselves."""

from __future__ import annotations

from coach.provenance.corpus import Corpus, ScannedSource
from coach.provenance.model import Claim, ClaimCheck
from coach.provenance.ownership import (
    ACCEPTS,
    OwnershipClaim,
    OwnershipEvidence,
    Subject,
    backs,
)
from coach.provenance.text import quote, sentences, word_set
from coach.provenance.topics import content_stems, stems_meet

# Ownership and role words say who acted, not what the work was: leave them out of the
# topic comparison ("Led the Kafka migration" vs "I led the hiring loop").
_OWNERSHIP_WORDS = word_set(
    """led lead leads leading co-led headed directed spearheaded drove drive driving owned own
    owns owning designed design designing architected decided decide built build building
    created create founded established initiated launched launch championed managed manage
    managing tech technical lead owner dri helped i me my"""
)
# Words that do not name a piece of work ("I led it", "I was the one who decided").
_PLAIN = word_set("it this that one thing things whole effort work responsible charge call")
# Order of the reasons when nothing backs the claim: the most direct contradiction first.
_RANK = {"negated": 0, "other": 1, "we": 2, "weak": 3, "elsewhere": 4, "other act": 5}


def check_ownership(
    claim: Claim, draft: OwnershipClaim, line_norm: str, corpus: Corpus
) -> ClaimCheck:
    topic = content_stems(line_norm, ignore=_OWNERSHIP_WORDS)
    misses: list[tuple[int, int, ClaimCheck]] = []
    for order, source in enumerate(corpus.sources):
        for evidence in source.ownership:
            span = source.span(evidence.start, evidence.end)
            on_topic = _on_topic(topic, source, evidence)
            if evidence.act not in ACCEPTS[draft.act]:
                if on_topic and _own_voice(evidence):
                    reason = (
                        f"you said {quote(span.text)} {source.where}, "
                        f"which is not the same as {quote(draft.past)}"
                    )
                    misses.append(
                        (_RANK["other act"], order, ClaimCheck(claim, False, reason, span))
                    )
                continue
            if backs(evidence, draft) and on_topic:
                return ClaimCheck(claim, True, f"matches {quote(span.text)} {source.where}", span)
            kind = _miss_kind(evidence, draft, on_topic=on_topic)
            if kind is None:
                continue
            reason = _reason(kind, span.text, draft, source)
            misses.append((_RANK[kind], order, ClaimCheck(claim, False, reason, span)))
    if misses:
        misses.sort(key=lambda m: (m[0], m[1]))
        return misses[0][2]
    reason = f"nothing in {corpus.material} says you {draft.past} this"
    return ClaimCheck(claim, False, reason, None)


def _own_voice(evidence: OwnershipEvidence) -> bool:
    agent = evidence.agent
    return agent.subject in (Subject.I, Subject.NONE) and not agent.negated and not agent.weak


def _on_topic(topic: frozenset[str], source: ScannedSource, evidence: OwnershipEvidence) -> bool:
    """The evidence's sentence shares a content word with the draft. A sentence that names
    no work of its own ("I led it.", "I was the tech lead.") borrows its neighbours'."""
    if not topic:
        return True
    spans = sentences(source.norm)
    index = next((i for i, (s, e) in enumerate(spans) if s <= evidence.start < e), None)
    if index is None:
        return stems_meet(topic, content_stems(source.norm, ignore=_OWNERSHIP_WORDS))
    own = content_stems(source.norm[slice(*spans[index])], ignore=_OWNERSHIP_WORDS | _PLAIN)
    if own:
        return stems_meet(topic, own)
    first, last = spans[max(0, index - 1)][0], spans[min(len(spans) - 1, index + 1)][1]
    window = content_stems(source.norm[first:last], ignore=_OWNERSHIP_WORDS | _PLAIN)
    return not window or stems_meet(topic, window)


def _miss_kind(evidence: OwnershipEvidence, draft: OwnershipClaim, *, on_topic: bool) -> str | None:
    """Why this evidence does not back the claim; None when it says nothing about it
    (a "we" or a "didn't" about other work is no reason to doubt this one)."""
    agent = evidence.agent
    if not on_topic:
        return "elsewhere" if _own_voice(evidence) or draft.weak else None
    if agent.negated:
        return "negated"
    if agent.subject is Subject.OTHER:
        return "other"
    if agent.subject is Subject.WE and not draft.weak:
        return "we"
    return "weak"


def _reason(kind: str, said: str, draft: OwnershipClaim, source: ScannedSource) -> str:
    said_q = quote(said)
    if kind == "negated":
        return f"you said {said_q} {source.where}, so {quote(draft.past)} overstates your part"
    if kind == "other":
        return f"you said {said_q} {source.where}: that was someone else, not you"
    if kind == "we":
        return f"you said {said_q}; name what you {draft.past} yourself"
    if kind == "weak":
        return f"you said {said_q} {source.where}; say what you did yourself"
    return f"you said {said_q} {source.where}, but about other work; say what you {draft.past} here"
