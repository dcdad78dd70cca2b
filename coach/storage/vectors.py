"""The chromadb client factory: the one module in coach/ that imports chromadb.

Two promises: no telemetry, and no model download. chromadb downloads an ONNX
embedding model the first time a collection uses its default embedding function,
so every collection here is created with `embedding_function=None` and callers
always pass their own embeddings (from the models/ embedder).
"""

from __future__ import annotations

import os
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
        settings=Settings(anonymized_telemetry=False, allow_reset=False),
    )


def get_collection(client: Any, name: str, *, dimensions: int) -> Any:
    """A cosine-space collection that never embeds anything itself."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=None,
        metadata={"hnsw:space": "cosine", "dimensions": dimensions},
    )
