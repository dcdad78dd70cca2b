"""SQLite side of the story bank: stories and their versions.

A story row says where it came from; every edit writes a whole new version (the content
as JSON, through the text codec like all of the candidate's words). The newest version is
the story; older ones stay for the history view.
"""

from __future__ import annotations

import builtins
import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from coach.storage.codec import TextCodec
from coach.storage.db import Database
from coach.stories.records import Origin, StoredStory, StoryContent, StoryVersion


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RefreshStoryDraft:
    """A story the candidate kept in résumé refresh (accepted or edited)."""

    draft_id: int
    role_id: int
    story_json: str  # the edit when there is one, else the draft as written


# Each story joined with its newest version.
_STORY_SELECT = """
    SELECT s.id, s.origin, s.origin_draft_id, s.created_at, v.version, v.created_at, v.data
    FROM stories AS s
    JOIN story_versions AS v ON v.story_id = s.id
    WHERE v.version = (SELECT MAX(version) FROM story_versions WHERE story_id = s.id)
"""


class StoryStore:
    # `list` is a method here, so annotations in this class say `builtins.list`.

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _codec(self) -> TextCodec:
        # Read at each use: rotating the data key swaps the database's codec.
        return self._db.codec

    def add(self, content: StoryContent, origin: Origin, origin_draft_id: int | None = None) -> int:
        """A new story with `content` as version 1, in one transaction; its id."""
        with self._db.transaction() as conn:
            return self._insert(conn, content, origin, origin_draft_id)

    def add_version(self, story_id: int, content: StoryContent) -> int:
        """Store `content` as the story's next version; its number. KeyError if no story."""
        with self._db.transaction() as conn:
            (newest,) = conn.execute(
                "SELECT MAX(version) FROM story_versions WHERE story_id = ?", (story_id,)
            ).fetchone()
            if newest is None:  # no such story, or one the candidate deleted
                raise KeyError(story_id)
            version = int(newest) + 1
            conn.execute(
                "INSERT INTO story_versions (story_id, version, created_at, data) "
                "VALUES (?, ?, ?, ?)",
                (story_id, version, _now(), self._codec.encode(content.to_json())),
            )
        return version

    def get(self, story_id: int) -> StoredStory:
        """The story at its newest version. KeyError if there is none."""
        row = self._db.conn.execute(f"{_STORY_SELECT} AND s.id = ?", (story_id,)).fetchone()
        if row is None:
            raise KeyError(story_id)
        return self._story(row)

    def list(self) -> builtins.list[StoredStory]:
        """Every story at its newest version, most recently written first."""
        # Timestamps have one-second resolution; `rowid` orders versions within a second.
        rows = self._db.conn.execute(
            f"{_STORY_SELECT} ORDER BY v.created_at DESC, v.rowid DESC"
        ).fetchall()
        return [self._story(row) for row in rows]

    def versions(self, story_id: int) -> builtins.list[StoryVersion]:
        """Every version, oldest first. KeyError if there is no such story."""
        rows = self._db.conn.execute(
            "SELECT version, created_at, data FROM story_versions WHERE story_id = ? "
            "ORDER BY version",
            (story_id,),
        ).fetchall()
        if not rows:
            raise KeyError(story_id)
        return [
            StoryVersion(int(version), str(created), self._content(data))
            for version, created, data in rows
        ]

    def first_version(self, story_id: int) -> StoryContent:
        """The content as the story was first stored (what a refresh draft became)."""
        row = self._db.conn.execute(
            "SELECT data FROM story_versions WHERE story_id = ? AND version = 1", (story_id,)
        ).fetchone()
        if row is None:
            raise KeyError(story_id)
        return self._content(row[0])

    def delete(self, story_id: int) -> None:
        """Delete the story and all its versions. KeyError if there is none.

        A story taken from a refresh draft keeps its bare row (no versions, so it is in no
        listing): the refresh sweep must not bring back a story the candidate deleted."""
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT origin_draft_id FROM stories WHERE id = ? AND EXISTS "
                "(SELECT 1 FROM story_versions WHERE story_id = stories.id)",
                (story_id,),
            ).fetchone()
            if row is None:
                raise KeyError(story_id)
            if row[0] is None:
                conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            else:
                conn.execute("DELETE FROM story_versions WHERE story_id = ?", (story_id,))

    def by_draft(self, draft_id: int) -> int | None:
        """The story taken from this refresh draft, unless the candidate deleted it."""
        row = self._db.conn.execute(
            "SELECT id FROM stories WHERE origin_draft_id = ? AND EXISTS "
            "(SELECT 1 FROM story_versions WHERE story_id = stories.id)",
            (draft_id,),
        ).fetchone()
        return None if row is None else int(row[0])

    def deleted_draft(self, draft_id: int) -> bool:
        """True when a story taken from this draft was deleted from the bank."""
        row = self._db.conn.execute(
            "SELECT 1 FROM stories WHERE origin_draft_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM story_versions WHERE story_id = stories.id)",
            (draft_id,),
        ).fetchone()
        return row is not None

    def take_draft(self, content: StoryContent, draft_id: int) -> int:
        """A new refresh story linked to `draft_id`, in one transaction. Any older link to
        the same id is dropped first (the story stays, unlinked; a deleted one's bare row
        goes): draft ids are reused once a redraft deletes the drafts they named."""
        with self._db.transaction() as conn:
            conn.execute(
                "DELETE FROM stories WHERE origin_draft_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM story_versions WHERE story_id = stories.id)",
                (draft_id,),
            )
            conn.execute(
                "UPDATE stories SET origin_draft_id = NULL WHERE origin_draft_id = ?",
                (draft_id,),
            )
            return self._insert(conn, content, Origin.REFRESH, draft_id)

    def kept_refresh_stories(self) -> builtins.list[RefreshStoryDraft]:
        """Every story draft the candidate accepted or edited in résumé refresh."""
        rows = self._db.conn.execute(
            "SELECT d.id, s.role_id, COALESCE(d.final, d.text) FROM refresh_drafts AS d "
            "JOIN refresh_sessions AS s ON s.id = d.session_id "
            "WHERE d.kind = 'story' AND d.status IN ('accepted', 'edited') ORDER BY d.id"
        ).fetchall()
        return [
            RefreshStoryDraft(int(draft_id), int(role_id), self._codec.decode(data))
            for draft_id, role_id, data in rows
        ]

    def refresh_draft_texts(self, draft_id: int) -> builtins.list[str]:
        """A refresh draft's story JSON as drafted and as edited (when it was)."""
        row = self._db.conn.execute(
            "SELECT text, final FROM refresh_drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        return [] if row is None else [self._codec.decode(v) for v in row if v is not None]

    def _insert(
        self, conn: sqlite3.Connection, content: StoryContent, origin: Origin, draft_id: int | None
    ) -> int:
        now = _now()
        cursor = conn.execute(
            "INSERT INTO stories (origin, origin_draft_id, created_at) VALUES (?, ?, ?)",
            (origin.value, draft_id, now),
        )
        story_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO story_versions (story_id, version, created_at, data) VALUES (?, 1, ?, ?)",
            (story_id, now, self._codec.encode(content.to_json())),
        )
        return story_id

    def _content(self, data: bytes) -> StoryContent:
        return StoryContent.from_json(self._codec.decode(data))

    def _story(self, row: Sequence[object]) -> StoredStory:
        story_id, origin, draft_id, created, version, updated, data = row
        return StoredStory(
            id=int(story_id),  # type: ignore[call-overload]
            origin=Origin(str(origin)),
            version=int(version),  # type: ignore[call-overload]
            created_at=str(created),
            updated_at=str(updated),
            content=self._content(data),  # type: ignore[arg-type]
            origin_draft_id=None if draft_id is None else int(draft_id),  # type: ignore[call-overload]
        )
