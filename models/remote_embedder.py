"""Embeddings from a model server's /v1/embeddings, behind the Embedder protocol.

When the server is away, `embed` raises a ServerError in words; the library then
searches by keyword only and says so (coach/library/retrieval.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from models.remote_address import Resolve, system_resolve
from models.remote_connection import Connection
from models.remote_http import ServerError, open_client, post_json

ShouldStop = Callable[[], bool]
BATCH = 32


class RemoteEmbedder:
    def __init__(
        self, connection: Connection, *, label: str = "", resolve: Resolve = system_resolve
    ) -> None:
        self._client, self.place = open_client(connection, resolve=resolve)
        self.model = connection.model
        # The vector store keys collections by name: the server's address is part of it,
        # so two servers' same-named models never share vectors.
        self.name = label or f"{connection.model} @ {self.place.host}"
        self._lock = threading.Lock()
        try:
            (probe,) = self._embed_batch(["dimension probe"])
        except BaseException:
            self._client.close()
            raise
        self.dimensions = len(probe)

    def _embed_batch(self, texts: Sequence[str]) -> list[list[float]]:
        data: Any = post_json(
            self._client,
            self.place,
            "/embeddings",
            {"model": self.model, "input": list(texts)},
            self.model,
        )
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise ServerError(
                f"The server at {self.place.url} gave {len(items or [])} embeddings for "
                f"{len(texts)} texts.",
                hint="Check that the model is an embedding model.",
            )
        ordered = sorted(items, key=lambda item: int(item.get("index", 0)))
        vectors = [[float(x) for x in item["embedding"]] for item in ordered]
        if any(not v for v in vectors):
            raise ServerError(f"The server at {self.place.url} gave an empty embedding.")
        return vectors

    def embed(
        self, texts: Sequence[str], *, should_stop: ShouldStop | None = None
    ) -> list[list[float]]:
        out: list[list[float]] = []
        with self._lock:
            for start in range(0, len(texts), BATCH):
                if should_stop is not None and should_stop():
                    break
                out.extend(self._embed_batch(texts[start : start + BATCH]))
        return out

    def close(self) -> None:
        self._client.close()
