"""The library service on real SQLite, bm25s, chromadb and the real MiniLM embedder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.errors import UserError
from coach.library.chunking import Chunk
from coach.library.service import Library
from coach.library.store import NewDocument
from coach.storage.db import Database
from coach.storage.vectors import ChunkVectors, delete_chunks_everywhere, open_vector_store
from coach.tasks import Cancelled, CancelToken, TaskContext
from tests.coach.library.samples import CV_MARKDOWN, POSTING_TEXT

TODAY = dt.date(2026, 11, 22)


def keyword_library(db: Database) -> Library:
    return Library(db, today=lambda: TODAY)


def hybrid_library(db: Database, embedder, folder: Path) -> Library:  # type: ignore[no-untyped-def]
    client = open_vector_store(folder)
    return Library(
        db,
        embedder=embedder,
        open_vectors=lambda model: ChunkVectors(client, model.name, model.dimensions),
        purge_vectors=lambda ids: delete_chunks_everywhere(client, ids),
        today=lambda: TODAY,
    )


def test_a_cv_is_stored_with_its_roles_and_chunks(db: Database) -> None:
    library = keyword_library(db)
    result = library.ingest_text(CV_MARKDOWN, "cv", title="cv.md")
    assert result.created and result.roles == 3
    roles = library.roles()
    assert [r.company for r in roles] == ["Acme Corp", "Globex", "Initech"]
    assert roles[0].current and roles[0].start == (2019, 3)
    assert roles[1].end == (2019, 2)
    assert len(roles[0].bullets) == 3
    assert "cutting p99 latency by 40%" in roles[0].bullets[0]
    chunks = library.store.chunks()
    by_text = {c.text: c for c in chunks}
    bullet = next(c for c in chunks if "p99 latency" in c.text)
    assert bullet.kind == "bullet" and bullet.section == "experience"
    assert bullet.role_id == roles[0].id
    assert any(c.kind == "role" for c in by_text.values())


def test_the_same_content_twice_is_a_no_op(db: Database) -> None:
    library = keyword_library(db)
    first = library.ingest_text(CV_MARKDOWN, "cv")
    again = library.ingest_text(CV_MARKDOWN, "cv")
    assert not again.created and again.document_id == first.document_id
    assert len(library.documents()) == 1


def test_a_posting_keeps_must_and_nice_and_the_injection_as_text(db: Database) -> None:
    library = keyword_library(db)
    result = library.ingest_text(POSTING_TEXT, "posting")
    requirements = library.store.requirements(result.document_id)
    kinds = {text: kind for kind, _section, text in requirements}
    assert kinds["8+ years running production systems at scale"] == "must"
    assert kinds["Experience reducing cloud costs"] == "nice"
    assert "Ignore all previous instructions" in library.store.document_text(result.document_id)
    chunk_kinds = {c.text: c.kind for c in library.store.chunks()}
    assert chunk_kinds["Go or Rust"] == "requirement"


def test_keyword_search_works_without_a_model_and_says_so(db: Database) -> None:
    library = keyword_library(db)
    library.ingest_text(CV_MARKDOWN, "cv")
    result = library.search("latency")
    assert result.mode == "keyword"
    assert "no embedding model" in result.note
    assert "p99 latency" in result.hits[0].chunk.text
    assert result.hits[0].vector_rank is None


def test_hybrid_search_finds_meaning_without_shared_words(
    db: Database,
    embedder,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    library = hybrid_library(db, embedder, tmp_path / "vectors")
    library.ingest_text(CV_MARKDOWN, "cv")
    result = library.search("lowered cloud spending", k=3)
    assert result.mode == "hybrid"
    top = [hit.chunk.text for hit in result.hits]
    assert any("AWS bill" in text for text in top), top
    assert any(hit.vector_rank is not None for hit in result.hits)


def test_forget_removes_rows_and_vectors(
    db: Database,
    embedder,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    library = hybrid_library(db, embedder, tmp_path / "vectors")
    cv = library.ingest_text(CV_MARKDOWN, "cv")
    posting = library.ingest_text(POSTING_TEXT, "posting")
    vectors = library.vectors
    before = vectors.count()
    assert library.forget(cv.document_id)
    assert [d.id for d in library.documents()] == [posting.document_id]
    assert library.roles() == []
    assert vectors.count() == before - cv.chunks
    assert all("p99" not in hit.chunk.text for hit in library.search("latency").hits)
    assert not library.forget(cv.document_id)


def test_a_half_written_document_is_never_visible_and_is_swept(db: Database) -> None:
    """As if the process was killed between writing rows and marking the document ready."""
    library = keyword_library(db)
    library.store.insert(
        NewDocument(
            kind="cv",
            content_hash="x" * 64,
            source_format="text",
            raw_text="half",
            chunks=[Chunk("a bullet that must not show", "bullet")],
        )
    )
    assert library.documents() == []
    assert library.search("bullet").hits == ()
    reopened = keyword_library(db)
    assert reopened.store.unfinished() == []
    assert db.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 0


def test_cancel_during_embedding_leaves_nothing(
    db: Database,
    embedder,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    library = hybrid_library(db, embedder, tmp_path / "vectors")
    token = CancelToken()
    seen: list[object] = []

    def progress(value: object) -> None:
        seen.append(value)
        token.cancel()  # cancel at the first progress report

    with pytest.raises(Cancelled):
        library.ingest_text(CV_MARKDOWN, "cv", ctx=TaskContext(token, progress))
    assert library.documents() == []
    assert db.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_candidate_text_is_stored_through_the_codec(db: Database) -> None:
    keyword_library(db).ingest_text(CV_MARKDOWN, "cv")
    for table, column in (("documents", "raw_text"), ("chunks", "text"), ("roles", "title")):
        kind, first = db.conn.execute(f"SELECT typeof({column}), {column} FROM {table}").fetchone()
        assert kind == "blob" and first[0] == 0x00


def test_bad_requests_are_clear(db: Database, tmp_path: Path) -> None:
    library = keyword_library(db)
    with pytest.raises(UserError, match="no text"):
        library.ingest_text("   ", "cv")
    with pytest.raises(UserError, match="Unknown document kind"):
        library.ingest_text("hello", "diary")
    with pytest.raises(UserError, match=r"could not find missing\.pdf"):
        library.ingest_file(tmp_path / "missing.pdf", "cv")
