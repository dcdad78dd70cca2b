"""Giving every passage a vector from the current embedding model.

Passages can lack one: a library restored from a backup (vectors are derived, so not
archived), documents added with no embedding model, or added under another model.
Only the missing ones are embedded, in batches, cancellable; search uses keywords for
the rest meanwhile.
"""

from __future__ import annotations

from coach.library.service import EMBED_BATCH, Library
from coach.tasks import TaskContext


def index_missing(library: Library, ctx: TaskContext | None = None) -> int:
    """Embed the passages the current model has no vector for; returns how many."""
    ctx = ctx or TaskContext()
    vectors, embedder = library.vectors, library.embedder
    if vectors is None or embedder is None:
        return 0
    chunks = library.store.chunks()
    have = vectors.present([c.id for c in chunks])
    missing = [c for c in chunks if c.id not in have]
    for start in range(0, len(missing), EMBED_BATCH):
        ctx.check()
        ctx.progress(start, len(missing), f"indexing {start} of {len(missing)} passages")
        batch = missing[start : start + EMBED_BATCH]
        vectors.add(
            [c.id for c in batch],
            embedder.embed([c.text for c in batch]),
            [c.document_id for c in batch],
            [c.kind for c in batch],
        )
    return len(missing)
