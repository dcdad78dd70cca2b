"""Stored values that no longer open: found when the folder is opened, named, set aside.

A sealed value altered on disk (one flipped bit is enough) fails its AES-GCM tag and
cannot be read with the folder's key. Rather than let the first command that meets it
stop with a cryptography error, every sealed value is tried once when the folder is
opened (`survey`; AES-GCM is fast: a library of 200 postings is a few hundredths of a
second) and each damaged one is named in a sentence a person can act on:

- a value of a library document (its title, file name, company or text, a passage, a
  role, a bullet, a requirement) hides that document: the library's reads leave it out
  (`Database.damaged_documents`), so the rest lists and searches as before, and
  `loopcoach forget ID` still deletes it;
- the display name reads as not set until it is set again;
- any other value (an answer, a draft, a story, a drill, a note, a transcript) raises a
  `CorruptValueError` naming it when something reads it (`NamingCodec`).

Nothing is rewritten: a damaged value is left as it is, so restoring the folder from a
backup archive, or a file put back, recovers it (the next survey then finds nothing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coach.storage.codec import CorruptValueError, TextCodec
from coach.storage.sealing import codec_columns

RESTORE = (
    "restore the folder from a backup archive (loopcoach backup import FILE --home NEW_FOLDER)"
)

# What a value is, in words, by table and column ("" for any column of the table).
_DOCUMENT_PARTS = {
    ("documents", "title"): "its title",
    ("documents", "source_name"): "its file name",
    ("documents", "company"): "its company",
    ("documents", "raw_text"): "its text",
    ("chunks", ""): "a passage",
    ("roles", ""): "a role",
    ("role_bullets", ""): "a bullet",
    ("requirements", ""): "a requirement",
}
_OTHER_PARTS = {
    "profile": "your display name",
    "refresh_turns": "a question or answer of a résumé refresh session",
    "refresh_drafts": "a drafted line of a résumé refresh session",
    "drills": "a drill",
    "drill_turns": "an answer in a drill",
    "drill_scores": "a drill's score",
    "drill_scenarios": "a saved drill scenario",
    "stories": "a story",
    "story_versions": "a version of a story",
    "opportunity_notes": "your notes on an opportunity",
    "deliveries": "a recording or its transcript",
}
_DOCUMENT_OF = {
    "documents": "SELECT id FROM documents WHERE rowid = ?",
    "chunks": "SELECT document_id FROM chunks WHERE rowid = ?",
    "roles": "SELECT document_id FROM roles WHERE rowid = ?",
    "requirements": "SELECT document_id FROM requirements WHERE rowid = ?",
    "role_bullets": "SELECT r.document_id FROM role_bullets b JOIN roles r ON r.id = b.role_id"
    " WHERE b.rowid = ?",
}


@dataclass(frozen=True)
class Damage:
    table: str
    column: str
    rowid: int
    document_id: int | None  # the library document the value belongs to, if any

    @property
    def part(self) -> str:
        """The value in words: "its title", "a passage", "your display name"."""
        return (
            _DOCUMENT_PARTS.get((self.table, self.column))
            or _DOCUMENT_PARTS.get((self.table, ""))
            or _OTHER_PARTS.get(self.table)
            or f"a stored value ({self.table})"
        )


def survey(conn: sqlite3.Connection, codec: TextCodec) -> list[Damage]:
    """Every stored value that `codec` cannot open."""
    found: list[Damage] = []
    for table, columns in codec_columns(conn).items():
        listed = ", ".join(f'"{c}"' for c in columns)
        for row in conn.execute(f'SELECT rowid, {listed} FROM "{table}"'):
            for column, value in zip(columns, row[1:], strict=True):
                if not isinstance(value, bytes):
                    continue  # NULL, or TEXT from before a column was sealed
                try:
                    codec.decode(value)
                except CorruptValueError:
                    found.append(
                        Damage(table, column, int(row[0]), _document_of(conn, table, row[0]))
                    )
    return found


def _document_of(conn: sqlite3.Connection, table: str, rowid: int) -> int | None:
    query = _DOCUMENT_OF.get(table)
    if query is None:
        return None
    row = conn.execute(query, (rowid,)).fetchone()
    return None if row is None else int(row[0])


def notices(damage: Sequence[Damage], conn: sqlite3.Connection, codec: TextCodec) -> list[str]:
    """One sentence per damaged document and per other damaged value, with the way out."""
    lines: list[str] = []
    by_document: dict[int, list[Damage]] = {}
    for item in damage:
        if item.document_id is not None:
            by_document.setdefault(item.document_id, []).append(item)
    for document_id, items in sorted(by_document.items()):
        parts = _joined(dict.fromkeys(item.part for item in items))
        lines.append(
            f"{_document_name(conn, codec, document_id)} is damaged: {parts} no longer "
            "opens with this folder's key (the file was altered or damaged on disk). It is "
            f"hidden and the rest of the library works; {RESTORE}, or delete it "
            f"(loopcoach forget {document_id}) and add its file again."
        )
    for item in damage:
        if item.document_id is None:
            lines.append(sentence(item) + " " + way_out(item))
    return lines


def sentence(item: Damage) -> str:
    what = item.part
    return f"{what[0].upper()}{what[1:]} is damaged: it no longer opens with this folder's key."


def way_out(item: Damage) -> str:
    if item.table == "profile":
        return f"Set it again (loopcoach profile --name NAME), or {RESTORE}."
    return f"Everything else opens as usual; to recover it, {RESTORE}."


def _document_name(conn: sqlite3.Connection, codec: TextCodec, document_id: int) -> str:
    row = conn.execute(
        "SELECT kind, title, created_at FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        return f"Document #{document_id}"
    kind, title, created = row
    try:
        if title is not None:
            return f"Document #{document_id} “{codec.decode(title)}” (a {kind})"
    except CorruptValueError:
        pass
    return f"Document #{document_id} (a {kind}, added {str(created)[:10]})"


def _joined(parts: Iterable[str]) -> str:
    items = list(parts)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class NamingCodec:
    """A codec that, when a value fails to open, says which one it is (from the survey)."""

    def __init__(
        self, inner: TextCodec, damage: Sequence[Damage], conn: sqlite3.Connection
    ) -> None:
        self.inner = inner
        self._named: dict[bytes, Damage] = {}
        for item in damage:
            row = conn.execute(
                f'SELECT "{item.column}" FROM "{item.table}" WHERE rowid = ?', (item.rowid,)
            ).fetchone()
            if row is not None and isinstance(row[0], bytes):
                self._named[row[0]] = item

    def encode(self, text: str) -> bytes:
        return self.inner.encode(text)

    def fingerprint(self, text: str) -> str:
        return self.inner.fingerprint(text)

    def decode(self, blob: bytes | None) -> str:
        try:
            return self.inner.decode(blob)
        except CorruptValueError as exc:
            item = self._named.get(bytes(blob or b""))
            if item is None:
                raise
            raise CorruptValueError(sentence(item), hint=way_out(item)) from exc
