"""SQLite side of résumé refresh: sessions, turns, draft lines and recency choices.

Every write is its own committed transaction: a question is on disk before it is
shown, an answer before the next model call starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coach.refresh.records import (
    DraftLine,
    DraftStatus,
    RecencyChoice,
    SessionInfo,
    SessionStatus,
    Turn,
)
from coach.storage.codec import TextCodec
from coach.storage.db import Database


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class NewDraft:
    kind: str
    author: str
    text: str
    replaces: int | None = None
    original: str | None = None


_TURN_COLUMNS = (
    "id, ordinal, aspect, asked_by, question_id, note, question, answer, skipped, audio_path"
)
_DRAFT_COLUMNS = "id, ordinal, kind, author, status, confirmed, replaces, original, text, final"


class RefreshStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _codec(self) -> TextCodec:
        # Read at each use: rotating the data key swaps the database's codec.
        return self._db.codec

    def _text(self, value: bytes | None) -> str | None:
        return None if value is None else self._codec.decode(value)

    def _note(self, value: bytes | str | None) -> str:
        # Notes written before schema 5 are plain text; later ones go through the codec.
        if isinstance(value, str):
            return value
        return "" if value is None else self._codec.decode(value)

    # ---- sessions -------------------------------------------------------------------

    def open_session(self, role_id: int) -> SessionInfo | None:
        row = self._db.conn.execute(
            "SELECT id, role_id, target_level, status, created_at, updated_at "
            "FROM refresh_sessions WHERE role_id = ? ORDER BY id DESC LIMIT 1",
            (role_id,),
        ).fetchone()
        return None if row is None else _session(row)

    def session(self, session_id: int) -> SessionInfo:
        row = self._db.conn.execute(
            "SELECT id, role_id, target_level, status, created_at, updated_at "
            "FROM refresh_sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        if row is None:
            raise KeyError(session_id)
        return _session(row)

    def counts(self, session_id: int) -> tuple[int, int]:
        """(answers given, drafts still pending), without decoding any text."""
        row = self._db.conn.execute(
            "SELECT (SELECT COUNT(*) FROM refresh_turns WHERE session_id = ?1 "
            "AND answer IS NOT NULL), (SELECT COUNT(*) FROM refresh_drafts WHERE "
            "session_id = ?1 AND status = 'pending')",
            (session_id,),
        ).fetchone()
        return int(row[0]), int(row[1])

    def sessions(self) -> list[SessionInfo]:
        rows = self._db.conn.execute(
            "SELECT id, role_id, target_level, status, created_at, updated_at "
            "FROM refresh_sessions ORDER BY id"
        ).fetchall()
        return [_session(row) for row in rows]

    def create_session(self, role_id: int, target_level: str) -> SessionInfo:
        now = _now()
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO refresh_sessions (role_id, target_level, status, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?)",
                (role_id, target_level, SessionStatus.ASKING.value, now, now),
            )
        return self.session(int(cursor.lastrowid or 0))

    def set_status(self, session_id: int, status: SessionStatus) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE refresh_sessions SET status = ?, updated_at = ? WHERE id = ?",
                (status.value, _now(), session_id),
            )

    def delete_session(self, session_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM refresh_sessions WHERE id = ?", (session_id,))

    # ---- turns ----------------------------------------------------------------------

    def turns(self, session_id: int) -> list[Turn]:
        rows = self._db.conn.execute(
            f"SELECT {_TURN_COLUMNS} FROM refresh_turns WHERE session_id = ? ORDER BY ordinal",
            (session_id,),
        ).fetchall()
        return [
            Turn(
                id=row[0],
                ordinal=row[1],
                aspect=row[2],
                asked_by=row[3],
                question_id=row[4],
                note=self._note(row[5]),
                question=self._codec.decode(row[6]),
                answer=self._text(row[7]),
                skipped=bool(row[8]),
                audio_path=self._text(row[9]),
            )
            for row in rows
        ]

    def add_turn(
        self,
        session_id: int,
        *,
        aspect: str,
        asked_by: str,
        question: str,
        question_id: str | None = None,
        note: str = "",
    ) -> bool:
        """Add a waiting question; False (nothing written) when the session stopped asking
        meanwhile, e.g. the candidate chose to draft while the question was being worded."""
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT status FROM refresh_sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None or row[0] != SessionStatus.ASKING.value:
                return False
            (ordinal,) = conn.execute(
                "SELECT COALESCE(MAX(ordinal), -1) + 1 FROM refresh_turns WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO refresh_turns (session_id, ordinal, aspect, asked_by, question_id, "
                "note, question) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    ordinal,
                    aspect,
                    asked_by,
                    question_id,
                    self._codec.encode(note) if note else None,
                    self._codec.encode(question),
                ),
            )
            self._touch(conn, session_id)
        return True

    def answer_turn(
        self, turn_id: int, session_id: int, answer: str | None, *, audio_path: str | None = None
    ) -> None:
        """Record an answer (None: skipped) for a turn that has none yet."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE refresh_turns SET answer = ?, skipped = ?, answered_at = ?, "
                "audio_path = ? WHERE id = ? AND answer IS NULL AND skipped = 0",
                (
                    None if answer is None else self._codec.encode(answer),
                    int(answer is None),
                    _now(),
                    None if audio_path is None else self._codec.encode(audio_path),
                    turn_id,
                ),
            )
            self._touch(conn, session_id)

    def drop_pending_turns(self, session_id: int) -> None:
        """Questions never answered are not history: forget them when the asking ends."""
        with self._db.transaction() as conn:
            conn.execute(
                "DELETE FROM refresh_turns WHERE session_id = ? AND answer IS NULL "
                "AND skipped = 0",
                (session_id,),
            )

    # ---- drafts ---------------------------------------------------------------------

    def drafts(self, session_id: int) -> list[DraftLine]:
        rows = self._db.conn.execute(
            f"SELECT {_DRAFT_COLUMNS} FROM refresh_drafts WHERE session_id = ? ORDER BY ordinal",
            (session_id,),
        ).fetchall()
        return [self._draft(row) for row in rows]

    def draft(self, draft_id: int) -> DraftLine:
        row = self._db.conn.execute(
            f"SELECT {_DRAFT_COLUMNS} FROM refresh_drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        if row is None:
            raise KeyError(draft_id)
        return self._draft(row)

    def draft_session(self, draft_id: int) -> int:
        row = self._db.conn.execute(
            "SELECT session_id FROM refresh_drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        if row is None:
            raise KeyError(draft_id)
        return int(row[0])

    def _draft(self, row: Sequence[object]) -> DraftLine:
        return DraftLine(
            id=int(row[0]),  # type: ignore[call-overload]
            ordinal=int(row[1]),  # type: ignore[call-overload]
            kind=str(row[2]),
            author=str(row[3]),
            status=DraftStatus(row[4]),
            confirmed=bool(row[5]),
            replaces=None if row[6] is None else int(row[6]),  # type: ignore[call-overload]
            original=self._text(row[7]),  # type: ignore[arg-type]
            text=self._codec.decode(row[8]),  # type: ignore[arg-type]
            final=self._text(row[9]),  # type: ignore[arg-type]
        )

    def replace_drafts(self, session_id: int, drafts: Sequence[NewDraft]) -> None:
        """Swap the session's drafts for a new set and move it to reviewing, atomically."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM refresh_drafts WHERE session_id = ?", (session_id,))
            for ordinal, draft in enumerate(drafts):
                conn.execute(
                    "INSERT INTO refresh_drafts (session_id, ordinal, kind, author, status, "
                    "replaces, original, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        session_id,
                        ordinal,
                        draft.kind,
                        draft.author,
                        DraftStatus.PENDING.value,
                        draft.replaces,
                        None if draft.original is None else self._codec.encode(draft.original),
                        self._codec.encode(draft.text),
                    ),
                )
            conn.execute(
                "UPDATE refresh_sessions SET status = ?, updated_at = ? WHERE id = ?",
                (SessionStatus.REVIEWING.value, _now(), session_id),
            )

    def decide(
        self, draft_id: int, status: DraftStatus, *, final: str | None, confirmed: bool
    ) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE refresh_drafts SET status = ?, final = ?, confirmed = ? WHERE id = ?",
                (
                    status.value,
                    None if final is None else self._codec.encode(final),
                    int(confirmed),
                    draft_id,
                ),
            )

    # ---- recency --------------------------------------------------------------------

    def recency_choices(self) -> dict[int, RecencyChoice]:
        rows = self._db.conn.execute("SELECT role_id, choice FROM role_recency").fetchall()
        return {int(role_id): RecencyChoice(choice) for role_id, choice in rows}

    def set_recency(self, role_id: int, choice: RecencyChoice) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO role_recency (role_id, choice) VALUES (?, ?) "
                "ON CONFLICT (role_id) DO UPDATE SET choice = excluded.choice",
                (role_id, choice.value),
            )

    @staticmethod
    def _touch(conn, session_id: int) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            "UPDATE refresh_sessions SET updated_at = ? WHERE id = ?", (_now(), session_id)
        )


def _session(row: Sequence[object]) -> SessionInfo:
    return SessionInfo(
        id=int(row[0]),  # type: ignore[call-overload]
        role_id=int(row[1]),  # type: ignore[call-overload]
        target_level=str(row[2]),
        status=SessionStatus(row[3]),
        created_at=str(row[4]),
        updated_at=str(row[5]),
    )
