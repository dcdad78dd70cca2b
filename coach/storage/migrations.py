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
    # 3: résumé refresh. A turn's question is committed before it is shown and its
    # answer before any model call, so a restart resumes at the same question. A draft
    # line replaces an original bullet (original set), adds one (original NULL) or is a
    # STAR story (kind 'story', text holds its JSON). Recency choices are per role.
    """
    CREATE TABLE refresh_sessions (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a late task
                                                          -- result must not hit a new session
        role_id       INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        target_level  TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('asking', 'drafting', 'reviewing')),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX refresh_sessions_role ON refresh_sessions (role_id);
    CREATE TABLE refresh_turns (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES refresh_sessions (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        aspect        TEXT NOT NULL,
        asked_by      TEXT NOT NULL CHECK (asked_by IN ('model', 'bank')),
        question_id   TEXT,
        note          TEXT,
        question      BLOB NOT NULL,
        answer        BLOB,
        answered_at   TEXT,
        skipped       INTEGER NOT NULL DEFAULT 0,
        audio_path    BLOB,
        UNIQUE (session_id, ordinal)
    );
    CREATE TABLE refresh_drafts (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES refresh_sessions (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('bullet', 'story')),
        author        TEXT NOT NULL,
        status        TEXT NOT NULL
                      CHECK (status IN ('pending', 'accepted', 'edited', 'rejected')),
        confirmed     INTEGER NOT NULL DEFAULT 0,
        replaces      INTEGER,
        original      BLOB,
        text          BLOB NOT NULL,
        final         BLOB
    );
    CREATE INDEX refresh_drafts_session ON refresh_drafts (session_id);
    CREATE TABLE role_recency (
        role_id       INTEGER PRIMARY KEY REFERENCES roles (id) ON DELETE CASCADE,
        choice        TEXT NOT NULL CHECK (choice IN ('full', 'one-line', 'earlier', 'drop'))
    );
    """,
    # 4: mock rounds ("drills"). A drill keeps a snapshot of its scenario (JSON) so it
    # reads the same after the bank changes or a generated scenario is deleted. Each
    # turn is committed on its own: an answer is on disk before any model call. Scores
    # are one row per reward; `score_runs` keeps each repeat scoring's numbers (JSON)
    # so the spread can be shown. Generated scenarios are JSON in a BLOB: posting-
    # derived text goes through the codec like the candidate's own words.
    """
    CREATE TABLE drills (
        id            INTEGER PRIMARY KEY,
        scenario_id   TEXT NOT NULL,
        round         TEXT NOT NULL,
        level         TEXT NOT NULL,
        track         TEXT NOT NULL,
        time_limit_s  INTEGER NOT NULL DEFAULT 0 CHECK (time_limit_s >= 0),
        status        TEXT NOT NULL CHECK (status IN ('active', 'scored')),
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        scorer        TEXT,
        score_runs    TEXT,
        score_note    BLOB,
        scenario      BLOB NOT NULL
    );
    CREATE INDEX drills_scenario ON drills (scenario_id);
    CREATE TABLE drill_turns (
        id            INTEGER PRIMARY KEY,
        drill_id      INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        speaker       TEXT NOT NULL CHECK (speaker IN ('interviewer', 'candidate', 'fact')),
        source        TEXT NOT NULL,
        aim           TEXT,
        created_at    TEXT NOT NULL,
        text          BLOB NOT NULL,
        note          BLOB,
        audio_path    BLOB,
        UNIQUE (drill_id, ordinal)
    );
    CREATE TABLE drill_scores (
        drill_id      INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        reward        TEXT NOT NULL,
        score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
        spread        REAL NOT NULL DEFAULT 0,
        uncertain     INTEGER NOT NULL DEFAULT 0,
        evidence      BLOB NOT NULL,
        rationale     BLOB NOT NULL,
        PRIMARY KEY (drill_id, reward)
    );
    CREATE TABLE drill_scenarios (
        id            TEXT PRIMARY KEY,
        round         TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        author        TEXT NOT NULL,
        data          BLOB NOT NULL
    );
    """,
    # 5: the story bank and per-opportunity notes. A story is a row plus its versions:
    # every edit adds a version (JSON in a BLOB: title, STAR parts, learning, competencies,
    # linked roles), the newest is the story. A story taken from the refresh loop keeps
    # the draft's id so it is taken once; no foreign key, since a redraft deletes drafts
    # and the story must outlive them. Notes are what the candidate knows of a company.
    """
    CREATE TABLE stories (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        origin          TEXT NOT NULL CHECK (origin IN ('refresh', 'hand', 'dictation')),
        origin_draft_id INTEGER UNIQUE,
        created_at      TEXT NOT NULL
    );
    CREATE TABLE story_versions (
        story_id      INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        version       INTEGER NOT NULL CHECK (version >= 1),
        created_at    TEXT NOT NULL,
        data          BLOB NOT NULL,
        PRIMARY KEY (story_id, version)
    );
    CREATE TABLE opportunity_notes (
        document_id   INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        updated_at    TEXT NOT NULL,
        notes         BLOB NOT NULL
    );
    -- Prep puts questions to the refresh loop ('prep'), and their note names the posting,
    -- so the note goes through the codec from now on (BLOB; older rows keep plain text).
    -- SQLite cannot alter a CHECK: the table is rebuilt and its rows copied.
    CREATE TABLE refresh_turns_v5 (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES refresh_sessions (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        aspect        TEXT NOT NULL,
        asked_by      TEXT NOT NULL CHECK (asked_by IN ('model', 'bank', 'prep')),
        question_id   TEXT,
        note          BLOB,
        question      BLOB NOT NULL,
        answer        BLOB,
        answered_at   TEXT,
        skipped       INTEGER NOT NULL DEFAULT 0,
        audio_path    BLOB,
        UNIQUE (session_id, ordinal)
    );
    INSERT INTO refresh_turns_v5 SELECT id, session_id, ordinal, aspect, asked_by,
        question_id, note, question, answer, answered_at, skipped, audio_path
        FROM refresh_turns;
    DROP TABLE refresh_turns;
    ALTER TABLE refresh_turns_v5 RENAME TO refresh_turns;
    """,
    # 6: delivery of dictated answers (pace, fillers, pauses), kept to show progress
    # over time. The recording's path and the timed transcript (JSON) go through the
    # codec; `metrics` is JSON of numbers only (fillers by their index in FILLER_WORDS),
    # so history reads without decoding any of the candidate's words.
    """
    CREATE TABLE deliveries (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at    TEXT NOT NULL,
        context       TEXT NOT NULL,
        audio_path    BLOB,
        transcript    BLOB NOT NULL,
        metrics       TEXT NOT NULL
    );
    """,
    # 7: encryption at rest. Every BLOB column is sealed under the folder's data key;
    # this row names that key (its id, never the key) and is written in the same
    # transaction that seals or re-seals the values, so after a crash the key file and
    # the database always agree on which key opens it (see sealing.py). No row: the
    # values are still plain (a folder from before encryption) and get sealed on open.
    """
    CREATE TABLE encryption (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        key_id        TEXT NOT NULL,
        sealed_at     TEXT NOT NULL
    );
    """,
    # 8: a transcribed recording is sealed under a key of its own (see
    # coach/delivery/sealed_audio.py); that key is kept here through the codec, so it is
    # re-sealed with everything else when the data key rotates.
    """
    ALTER TABLE deliveries ADD COLUMN audio_key BLOB;
    """,
)

LATEST_VERSION = len(MIGRATIONS)
