"""What the candidate knows of a company, typed in (the app stays offline)."""

from __future__ import annotations

import datetime as dt

from coach.storage.db import Database

# A page of notes is a few kilobytes; this bounds a paste of a whole web page by mistake.
MAX_NOTES_CHARS = 20_000


class NotesStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, document_id: int) -> str:
        row = self._db.conn.execute(
            "SELECT notes FROM opportunity_notes WHERE document_id = ?", (document_id,)
        ).fetchone()
        return "" if row is None else self._db.codec.decode(row[0])

    def save(self, document_id: int, notes: str) -> None:
        """Replace the notes; empty notes remove the row."""
        with self._db.transaction() as conn:
            if not notes.strip():
                conn.execute("DELETE FROM opportunity_notes WHERE document_id = ?", (document_id,))
                return
            conn.execute(
                "INSERT INTO opportunity_notes (document_id, updated_at, notes) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id) DO UPDATE SET updated_at = excluded.updated_at, "
                "notes = excluded.notes",
                (
                    document_id,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    self._db.codec.encode(notes),
                ),
            )
