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
)

LATEST_VERSION = len(MIGRATIONS)
