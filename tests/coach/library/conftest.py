"""The library tests' database and embedder (real SQLite, the real MiniLM)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.storage.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "library.sqlite3")
    yield database
    database.close()


@pytest.fixture(scope="module")
def embedder(embedding_model: Path):  # type: ignore[no-untyped-def]
    from models.embedder import Embedder

    model = Embedder(embedding_model, n_threads=2)
    yield model
    model.close()
