"""The Library page's background work: each runs as `fn(ctx, ...)` on a worker thread.

No widgets here: the page hands these to the window's task runner and renders what they
return on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.tasks import TaskContext

if TYPE_CHECKING:
    from coach.library.retrieval import SearchResult
    from coach.library.service import IngestResult, Library

SEARCH_RESULTS = 20


def ingest_file_task(
    ctx: TaskContext,
    library: Library,
    path: Path,
    kind: str,
    password: str | None = None,
) -> IngestResult:
    return library.ingest_file(path, kind, password=password, ctx=ctx)


def ingest_text_task(
    ctx: TaskContext, library: Library, kind: str, pasted: tuple[str, str, str]
) -> IngestResult:
    """`pasted` is (text, title, company)."""
    text, title, company = pasted
    return library.ingest_text(text, kind, title=title, company=company, ctx=ctx)


def search_task(
    ctx: TaskContext, library: Library, query: str, k: int = SEARCH_RESULTS
) -> SearchResult:
    ctx.progress(0, None, "searching")
    return library.search(query, k)


def forget_task(ctx: TaskContext, library: Library, document_id: int) -> bool:
    return library.forget(document_id)
