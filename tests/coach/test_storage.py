from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from coach.errors import UserError
from coach.storage.codec import CorruptValueError, PlainCodec
from coach.storage.db import Database
from coach.storage.migrations import LATEST_VERSION


def test_new_database_is_wal_and_migrated(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.schema_version == LATEST_VERSION
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert "profile" in tables
    assert db.integrity_ok()
    db.close()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    Database(path).close()
    db = Database(path)
    assert db.schema_version == LATEST_VERSION
    db.close()


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(UserError, match="newer Loopcoach"):
        Database(path)


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="cannot be opened"):
        Database(path)


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO profile VALUES (1, 'staff', 'sre', NULL, '2026-01-01T00:00:00Z')")
        raise RuntimeError("boom")
    assert db.conn.execute("SELECT COUNT(*) FROM profile").fetchone()[0] == 0
    db.close()


def test_each_thread_gets_its_own_connection_and_sees_commits(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    seen: list[object] = []

    def writer() -> None:
        seen.append(db.conn)
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO profile VALUES (1, 'staff', 'sre', NULL, '2026-01-01T00:00:00Z')"
            )

    thread = threading.Thread(target=writer)
    thread.start()
    thread.join()
    assert seen[0] is not db.conn
    assert db.conn.execute("SELECT track FROM profile").fetchone()[0] == "sre"
    db.close()


def test_plain_codec_round_trips_and_marks_its_format() -> None:
    codec = PlainCodec()
    for text in ("", "Led the migration of 15 services", "Ünïcødé – ✓"):
        blob = codec.encode(text)
        assert blob[0] == 0x00
        assert codec.decode(blob) == text
    assert codec.decode(None) == ""


@pytest.mark.parametrize("blob", [b"", b"\x01encrypted?", b"\x7fjunk"])
def test_plain_codec_refuses_values_it_cannot_read(blob: bytes) -> None:
    with pytest.raises(CorruptValueError):
        PlainCodec().decode(blob)


def test_schema_4_refresh_turns_survive_the_rebuild_of_schema_5(tmp_path: Path) -> None:
    """A database written at schema 4 keeps its refresh turns, plain-text notes included."""
    from coach.storage.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    conn.executescript(
        """
        INSERT INTO documents (id, kind, content_hash, source_format, raw_text, status, created_at)
            VALUES (1, 'cv', 'h', 'md', X'00', 'ready', 'now');
        INSERT INTO roles (id, document_id, ordinal) VALUES (1, 1, 0);
        INSERT INTO refresh_sessions (id, role_id, target_level, status, created_at, updated_at)
            VALUES (1, 1, 'staff', 'asking', 'now', 'now');
        INSERT INTO refresh_turns (session_id, ordinal, aspect, asked_by, note, question)
            VALUES (1, 0, 'scope', 'bank', 'The model could not word it.', X'0048693f');
        PRAGMA user_version = 4;
        """
    )
    conn.close()
    db = Database(path)
    try:
        assert db.schema_version == LATEST_VERSION
        from coach.refresh.store import RefreshStore

        (turn,) = RefreshStore(db).turns(1)
        assert (turn.question, turn.note, turn.asked_by) == (
            "Hi?",
            "The model could not word it.",
            "bank",
        )
        assert db.integrity_ok()
    finally:
        db.close()
