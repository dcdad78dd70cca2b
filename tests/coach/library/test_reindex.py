"""Passages without a vector (a restored backup, no model at the time) get one."""

from __future__ import annotations

from pathlib import Path

from coach.library.reindex import index_missing
from coach.storage.db import Database
from coach.tasks import TaskContext
from tests.coach.library.samples import CV_MARKDOWN
from tests.coach.library.test_library import hybrid_library, keyword_library


def test_missing_vectors_are_added_once(db: Database, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = keyword_library(db).ingest_text(CV_MARKDOWN, "cv")
    library = hybrid_library(db, embedder, tmp_path / "vectors")
    assert library.vectors.count() == 0
    progress: list[object] = []
    assert index_missing(library, TaskContext(on_progress=progress.append)) == added.chunks
    assert library.vectors.count() == added.chunks and progress
    assert index_missing(library) == 0  # nothing left to do
    hits = library.search("lowered cloud spending", k=3).hits
    assert any(hit.vector_rank is not None for hit in hits)


def test_without_an_embedder_there_is_nothing_to_index(db: Database) -> None:
    library = keyword_library(db)
    library.ingest_text(CV_MARKDOWN, "cv")
    assert index_missing(library) == 0
