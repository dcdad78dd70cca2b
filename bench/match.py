"""Requirement-to-evidence matching quality on the labelled pairs (bench/data/match_pairs.json).

Each pair is a posting requirement, a CV bullet or story sentence, and a person's
judgement: does this evidence meet the requirement. A pair is predicted a match when the
matcher rates it WEAK or better (also shown: PARTIAL or better). Compared:

- the matcher, hybrid (terms and the real MiniLM embedder) and keyword mode (no model);
- "every pair a match", the floor any useful matcher must clear;
- BM25 alone, as the library's keyword search (bm25s, Snowball stems, English stop words)
  over a corpus of every evidence text in the set: "> 0" predicts a match for any pair
  that shares a term; "best" uses the threshold on the BM25 score with the best F1 on the
  very pairs reported (an upper bound for BM25, which could not pick it in advance).

The matcher's weights and thresholds were chosen on the 'tune' split only; 'holdout' is
the honest figure. The last line is the verdict on the holdout split.
Run: .venv/bin/python bench/match.py [--details]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "bench" / "data" / "match_pairs.json"
SPLITS = ("all", "tune", "holdout")


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    threshold: float | None = None  # for a thresholded row

    def row(self, name: str) -> str:
        at = "" if self.threshold is None else f"  (at {self.threshold:.3f})"
        return f"  {name:<34} P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f}{at}"


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def in_split(pairs: Sequence[dict[str, Any]], split: str) -> list[int]:
    return [i for i, pair in enumerate(pairs) if split in ("all", pair["split"])]


def scores_of(predicted: Sequence[bool], labels: Sequence[bool]) -> Scores:
    tp = sum(p and t for p, t in zip(predicted, labels, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, labels, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def best_threshold(scores: Sequence[float], labels: Sequence[bool]) -> Scores:
    """The threshold (score >= t, over the positive scores seen) with the best F1."""
    best = Scores(0.0, 0.0, 0.0, None)
    for threshold in sorted({s for s in scores if s > 0}):
        found = scores_of([s >= threshold for s in scores], labels)
        if found.f1 > best.f1:
            best = Scores(found.precision, found.recall, found.f1, threshold)
    return best


def bm25_scores(pairs: Sequence[dict[str, Any]]) -> list[float]:
    """BM25 score of each pair's evidence for its requirement, over all evidence texts."""
    sys.path.insert(0, str(REPO))
    from coach.library.retrieval import KeywordIndex

    @dataclass(frozen=True)
    class Text:  # KeywordIndex reads only .text
        text: str

    texts = list(dict.fromkeys(pair["evidence"] for pair in pairs))
    index = KeywordIndex([Text(t) for t in texts])  # type: ignore[list-item]
    position = {text: i for i, text in enumerate(texts)}
    found = []
    for pair in pairs:
        hits = dict(index.search(pair["requirement"], len(texts)))
        found.append(hits.get(position[pair["evidence"]], 0.0))
    return found


def matcher_for(pairs: Sequence[dict[str, Any]], embedder: Any | None) -> Any:
    """A matcher over every evidence text in the set, embedded once."""
    sys.path.insert(0, str(REPO))
    from coach.prep.evidence import Evidence, EvidenceKind
    from coach.prep.matcher import Matcher

    texts = dict.fromkeys(pair["evidence"] for pair in pairs)
    return Matcher([Evidence(EvidenceKind.CV, 0, t, "") for t in texts], embedder)


def predictions(matcher: Any, pairs: Sequence[dict[str, Any]]) -> list[float]:
    matcher.prepare([p["requirement"] for p in pairs])
    return [matcher.pair_score(p["requirement"], p["evidence"]) for p in pairs]


def at_least(matcher: Any, level: str) -> Callable[[float], bool]:
    from coach.prep.matcher import Strength

    order = [Strength.WEAK, Strength.PARTIAL, Strength.STRONG]
    wanted = order[order.index(Strength(level)) :]
    return lambda score: matcher.strength_of(score) in wanted


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    from _models import embedding_model

    from models.embedder import Embedder

    pairs = load_pairs()
    labels = [bool(p["match"]) for p in pairs]
    model = embedding_model()
    embedder = Embedder(model, n_threads=2)
    try:
        hybrid = matcher_for(pairs, embedder)
        hybrid_scores = predictions(hybrid, pairs)
    finally:
        embedder.close()
    keyword = matcher_for(pairs, None)
    keyword_scores = predictions(keyword, pairs)
    bm25 = bm25_scores(pairs)

    if "--details" in argv:
        print("pair                 label hybrid keyword  bm25")
        for pair, h, k, b in zip(pairs, hybrid_scores, keyword_scores, bm25, strict=True):
            print(f"{pair['id']:<20} {pair['match']!s:<5} {h:>6.2f} {k:>7.2f} {b:>5.2f}")
        print()

    rows = {
        "matcher hybrid, weak+": (hybrid, hybrid_scores, "weak"),
        "matcher hybrid, partial+": (hybrid, hybrid_scores, "partial"),
        "matcher keyword, weak+": (keyword, keyword_scores, "weak"),
        "matcher keyword, partial+": (keyword, keyword_scores, "partial"),
    }
    counts = {s: len(in_split(pairs, s)) for s in SPLITS}
    print(
        f"{len(pairs)} labelled pairs ({counts['tune']} tune, {counts['holdout']} holdout), ",
        end="",
    )
    print(f"{sum(labels)} matches; model {model.name}")
    results: dict[tuple[str, str], Scores] = {}
    for split in SPLITS:
        rows_in = in_split(pairs, split)
        split_labels = [labels[i] for i in rows_in]
        print(f"{split} ({len(rows_in)} pairs, {sum(split_labels)} matches)")
        for name, (matcher, scores, level) in rows.items():
            predicate = at_least(matcher, level)
            found = scores_of([predicate(scores[i]) for i in rows_in], split_labels)
            results[split, name] = found
            print(found.row(name))
        print(scores_of([True] * len(rows_in), split_labels).row("every pair a match"))
        found = scores_of([bm25[i] > 0 for i in rows_in], split_labels)
        print(found.row("BM25 alone, score > 0"))
        found = best_threshold([bm25[i] for i in rows_in], split_labels)
        results[split, "bm25 best"] = found
        print(found.row("BM25 alone, best threshold"))

    tune = in_split(pairs, "tune")
    print("threshold check on tune only (best-F1 point of the pair score vs the weak threshold):")
    for name, matcher, scores in (
        ("hybrid", hybrid, hybrid_scores),
        ("keyword", keyword, keyword_scores),
    ):
        best = best_threshold([scores[i] for i in tune], [labels[i] for i in tune])
        print(
            f"  {name:<8} best-F1 at {best.threshold:.3f}; weak threshold {matcher.thresholds.weak}"
        )

    ours = results["holdout", "matcher hybrid, weak+"].f1
    theirs = results["holdout", "bm25 best"].f1
    beats = "beats" if ours > theirs else "does not beat"
    print(
        f"verdict: the hybrid matcher {beats} BM25 alone on the holdout pairs: "
        f"F1 {ours:.2f} vs {theirs:.2f} at BM25's own best threshold"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
