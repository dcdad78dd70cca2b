"""The library service: ingest a file or pasted text, keep it consistent, search it.

Order of work for one document, so that a cancel, a crash or a kill never leaves half
of it visible: read and parse and embed in memory (cancellable); write it to SQLite as
'ingesting' in one transaction; add its vectors; mark it 'ready'. Opening the library
removes anything still 'ingesting'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import ExtractedText
from coach.ingest.cv import CvStructure, parse_cv
from coach.ingest.posting import parse_posting
from coach.ingest.visible import visible_line
from coach.library.chunking import Chunk, chunk_blocks
from coach.library.retrieval import KeywordIndex, SearchResult, hybrid_search
from coach.library.store import DocumentInfo, LibraryStore, NewDocument, NewRole, StoredRole
from coach.protocols import Embedder
from coach.storage.db import Database
from coach.tasks import TaskContext

KINDS = ("cv", "posting", "note")
# The readers pull in pypdf, python-docx and BeautifulSoup (a third of a second); they are
# imported when something is added, not when the window opens.
EMBED_BATCH = 64


@dataclass(frozen=True)
class IngestResult:
    document_id: int
    created: bool  # False when the same content was already in the library
    title: str
    kind: str
    chunks: int
    roles: int
    warnings: tuple[str, ...] = ()


def _ymd(value: Any) -> tuple[int, int | None] | None:
    return None if value is None else (value.year, value.month)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class Library:
    def __init__(
        self,
        db: Database,
        *,
        embedder: Embedder | None = None,
        open_vectors: Callable[[Embedder], Any] | None = None,
        purge_vectors: Callable[[Sequence[int]], None] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.store = LibraryStore(db)
        self.embedder = embedder
        self._open_vectors = open_vectors
        self._purge_vectors = purge_vectors
        self._vectors: Any = None
        self._keyword: KeywordIndex | None = None
        self._today = today
        self.recover()

    # ---- vectors ---------------------------------------------------------------------

    def use_embedder(self, embedder: Embedder | None) -> None:
        """Switch the embedding model (None: keyword search only). Documents added before
        are searched by keyword until re-added; their vectors belong to the old model."""
        self.embedder = embedder
        self._vectors = None

    @property
    def vectors(self) -> Any | None:
        """The chunk vectors of the current embedding model (opened on first use)."""
        if self.embedder is None or self._open_vectors is None:
            return None
        if self._vectors is None:
            self._vectors = self._open_vectors(self.embedder)
        return self._vectors

    def recover(self) -> int:
        """Remove documents a crash or a kill left half-written."""
        unfinished = self.store.unfinished()
        for document_id in unfinished:
            self._remove(document_id)
        return len(unfinished)

    # ---- ingestion -------------------------------------------------------------------

    def ingest_file(
        self,
        path: Path,
        kind: str,
        *,
        company: str = "",
        password: str | None = None,
        ctx: TaskContext | None = None,
    ) -> IngestResult:
        from coach.ingest.readers import read_data, read_file_bytes  # noqa: PLC0415  (slow: see KINDS)

        ctx = ctx or TaskContext()
        _check_kind(kind)
        data = read_file_bytes(path)  # size and emptiness checked before anything else
        extracted = read_data(
            data,
            path.suffix.lower(),
            password=password,
            should_stop=lambda: ctx.cancelled,
            on_progress=lambda done, total: ctx.progress(done, total, f"page {done} of {total}"),
        )
        digest = self._fingerprint(extracted)
        existing = self._existing(kind, digest)
        if existing:
            return existing
        return self._ingest(
            extracted, kind, digest, source_name=path.name, company=company, ctx=ctx
        )

    def ingest_text(
        self,
        text: str,
        kind: str,
        *,
        title: str = "",
        company: str = "",
        ctx: TaskContext | None = None,
    ) -> IngestResult:
        ctx = ctx or TaskContext()
        _check_kind(kind)
        if not text.strip():
            raise UserError("There is no text to add.")
        from coach.ingest.readers import read_pasted  # noqa: PLC0415  (slow: see KINDS)

        extracted = read_pasted(text)
        digest = self._fingerprint(extracted)
        existing = self._existing(kind, digest)
        if existing:
            return existing
        return self._ingest(
            extracted,
            kind,
            digest,
            source_name=title or "pasted text",
            company=company,
            ctx=ctx,
        )

    def _fingerprint(self, extracted: ExtractedText) -> str:
        # Of the text kept, not of the file: re-sealing under a new key recomputes it
        # from what is stored (see coach/storage/sealing.py).
        return self.store.fingerprint(extracted.text)

    def _existing(self, kind: str, digest: str) -> IngestResult | None:
        document_id = self.store.find_by_hash(kind, digest)
        if document_id is None:
            return None
        info = next(d for d in self.store.documents() if d.id == document_id)
        return IngestResult(
            document_id, False, info.title, kind, info.chunks, len(self.store.roles(document_id))
        )

    def _ingest(
        self,
        extracted: ExtractedText,
        kind: str,
        digest: str,
        *,
        source_name: str,
        company: str,
        ctx: TaskContext,
    ) -> IngestResult:
        if not extracted.blocks:
            raise UserError(f"No text was found in {source_name}.")
        warnings = list(extracted.warnings)
        roles: list[NewRole] = []
        requirements: list[tuple[str, str, str]] = []
        title = source_name
        if kind == "cv":
            structure = parse_cv(extracted, today=self._today())
            warnings += structure.warnings
            roles = [_new_role(role) for role in structure.roles]
            chunks = _cv_chunks(extracted, structure)
            title = structure.name or source_name
        elif kind == "posting":
            posting = parse_posting(extracted)
            requirements = [(r.kind, r.section, r.text) for r in posting.requirements]
            chunks = _posting_chunks(extracted, {_normal(r[2]): r for r in requirements})
            title = posting.title or source_name
            company = company or posting.company
        else:
            chunks = chunk_blocks(extracted.blocks)
        title, source_name, company = (visible_line(t) for t in (title, source_name, company))
        vectors, not_indexed = self._embed(chunks, ctx)
        warnings += [not_indexed] if not_indexed else []
        ctx.check()
        document_id, chunk_ids = self.store.insert(
            NewDocument(
                kind=kind,
                content_hash=digest,
                source_format=extracted.source_format,
                raw_text=extracted.text,
                title=title,
                source_name=source_name,
                company=company,
                pages=extracted.pages,
                roles=roles,
                requirements=requirements,
                chunks=chunks,
            )
        )
        try:
            if vectors is not None and self.vectors is not None:
                self.vectors.add(
                    chunk_ids, vectors, [document_id] * len(chunk_ids), [c.kind for c in chunks]
                )
            self.store.mark_ready(document_id)
        except BaseException:
            self._remove(document_id)
            raise
        self._keyword = None
        return IngestResult(
            document_id, True, title, kind, len(chunks), len(roles), tuple(warnings)
        )

    def _embed(
        self, chunks: Sequence[Chunk], ctx: TaskContext
    ) -> tuple[list[list[float]] | None, str]:
        """The chunks' vectors, or (None, why not) when the embedding model (a server)
        cannot be reached: the document is kept for keyword search and indexed for
        meaning once the model is back (reindex.index_missing)."""
        if self.embedder is None or not chunks:
            return None, ""
        vectors: list[list[float]] = []
        try:
            for start in range(0, len(chunks), EMBED_BATCH):
                ctx.progress(start, len(chunks), f"embedding {start} of {len(chunks)} passages")
                batch = [c.text for c in chunks[start : start + EMBED_BATCH]]
                vectors.extend(self.embedder.embed(batch))
        except Exception as exc:
            if not getattr(exc, "user_facing", False):
                raise
            return None, f"Not indexed for meaning yet: {exc}. Keyword search finds it."
        return vectors, ""

    # ---- the rest --------------------------------------------------------------------

    def documents(self, kind: str | None = None) -> list[DocumentInfo]:
        return self.store.documents(kind)

    def roles(self, document_id: int | None = None) -> list[StoredRole]:
        return self.store.roles(document_id)

    def forget(self, document_id: int) -> bool:
        """Delete a document everywhere (SQLite rows and its vectors)."""
        if not self.store.exists(document_id):  # a damaged, hidden one too
            return False
        self._remove(document_id)
        return True

    def _remove(self, document_id: int) -> None:
        # Hidden first, then its vectors, then its rows. Rows first left, after a kill
        # before the purge, vectors whose chunk ids the next document reuses (search mapped
        # them to its chunks); now a stopped removal is finished by the start-up sweep.
        chunk_ids = self.store.unready(document_id)
        if self._purge_vectors is not None:
            self._purge_vectors(chunk_ids)
        self.store.delete(document_id)
        self._keyword = None

    def search(self, query: str, k: int = 10) -> SearchResult:
        if self._keyword is None:
            self._keyword = KeywordIndex(self.store.chunks())
        return hybrid_search(
            query, self._keyword, vectors=self.vectors, embedder=self.embedder, k=k
        )


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(f"Unknown document kind {kind!r}: use cv, posting or note.")


def _new_role(role: Any) -> NewRole:
    return NewRole(
        company=visible_line(role.company),
        title=visible_line(role.title),
        location=getattr(role, "location", ""),
        start=_ymd(role.start),
        end=_ymd(role.end),
        current=role.current,
        bullets=tuple(role.bullets),
    )


def _cv_chunks(extracted: ExtractedText, structure: CvStructure) -> list[Chunk]:
    """Chunks labelled with their section and, for bullets, the role they belong to."""
    blocks = extracted.blocks
    section_of = [""] * len(blocks)
    for section in structure.sections:
        for index in range(section.start_block, min(section.end_block, len(blocks))):
            section_of[index] = section.kind
    role_of: list[int | None] = [None] * len(blocks)
    cursor = 0
    for role_index, role in enumerate(structure.roles):
        for bullet in role.bullets:
            wanted = _normal(bullet)
            for index in range(cursor, len(blocks)):
                if _normal(blocks[index].text) == wanted:
                    role_of[index] = role_index
                    cursor = index + 1
                    break
    chunks = chunk_blocks(blocks, section_of=section_of, role_of=role_of)
    headers = [
        Chunk(_role_header(role), "role", "experience", None, index)
        for index, role in enumerate(structure.roles)
    ]
    return headers + chunks


def _role_header(role: Any) -> str:
    start = f"{role.start.year}" if role.start else "?"
    end = "present" if role.current else (f"{role.end.year}" if role.end else "?")
    return f"{role.title} at {role.company} ({start} to {end})".strip()


def _posting_chunks(
    extracted: ExtractedText, requirements: dict[str, tuple[str, str, str]]
) -> list[Chunk]:
    chunks = []
    for chunk in chunk_blocks(extracted.blocks):
        requirement = requirements.get(_normal(chunk.text))
        if requirement is None:
            chunks.append(chunk)
        else:
            section = "must-have" if requirement[0] == "must" else "nice-to-have"
            chunks.append(Chunk(chunk.text, "requirement", section, chunk.page, None))
    return chunks
