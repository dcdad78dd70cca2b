"""SQLite side of the library: documents, roles and bullets, requirements, chunks.

Candidate text goes through the database's codec (BLOB columns); a document is written
in one transaction as 'ingesting' and shown only once marked 'ready'.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from coach.library.chunking import Chunk
from coach.storage.db import Database


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    kind: str
    title: str
    source_name: str
    source_format: str
    company: str
    pages: int | None
    created_at: str
    chunks: int


@dataclass(frozen=True)
class StoredRole:
    id: int
    document_id: int
    ordinal: int
    company: str
    title: str
    location: str
    start: tuple[int, int | None] | None  # (year, month)
    end: tuple[int, int | None] | None
    current: bool
    edited: bool
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class NewRole:
    company: str
    title: str
    location: str
    start: tuple[int, int | None] | None
    end: tuple[int, int | None] | None
    current: bool
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class NewDocument:
    kind: str
    content_hash: str
    source_format: str
    raw_text: str
    title: str = ""
    source_name: str = ""
    company: str = ""
    pages: int | None = None
    roles: Sequence[NewRole] = ()
    requirements: Sequence[tuple[str, str, str]] = ()  # (kind, section, text)
    chunks: Sequence[Chunk] = ()


@dataclass(frozen=True)
class StoredChunk:
    id: int
    document_id: int
    kind: str
    section: str
    page: int | None
    text: str
    role_id: int | None


# Leaves out documents holding a damaged value (coach/storage/damage.py); the parameter
# is the JSON list from `_hidden()`.
_NOT_HIDDEN = "{} NOT IN (SELECT value FROM json_each(?))"


class LibraryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _hidden(self) -> str:
        return json.dumps(sorted(self._db.damaged_documents))

    def exists(self, document_id: int) -> bool:
        """A ready document, readable or damaged (a damaged one can still be deleted)."""
        row = self._db.conn.execute(
            "SELECT 1 FROM documents WHERE id = ? AND status = 'ready'", (document_id,)
        ).fetchone()
        return row is not None

    # ---- writing ---------------------------------------------------------------------

    def fingerprint(self, text: str) -> str:
        """The de-duplication hash of a document's text (keyed when the data is sealed)."""
        return self._db.codec.fingerprint(text)

    def find_by_hash(self, kind: str, content_hash: str) -> int | None:
        row = self._db.conn.execute(
            "SELECT id FROM documents WHERE kind = ? AND content_hash = ? AND status = 'ready'"
            " AND " + _NOT_HIDDEN.format("id"),
            (kind, content_hash, self._hidden()),
        ).fetchone()
        return None if row is None else int(row[0])

    def insert(self, doc: NewDocument) -> tuple[int, list[int]]:
        """Write the document as 'ingesting' with everything it holds; returns its id and
        its chunk ids in order. Nothing of it is visible until `mark_ready`."""
        enc = self._db.codec.encode
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._db.transaction() as conn:
            cursor = conn.execute(
                """INSERT INTO documents (kind, status, content_hash, source_format, pages,
                       created_at, title, source_name, company, raw_text)
                   VALUES (?, 'ingesting', ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    doc.kind,
                    doc.content_hash,
                    doc.source_format,
                    doc.pages,
                    now,
                    enc(doc.title),
                    enc(doc.source_name),
                    enc(doc.company),
                    enc(doc.raw_text),
                ),
            )
            document_id = int(cursor.lastrowid or 0)
            role_ids = [
                self._insert_role(conn, document_id, ordinal, role)
                for ordinal, role in enumerate(doc.roles)
            ]
            for ordinal, (kind, section, text) in enumerate(doc.requirements):
                conn.execute(
                    """INSERT INTO requirements (document_id, ordinal, kind, section, text)
                       VALUES (?, ?, ?, ?, ?)""",
                    (document_id, ordinal, kind, section, enc(text)),
                )
            chunk_ids = []
            for ordinal, chunk in enumerate(doc.chunks):
                role_id = role_ids[chunk.role_index] if chunk.role_index is not None else None
                cursor = conn.execute(
                    """INSERT INTO chunks (document_id, ordinal, kind, section, role_id, page, text)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (
                        document_id,
                        ordinal,
                        chunk.kind,
                        chunk.section,
                        role_id,
                        chunk.page,
                        enc(chunk.text),
                    ),
                )
                chunk_ids.append(int(cursor.lastrowid or 0))
        return document_id, chunk_ids

    def _insert_role(self, conn, document_id: int, ordinal: int, role: NewRole) -> int:  # type: ignore[no-untyped-def]
        cursor = conn.execute(
            """INSERT INTO roles (document_id, ordinal, start_year, start_month, end_year,
                   end_month, current, company, title, location)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (document_id, ordinal, *self._role_values(role)),
        )
        role_id = int(cursor.lastrowid or 0)
        self._write_bullets(conn, role_id, role.bullets)
        return role_id

    def _role_values(self, role: NewRole) -> tuple[object, ...]:
        """The role's columns from start_year to location, text through the codec."""
        enc = self._db.codec.encode
        start = role.start or (None, None)
        end = role.end or (None, None)
        return (
            start[0],
            start[1],
            end[0],
            end[1],
            int(role.current),
            enc(role.company),
            enc(role.title),
            enc(role.location),
        )

    def _write_bullets(self, conn, role_id: int, bullets: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
        enc = self._db.codec.encode
        conn.execute("DELETE FROM role_bullets WHERE role_id = ?", (role_id,))
        conn.executemany(
            "INSERT INTO role_bullets (role_id, ordinal, text) VALUES (?, ?, ?)",
            [(role_id, index, enc(bullet)) for index, bullet in enumerate(bullets)],
        )

    def add_requirements(
        self, document_id: int, requirements: Sequence[tuple[str, str, str]]
    ) -> None:
        """Append (kind, section, text) requirements to a document, after its own."""
        enc = self._db.codec.encode
        with self._db.transaction() as conn:
            (start,) = conn.execute(
                "SELECT COALESCE(MAX(ordinal), -1) + 1 FROM requirements WHERE document_id = ?",
                (document_id,),
            ).fetchone()
            conn.executemany(
                """INSERT INTO requirements (document_id, ordinal, kind, section, text)
                   VALUES (?, ?, ?, ?, ?)""",
                [
                    (document_id, start + offset, kind, section, enc(text))
                    for offset, (kind, section, text) in enumerate(requirements)
                ],
            )

    def mark_ready(self, document_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE documents SET status = 'ready' WHERE id = ?", (document_id,))

    def unready(self, document_id: int) -> list[int]:
        """Hide a document on its way out: back to 'ingesting', so that if a crash or a
        kill stops its removal, the start-up sweep finishes it. Returns its chunk ids."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE documents SET status = 'ingesting' WHERE id = ?", (document_id,))
            ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM chunks WHERE document_id = ?", (document_id,)
                )
            ]
        return ids

    def delete(self, document_id: int) -> list[int]:
        """Remove a document and all it holds; returns the chunk ids (for the vectors)."""
        with self._db.transaction() as conn:
            ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM chunks WHERE document_id = ?", (document_id,)
                )
            ]
            conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        return ids

    def unfinished(self) -> list[int]:
        """Documents a crash or a kill left half-written."""
        rows = self._db.conn.execute("SELECT id FROM documents WHERE status = 'ingesting'")
        return [int(row[0]) for row in rows]

    def update_role(self, role_id: int, role: NewRole) -> None:
        """The candidate's correction of a parsed role; it is kept as edited."""
        with self._db.transaction() as conn:
            conn.execute(
                """UPDATE roles SET start_year = ?, start_month = ?, end_year = ?, end_month = ?,
                       current = ?, company = ?, title = ?, location = ?, edited = 1
                   WHERE id = ?""",
                (*self._role_values(role), role_id),
            )
            self._write_bullets(conn, role_id, role.bullets)

    # ---- reading ---------------------------------------------------------------------

    def documents(self, kind: str | None = None) -> list[DocumentInfo]:
        dec = self._db.codec.decode
        rows = self._db.conn.execute(
            """SELECT d.id, d.kind, d.title, d.source_name, d.source_format, d.company, d.pages,
                      d.created_at, (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id)
               FROM documents d WHERE d.status = 'ready' AND (? IS NULL OR d.kind = ?)
                 AND """
            + _NOT_HIDDEN.format("d.id")
            + " ORDER BY d.id",
            (kind, kind, self._hidden()),
        )
        return [
            DocumentInfo(
                id=row[0],
                kind=row[1],
                title=dec(row[2]),
                source_name=dec(row[3]),
                source_format=row[4],
                company=dec(row[5]),
                pages=row[6],
                created_at=row[7],
                chunks=row[8],
            )
            for row in rows
        ]

    def document_text(self, document_id: int) -> str:
        row = self._db.conn.execute(
            "SELECT raw_text FROM documents WHERE id = ? AND status = 'ready' AND "
            + _NOT_HIDDEN.format("id"),
            (document_id, self._hidden()),
        ).fetchone()
        return "" if row is None else self._db.codec.decode(row[0])

    def roles(self, document_id: int | None = None) -> list[StoredRole]:
        dec = self._db.codec.decode
        rows = self._db.conn.execute(
            """SELECT r.id, r.document_id, r.ordinal, r.company, r.title, r.location,
                      r.start_year, r.start_month, r.end_year, r.end_month, r.current, r.edited
               FROM roles r JOIN documents d ON d.id = r.document_id
               WHERE d.status = 'ready' AND (? IS NULL OR r.document_id = ?) AND """
            + _NOT_HIDDEN.format("d.id")
            + " ORDER BY r.document_id, r.ordinal",
            (document_id, document_id, self._hidden()),
        ).fetchall()
        bullets: dict[int, list[str]] = {}
        for role_id, text in self._db.conn.execute(
            "SELECT b.role_id, b.text FROM role_bullets b JOIN roles r ON r.id = b.role_id"
            " WHERE " + _NOT_HIDDEN.format("r.document_id") + " ORDER BY b.role_id, b.ordinal",
            (self._hidden(),),
        ):
            bullets.setdefault(role_id, []).append(dec(text))
        return [
            StoredRole(
                id=row[0],
                document_id=row[1],
                ordinal=row[2],
                company=dec(row[3]),
                title=dec(row[4]),
                location=dec(row[5]),
                start=(row[6], row[7]) if row[6] is not None else None,
                end=(row[8], row[9]) if row[8] is not None else None,
                current=bool(row[10]),
                edited=bool(row[11]),
                bullets=tuple(bullets.get(row[0], ())),
            )
            for row in rows
        ]

    def requirements(self, document_id: int) -> list[tuple[str, str, str]]:
        dec = self._db.codec.decode
        rows = self._db.conn.execute(
            "SELECT kind, section, text FROM requirements WHERE document_id = ? AND "
            + _NOT_HIDDEN.format("document_id")
            + " ORDER BY ordinal",
            (document_id, self._hidden()),
        )
        return [(row[0], row[1] or "", dec(row[2])) for row in rows]

    def chunks(self, document_id: int | None = None) -> list[StoredChunk]:
        """Every chunk of every ready document (or of one), in document order."""
        dec = self._db.codec.decode
        rows = self._db.conn.execute(
            """SELECT c.id, c.document_id, c.kind, c.section, c.page, c.text, c.role_id
               FROM chunks c JOIN documents d ON d.id = c.document_id
               WHERE d.status = 'ready' AND (? IS NULL OR c.document_id = ?) AND """
            + _NOT_HIDDEN.format("d.id")
            + " ORDER BY c.document_id, c.ordinal",
            (document_id, document_id, self._hidden()),
        )
        return [
            StoredChunk(row[0], row[1], row[2], row[3] or "", row[4], dec(row[5]), row[6])
            for row in rows
        ]
