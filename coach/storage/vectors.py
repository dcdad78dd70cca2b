"""The chromadb client factory: the one module in coach/ that imports chromadb.

Two promises: no telemetry, and no model download. chromadb downloads an ONNX
embedding model the first time a collection uses its default embedding function,
so every collection here is created with `embedding_function=None` and callers
always pass their own embeddings (from the models/ embedder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# chromadb reads this before its settings object exists; set it before import.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb
from chromadb.config import Settings


def open_vector_store(folder: Path) -> Any:
    """A persistent chromadb client in `folder`, with telemetry and resets off."""
    folder.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(folder),
        # No `.env` from the working folder either: it could turn tracing export on.
        settings=Settings(anonymized_telemetry=False, allow_reset=False, _env_file=None),
    )


def get_collection(client: Any, name: str, *, dimensions: int) -> Any:
    """A cosine-space collection that never embeds anything itself."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=None,
        metadata={"hnsw:space": "cosine", "dimensions": dimensions},
    )


class ChunkVectors:
    """The chunk embeddings of one embedding model, keyed by chunk id.

    Only ids, vectors and non-identifying metadata (document id, chunk kind) are stored
    here; the text stays in SQLite. Each model gets its own collection, since vectors of
    different models cannot be compared.
    """

    def __init__(self, client: Any, model_name: str, dimensions: int) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", model_name.lower()).strip("-")[:40] or "model"
        self._collection = get_collection(
            client, f"chunks-{slug}-{dimensions}", dimensions=dimensions
        )

    def add(
        self,
        ids: Sequence[int],
        vectors: Sequence[Sequence[float]],
        documents: Sequence[int],
        kinds: Sequence[str],
    ) -> None:
        if not ids:
            return
        self._collection.upsert(
            ids=[str(i) for i in ids],
            embeddings=[list(v) for v in vectors],
            metadatas=[
                {"document_id": d, "kind": k} for d, k in zip(documents, kinds, strict=True)
            ],
        )

    def present(self, ids: Sequence[int]) -> set[int]:
        """Which of `ids` have a vector here."""
        found: set[int] = set()
        for start in range(0, len(ids), 1000):  # bounded: one SQL variable per id
            batch = [str(i) for i in ids[start : start + 1000]]
            found.update(int(i) for i in self._collection.get(ids=batch, include=[])["ids"])
        return found

    def delete(self, ids: Sequence[int]) -> None:
        if ids:
            self._collection.delete(ids=[str(i) for i in ids])

    def count(self) -> int:
        return int(self._collection.count())

    def query(self, vector: Sequence[float], k: int) -> list[tuple[int, float]]:
        """(chunk id, cosine distance), nearest first."""
        # chromadb 1.5 returns what it has when k exceeds the count (asking for the count
        # first cost 3 ms a query).
        found = self._collection.query(query_embeddings=[list(vector)], n_results=k)
        return [
            (int(i), float(d)) for i, d in zip(found["ids"][0], found["distances"][0], strict=True)
        ]


def delete_chunks_everywhere(client: Any, ids: Sequence[int]) -> None:
    """Remove chunk vectors from every model's collection (a document is forgotten whole,
    whichever embedding models indexed it)."""
    if not ids:
        return
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith("chunks-"):
            client.get_collection(name).delete(ids=[str(i) for i in ids])
