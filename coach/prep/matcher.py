"""Which of the candidate's evidence (stories, CV lines) meets a posting requirement.

Two stages. Retrieval finds candidates among hundreds of items: BM25 (bm25s) over each
text's content terms and, with an embedding model, nearest vectors, fused by reciprocal
rank. Then each candidate gets an absolute judgement of the pair, so "no match" is a
real answer and not just the bottom of a ranking:

- term share: the weighted share of the requirement's content terms the evidence has.
  Content terms are stems with stop words and posting boilerplate ("experience",
  "strong", "years") dropped, and acronyms, expansions and synonyms from terms.json
  folded into one concept ("K8s" = "Kubernetes", "mentored" = "coached").
- meaning: the cosine similarity of the two embeddings, when a model is given.

Weights and thresholds were chosen on the tune half of bench/data/match_pairs.json only;
bench/match.py reports the held-out half too.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coach.library.retrieval import fuse
from coach.prep.evidence import Evidence
from coach.prep.terms import Lexicon, load_lexicon
from coach.protocols import Embedder

CANDIDATES = 50  # how deep each ranking is read before pair-scoring
CONCEPT_WEIGHT = 2.0  # a named skill (terms.json) outweighs a plain word or synonym
SIMILARITY_FLOOR = 0.2  # MiniLM cosine at or below this: unrelated sentences
SIMILARITY_CEILING = 0.6  # at or above: the same claim in other words
MEANING_WEIGHT = 0.7  # share of the hybrid score that comes from meaning
_QUERY_CACHE = 256  # requirement vectors kept per matcher (a posting has tens)


class Strength(enum.StrEnum):
    STRONG = "strong"
    PARTIAL = "partial"
    WEAK = "weak"


@dataclass(frozen=True)
class Thresholds:
    strong: float
    partial: float
    weak: float

    def strength_of(self, score: float) -> Strength | None:
        if score >= self.strong:
            return Strength.STRONG
        if score >= self.partial:
            return Strength.PARTIAL
        if score >= self.weak:
            return Strength.WEAK
        return None


# Read off the tune split of bench/data/match_pairs.json (bench/match.py prints the check):
# weak at the best-F1 point, partial where precision passes about 0.8, strong about 0.9.
# Keyword mode's weak point is "shares one word of a typical requirement".
HYBRID_THRESHOLDS = Thresholds(strong=0.55, partial=0.3, weak=0.15)
KEYWORD_THRESHOLDS = Thresholds(strong=0.5, partial=0.3, weak=0.14)


@dataclass(frozen=True)
class Match:
    evidence: Evidence
    score: float  # 0..1, an absolute judgement of this pair
    strength: Strength
    shared_terms: tuple[str, ...]  # the requirement's terms the evidence has, as named
    similarity: float | None  # cosine of the embeddings; None in keyword mode


@dataclass(frozen=True)
class _Judgement:
    score: float
    shared: tuple[str, ...]
    similarity: float | None


class Matcher:
    """Built once per set of evidence (the texts are embedded once, batched)."""

    def __init__(
        self,
        evidence: Sequence[Evidence],
        embedder: Embedder | None = None,
        *,
        lexicon: Lexicon | None = None,
    ) -> None:
        import bm25s  # noqa: PLC0415  (numpy and scipy: only when matching)
        import numpy  # noqa: PLC0415

        self._np = numpy
        self.lexicon = lexicon or load_lexicon()
        self.evidence = tuple(evidence)
        self.embedder = embedder
        if embedder is not None:
            self.mode, self.note = "hybrid", f"Terms and meaning ({embedder.name})"
            self.thresholds = HYBRID_THRESHOLDS
        else:
            self.mode = "keyword"
            self.note = "Terms only: no embedding model is chosen, so paraphrases may be missed."
            self.thresholds = KEYWORD_THRESHOLDS
        self._terms = [self.content_terms(e.text) for e in self.evidence]
        self._index: Any = None
        if self.evidence:
            self._index = bm25s.BM25()
            self._index.index([list(t) for t in self._terms], show_progress=False)
        self._vectors: Any = None  # one row per evidence item, unit length
        self._known: dict[str, Any] = {}  # evidence text -> its row
        self._queries: dict[str, Any] = {}  # requirement text -> vector, bounded
        if embedder is not None and self.evidence:
            self._vectors = self._embed([e.text for e in self.evidence])
            self._known = dict(zip((e.text for e in self.evidence), self._vectors, strict=True))

    def content_terms(self, text: str) -> dict[str, str]:
        """Content term key -> name shown: concepts from terms.json ("t:Kubernetes"), or
        the stem of a plain word, shown as first written."""
        tokens = self.lexicon.tokenize(text)
        terms: dict[str, str] = {}
        spans = {span.first: span for span in self.lexicon.spans(tokens)}
        position = 0
        while position < len(tokens):
            span = spans.get(position)
            if span is not None:
                terms.setdefault(span.concept, self.lexicon.names[span.concept])
                position = span.end
                continue
            token = tokens[position]
            if not self.lexicon.is_filler(token):
                terms.setdefault(token.key, token.surface.lower())
            position += 1
        return terms

    def meaning_text(self, text: str) -> str:
        """What is embedded: posting boilerplate dropped ("Strong experience with") and
        each acronym followed by its expansion, so a small model compares the claims."""
        tokens = self.lexicon.tokenize(text)
        spans = {span.first: span for span in self.lexicon.spans(tokens, forms_only=True)}
        words: list[str] = []
        position = 0
        while position < len(tokens):
            span = spans.get(position)
            if span is not None:
                term = self.lexicon.terms[span.concept]
                longest = max(term.forms, key=len)
                words.append(term.name if longest == term.name else f"{term.name} ({longest})")
                position = span.end
                continue
            token = tokens[position]
            if token.surface.lower() not in self.lexicon.generic_words:
                words.append(token.surface)
            position += 1
        return " ".join(words) or text

    def strength_of(self, score: float) -> Strength | None:
        return self.thresholds.strength_of(score)

    def prepare(self, requirements: Sequence[str]) -> None:
        """Embed requirements in one batch ahead of `match` or `pair_score`, rather than
        one model call each (a no-op in keyword mode)."""
        if self.embedder is None:
            return
        missing = list(dict.fromkeys(t for t in requirements if t not in self._known))
        missing = [t for t in missing if t not in self._queries]
        if not missing:
            return
        if len(self._queries) + len(missing) > _QUERY_CACHE:
            self._queries.clear()
        self._queries.update(zip(missing, self._embed(missing), strict=True))

    def pair_score(self, requirement: str, evidence_text: str) -> float:
        return self._judge(requirement, evidence_text).score

    def match(self, requirement: str, k: int = 3) -> list[Match]:
        """The evidence that meets the requirement, best first, at most k; [] when none
        is at least a weak match."""
        if not self.evidence or not requirement.strip() or k <= 0:
            return []
        required = self.content_terms(requirement)
        keyword_ranking = self._keyword_ranking(required)
        vector_ranking: list[int] = []
        similarities: Any = None
        if self._vectors is not None:
            similarities = self._vectors @ self._vector(requirement)
            order = self._np.argsort(-similarities, kind="stable")[:CANDIDATES]
            vector_ranking = [int(i) for i in order]
        fused = fuse([keyword_ranking, vector_ranking])
        matches: list[tuple[float, float, int, Match]] = []
        for position, rank_score in fused.items():
            similarity = None if similarities is None else float(similarities[position])
            judged = self._judgement(required, self._terms[position], similarity)
            strength = self.strength_of(judged.score)
            if strength is None:
                continue
            found = Match(
                self.evidence[position], judged.score, strength, judged.shared, similarity
            )
            matches.append((-judged.score, -rank_score, position, found))
        matches.sort(key=lambda item: item[:3])
        return [item[3] for item in matches[:k]]

    def _keyword_ranking(self, required: Mapping[str, str]) -> list[int]:
        if self._index is None or not required:
            return []
        scores = self._index.get_scores(list(required))
        order = self._np.argsort(-scores, kind="stable")[:CANDIDATES]
        return [int(i) for i in order if scores[i] > 0]

    def _embed(self, texts: Sequence[str]) -> Any:
        assert self.embedder is not None
        raw = self._np.asarray(
            self.embedder.embed([self.meaning_text(t) for t in texts]), dtype=self._np.float32
        )
        # Unit length, so a dot product is the cosine whatever the embedder returns.
        norms = self._np.linalg.norm(raw, axis=1, keepdims=True)
        return raw / self._np.where(norms == 0, 1.0, norms)

    def _vector(self, text: str) -> Any:
        vector = self._known.get(text)
        if vector is None:
            if text not in self._queries:
                self.prepare([text])
            vector = self._queries[text]
        return vector

    def _judge(self, requirement: str, evidence_text: str) -> _Judgement:
        similarity = None
        if self.embedder is not None:
            similarity = float(self._vector(requirement) @ self._vector(evidence_text))
        return self._judgement(
            self.content_terms(requirement), self.content_terms(evidence_text), similarity
        )

    def _judgement(
        self, required: Mapping[str, str], offered: Mapping[str, str], similarity: float | None
    ) -> _Judgement:
        shared = [key for key in required if key in offered]
        total = sum(_weight(key) for key in required)
        share = sum(_weight(key) for key in shared) / total if total else 0.0
        if similarity is None:
            score = share
        else:
            meaning = (similarity - SIMILARITY_FLOOR) / (SIMILARITY_CEILING - SIMILARITY_FLOOR)
            meaning = min(1.0, max(0.0, meaning))
            score = MEANING_WEIGHT * meaning + (1 - MEANING_WEIGHT) * share
        return _Judgement(round(score, 4), tuple(required[key] for key in shared), similarity)


def _weight(key: str) -> float:
    return CONCEPT_WEIGHT if key.startswith("t:") else 1.0
