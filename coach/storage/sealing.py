"""Sealing a database's values under a data key, and re-sealing them under a new one.

Every BLOB column is a codec column (migrations.py keeps to that), so the columns to
seal are found from the schema itself: a table added later is covered without a list
to keep in step. One transaction re-encodes every value, recomputes the documents'
fingerprints and records the new key's id, so a kill leaves either the old key's
database or the new key's, never a mix.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from coach.storage.codec import PLAIN_FORMAT, TextCodec
from coach.storage.db import Database


def sealed_key_id(db: Database) -> str | None:
    """The id of the key the values are sealed under; None while they are still plain."""
    row = db.conn.execute("SELECT key_id FROM encryption WHERE id = 1").fetchone()
    return None if row is None else str(row[0])


def codec_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table's BLOB columns, from the live schema."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    columns: dict[str, list[str]] = {}
    for table in tables:
        blobs = [
            row[1]
            for row in conn.execute(f'PRAGMA table_info("{table}")')
            if str(row[2]).upper() == "BLOB"
        ]
        if blobs:
            columns[table] = blobs
    return columns


def _decoded(value: str | bytes, old: TextCodec) -> str:
    # Rows written before a column went through the codec hold TEXT (see migration 5).
    if isinstance(value, str):
        return value
    return old.decode(bytes(value))


def reseal(db: Database, *, old: TextCodec, new: TextCodec, key_id: str) -> int:
    """Re-encode every stored value from `old` to `new` and record `key_id`; returns the
    number of values written. The caller swaps `db.codec` once this returns."""
    written = 0
    with db.transaction() as conn:
        # Fingerprints first: they are computed from the text before it is re-encoded.
        fingerprints = [
            (new.fingerprint(_decoded(raw_text, old)), document_id)
            for document_id, raw_text in conn.execute("SELECT id, raw_text FROM documents")
        ]
        conn.executemany("UPDATE documents SET content_hash = ? WHERE id = ?", fingerprints)
        for table, columns in codec_columns(conn).items():
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(f'SELECT rowid, {listed} FROM "{table}"').fetchall()
            assignments = ", ".join(f'"{c}" = ?' for c in columns)
            for row in rows:
                values = [
                    None if value is None else new.encode(_decoded(value, old)) for value in row[1:]
                ]
                conn.execute(
                    f'UPDATE "{table}" SET {assignments} WHERE rowid = ?', (*values, row[0])
                )
                written += sum(value is not None for value in values)
        conn.execute(
            "INSERT OR REPLACE INTO encryption (id, key_id, sealed_at) VALUES (1, ?, ?)",
            (key_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
        )
    return written


def plain_values(db: Database) -> int:
    """How many stored values are not sealed (plain format byte, or TEXT)."""
    count = 0
    conn = db.conn
    for table, columns in codec_columns(conn).items():
        for column in columns:
            count += conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL AND '
                f'(typeof("{column}") != \'blob\' OR substr("{column}", 1, 1) = ?)',
                (bytes([PLAIN_FORMAT]),),
            ).fetchone()[0]
    return count


def scrub(db: Database) -> None:
    """Rewrite the file without free pages and empty the WAL, so no value from before a
    (re)sealing survives on disk. Must run outside a transaction."""
    conn = db.conn
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
