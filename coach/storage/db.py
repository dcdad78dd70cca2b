"""SQLite access: WAL journal, foreign keys, forward migrations, one connection per thread.

WAL lets the GUI thread read while a worker writes, and every committed answer
survives a crash or a kill. Each thread gets its own connection (sqlite3
connections must not be shared across threads without care); a background task's is
closed when the task ends (`release_thread`, called by the task runner), so pool threads
hold none between tasks; the rest are closed by `close()`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.errors import UserError
from coach.storage.codec import PlainCodec, TextCodec
from coach.storage.migrations import LATEST_VERSION, MIGRATIONS


class Database:
    def __init__(self, path: Path, codec: TextCodec | None = None) -> None:
        self.path = path
        self.codec: TextCodec = codec or PlainCodec()
        # Library documents holding a value that does not open (storage/damage.py): the
        # library's reads leave them out, so the rest of it stays usable.
        self.damaged_documents: frozenset[int] = frozenset()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=10.0, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"The database at {self.path} cannot be opened: {exc}.",
                hint="It may be damaged, or not a Loopcoach database.",
            ) from exc
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no commit
        # Deleted rows are zeroed, not left in free pages: a forgotten CV is gone from disk.
        conn.execute("PRAGMA secure_delete = ON")
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > LATEST_VERSION:
            raise UserError(
                f"This data folder was written by a newer Loopcoach (schema {version}; "
                f"this version knows up to {LATEST_VERSION}).",
                hint="Update Loopcoach, or point it at another data folder.",
            )
        for number in range(version + 1, LATEST_VERSION + 1):
            with self.transaction() as conn:
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._all)

    def release_thread(self) -> None:
        """Close this thread's connection, if it opened one; the next use opens a new one."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = None
        with self._lock:
            if conn in self._all:
                self._all.remove(conn)
        conn.close()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit early)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
