"""Forward-only schema migrations, numbered by `PRAGMA user_version`.

Append a new entry to add a version; never edit one that has shipped. Free text
written by the candidate goes in BLOB columns through the text codec (see codec.py).
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the profile (one row).
    """
    CREATE TABLE profile (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        target_level  TEXT NOT NULL,
        track         TEXT NOT NULL,
        display_name  BLOB,
        updated_at    TEXT NOT NULL
    );
    """,
    # 2: the library. A document is visible only when status = 'ready': it is written
    # as 'ingesting' with its chunks in one transaction, its vectors are added, then it is
    # marked ready; a start-up sweep removes any 'ingesting' left by a crash or a kill.
    """
    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('cv', 'posting', 'note')),
        status        TEXT NOT NULL CHECK (status IN ('ingesting', 'ready')),
        content_hash  TEXT NOT NULL,
        source_format TEXT NOT NULL,
        pages         INTEGER,
        created_at    TEXT NOT NULL,
        title         BLOB,
        source_name   BLOB,
        company       BLOB,
        raw_text      BLOB NOT NULL,
        UNIQUE (kind, content_hash)
    );
    CREATE TABLE roles (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        start_year    INTEGER,
        start_month   INTEGER,
        end_year      INTEGER,
        end_month     INTEGER,
        current       INTEGER NOT NULL DEFAULT 0,
        edited        INTEGER NOT NULL DEFAULT 0,
        company       BLOB,
        title         BLOB,
        location      BLOB
    );
    CREATE TABLE role_bullets (
        id            INTEGER PRIMARY KEY,
        role_id       INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        text          BLOB NOT NULL
    );
    CREATE TABLE requirements (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('must', 'nice')),
        section       TEXT,
        text          BLOB NOT NULL
    );
    CREATE TABLE chunks (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        section       TEXT,
        role_id       INTEGER REFERENCES roles (id) ON DELETE SET NULL,
        page          INTEGER,
        text          BLOB NOT NULL
    );
    CREATE INDEX chunks_document ON chunks (document_id);
    CREATE INDEX roles_document ON roles (document_id);
    """,
)

LATEST_VERSION = len(MIGRATIONS)
