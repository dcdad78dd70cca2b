"""Hybrid retrieval: BM25 (bm25s) and vectors (chromadb) over the same chunks, fused by
reciprocal rank. With no embedding model, keyword search alone, and it says so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.library.store import StoredChunk
from coach.protocols import Embedder

RRF_K = 60  # the usual constant: ranks past a few dozen stop mattering
CANDIDATES = 50  # how deep each ranking is read before fusing


@dataclass(frozen=True)
class Hit:
    chunk: StoredChunk
    score: float  # fused score (higher is better)
    keyword_rank: int | None  # 1-based rank in BM25, None if not among its candidates
    vector_rank: int | None


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    mode: str  # "hybrid" or "keyword"
    note: str = ""  # why the mode is what it is, for the window and the CLI


class KeywordIndex:
    """BM25 over chunk texts, rebuilt when the library changes."""

    def __init__(self, chunks: Sequence[StoredChunk]) -> None:
        import bm25s  # noqa: PLC0415  (numpy and scipy: only when searching)
        import Stemmer  # noqa: PLC0415

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self.chunks = list(chunks)
        self._index: Any = None
        if self.chunks:
            tokens = self._tokenize([c.text for c in self.chunks])
            self._index = bm25s.BM25()
            self._index.index(tokens, show_progress=False)

    def _tokenize(self, texts: list[str]) -> Any:
        return self._bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, show_progress=False
        )

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position in chunks, score) for chunks that share a term with the query."""
        if self._index is None or not query.strip():
            return []
        tokens = self._tokenize([query])
        if not tokens.vocab:
            return []
        positions, scores = self._index.retrieve(
            tokens, k=min(k, len(self.chunks)), show_progress=False
        )
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if s > 0]


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) for the ids it ranks."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def hybrid_search(
    query: str,
    keyword: KeywordIndex,
    *,
    vectors: Any | None,
    embedder: Embedder | None,
    k: int = 10,
) -> SearchResult:
    by_id = {chunk.id: chunk for chunk in keyword.chunks}
    keyword_ids = [keyword.chunks[pos].id for pos, _ in keyword.search(query, CANDIDATES)]
    vector_ids: list[int] = []
    mode, note = "keyword", "Keyword search only: no embedding model is chosen."
    if embedder is not None and vectors is not None:
        try:
            (query_vector,) = embedder.embed([query])
        except Exception as exc:
            # An embedding server that is away must not stop the search (see
            # models/remote_embedder.py); anything else is a bug and is raised.
            if not getattr(exc, "user_facing", False):
                raise
            note = f"Keyword search only: the embedding model is not reachable ({exc})"
        else:
            vector_ids = [
                cid for cid, _ in vectors.query(query_vector, CANDIDATES) if cid in by_id
            ]
            mode, note = "hybrid", f"Keyword and meaning ({embedder.name})"
    fused = fuse([keyword_ids, vector_ids])
    keyword_rank = {cid: rank for rank, cid in enumerate(keyword_ids, start=1)}
    vector_rank = {cid: rank for rank, cid in enumerate(vector_ids, start=1)}
    ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
    hits = tuple(
        Hit(by_id[cid], score, keyword_rank.get(cid), vector_rank.get(cid))
        for cid, score in ordered
    )
    return SearchResult(hits, mode, note)
