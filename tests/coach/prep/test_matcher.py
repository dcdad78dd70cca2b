"""The requirement-to-evidence matcher: keyword mode on hand pairs, hybrid mode on the real
MiniLM embedder, and its quality on the held-out half of the labelled pairs.

The quality check is an assertion on data, not on time: on the holdout pairs (never used
to choose weights or thresholds), the hybrid matcher's F1 must beat BM25 alone at the
threshold that suits BM25 best on those very pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.match import (
    best_threshold,
    bm25_scores,
    in_split,
    load_pairs,
    matcher_for,
    predictions,
    scores_of,
)
from coach.prep.evidence import Evidence, EvidenceKind
from coach.prep.matcher import Match, Matcher, Strength

EVIDENCE = [
    Evidence(
        EvidenceKind.CV,
        1,
        "Ran 12 production Kubernetes clusters for 300 services and cut node costs by 35%.",
        "Acme, Staff SRE",
    ),
    Evidence(
        EvidenceKind.CV,
        1,
        "Grew three junior developers into owners of their own services within a year.",
        "Acme, Staff SRE",
    ),
    Evidence(
        EvidenceKind.STORY,
        7,
        "Cut our monthly AWS bill by 40% by moving batch jobs to spot instances.",
        "Story: cloud bill",
    ),
    Evidence(
        EvidenceKind.CV, 2, "Built the React front end of the billing portal.", "Globex, Senior"
    ),
    Evidence(
        EvidenceKind.STORY,
        9,
        "Led the incident response when the payments database failed over; wrote the postmortem.",
        "Story: payments outage",
    ),
    Evidence(EvidenceKind.CV, 2, "Coached two new hires through their first on-call.", "Globex"),
]
UNRELATED = "Fluent in Mandarin and holds a commercial pilot licence."


@pytest.fixture(scope="module")
def embedder(embedding_model: Path) -> Iterator[Any]:
    from models.embedder import Embedder

    model = Embedder(embedding_model, n_threads=2)
    yield model
    model.close()


@pytest.fixture(scope="module")
def hybrid(embedder: Any) -> Matcher:
    return Matcher(EVIDENCE, embedder)


def texts(matches: list[Match]) -> list[str]:
    return [m.evidence.text for m in matches]


def assert_best_first(matches: list[Match]) -> None:
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_keyword_mode_says_so_and_unifies_acronyms() -> None:
    matcher = Matcher(EVIDENCE)
    assert matcher.mode == "keyword" and "no embedding model" in matcher.note
    (best, *_) = matcher.match("Experience operating K8s in production.")
    assert best.evidence is EVIDENCE[0]
    assert best.strength is Strength.STRONG
    assert best.shared_terms == ("run", "Kubernetes", "production")
    assert best.similarity is None


def test_keyword_mode_folds_synonyms_and_drops_boilerplate() -> None:
    matcher = Matcher(EVIDENCE)
    found = matcher.match("Strong experience mentoring engineers.")
    assert texts(found) == [EVIDENCE[5].text]  # "Coached": mentor and coach are one concept
    assert found[0].shared_terms == ("mentor",)
    # "Strong" and "experience" are posting boilerplate: they match nothing on their own.
    assert matcher.match("Strong experience.") == []


def test_keyword_mode_ranks_best_first_and_respects_k() -> None:
    matcher = Matcher(EVIDENCE)
    found = matcher.match("Experience reducing cloud spend on AWS.", k=5)
    assert len(found) >= 2
    assert found[0].evidence is EVIDENCE[2]
    assert_best_first(found)
    assert len(matcher.match("Experience reducing cloud spend on AWS.", k=1)) == 1


def test_no_match_for_unrelated_text_or_no_evidence() -> None:
    assert Matcher(EVIDENCE).match(UNRELATED) == []
    assert Matcher([]).match("Kubernetes") == []
    assert Matcher(EVIDENCE).match("   ") == []


def test_strength_bands_are_ordered() -> None:
    matcher = Matcher(EVIDENCE)
    assert matcher.strength_of(1.0) is Strength.STRONG
    assert matcher.strength_of(matcher.thresholds.partial) is Strength.PARTIAL
    assert matcher.strength_of(matcher.thresholds.weak) is Strength.WEAK
    assert matcher.strength_of(0.0) is None


def test_pair_score_is_absolute_and_needs_no_index() -> None:
    matcher = Matcher([])
    strong = matcher.pair_score("Experience with Kubernetes.", "Ran K8s clusters.")
    none = matcher.pair_score("Experience with Kubernetes.", "Baked bread.")
    assert strong == 1.0 and none == 0.0


@pytest.mark.slow
def test_hybrid_mode_finds_a_paraphrase_with_no_shared_words(hybrid: Matcher) -> None:
    assert hybrid.mode == "hybrid"
    found = hybrid.match("Experience growing engineers into senior roles.", k=2)
    assert EVIDENCE[1] in [m.evidence for m in found]
    assert all(m.similarity is not None for m in found)
    assert_best_first(found)


@pytest.mark.slow
def test_hybrid_mode_best_first_k_and_unrelated(hybrid: Matcher) -> None:
    found = hybrid.match("Experience running Kubernetes at scale.", k=3)
    assert found[0].evidence is EVIDENCE[0] and found[0].strength is Strength.STRONG
    assert 1 <= len(found) <= 3
    assert_best_first(found)
    assert len(hybrid.match("Experience running Kubernetes at scale.", k=1)) == 1
    assert hybrid.match(UNRELATED) == []


@pytest.fixture(scope="module")
def labelled(embedder: Any) -> dict[str, Any]:
    """The labelled pairs with the hybrid matcher's and BM25's scores, embedded once."""
    pairs = load_pairs()
    matcher = matcher_for(pairs, embedder)
    return {
        "pairs": pairs,
        "matcher": matcher,
        "scores": predictions(matcher, pairs),
        "bm25": bm25_scores(pairs),
    }


def test_the_labelled_set_is_well_formed() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert len({p["id"] for p in pairs}) == len(pairs)
    tracks = {p["track"] for p in pairs}
    assert tracks == {"sre", "platform", "backend", "data-ml", "product", "leadership"}
    for split in ("tune", "holdout"):
        rows = in_split(pairs, split)
        assert len(rows) >= 25
        assert {pairs[i]["match"] for i in rows} == {True, False}


@pytest.mark.slow
def test_hybrid_matcher_beats_bm25_alone_on_the_holdout_pairs(labelled: dict[str, Any]) -> None:
    pairs, matcher = labelled["pairs"], labelled["matcher"]
    rows = in_split(pairs, "holdout")
    truth = [bool(pairs[i]["match"]) for i in rows]
    ours = scores_of([matcher.strength_of(labelled["scores"][i]) is not None for i in rows], truth)
    bm25 = best_threshold([labelled["bm25"][i] for i in rows], truth)
    assert ours.f1 > bm25.f1, (ours, bm25)
    # And it is better than calling every pair a match.
    assert ours.f1 > scores_of([True] * len(rows), truth).f1
