"""The story tables: a story and its versions round-trip through SQLite and the codec."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coach.storage.db import Database
from coach.stories.records import Competency, Origin, StoryContent
from coach.stories.store import StoryStore

from .samples import ALL_WE, CHECKOUT


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "x.db")
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> StoryStore:
    return StoryStore(db)


def test_add_and_get_round_trip(store: StoryStore) -> None:
    story_id = store.add(CHECKOUT, Origin.HAND)
    story = store.get(story_id)
    assert story.id == story_id
    assert story.content == CHECKOUT
    assert story.origin is Origin.HAND
    assert story.version == 1
    assert story.created_at == story.updated_at
    assert story.origin_draft_id is None


def test_content_is_stored_through_the_codec(db: Database, store: StoryStore) -> None:
    story_id = store.add(CHECKOUT, Origin.HAND)
    (data,) = db.conn.execute(
        "SELECT data FROM story_versions WHERE story_id = ?", (story_id,)
    ).fetchone()
    assert isinstance(data, bytes)
    assert data[0] == 0x00  # the plain codec's format byte
    assert StoryContent.from_json(db.codec.decode(data)) == CHECKOUT


def test_versions_are_numbered_and_the_newest_is_the_story(store: StoryStore) -> None:
    story_id = store.add(CHECKOUT, Origin.REFRESH, origin_draft_id=7)
    edited = dataclasses.replace(CHECKOUT, title="Checkout retry budget")
    tagged = dataclasses.replace(edited, competencies=(Competency.CONFLICT,))
    assert store.add_version(story_id, edited) == 2
    assert store.add_version(story_id, tagged) == 3

    story = store.get(story_id)
    assert (story.version, story.content) == (3, tagged)
    assert story.origin_draft_id == 7
    versions = store.versions(story_id)
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.content for v in versions] == [CHECKOUT, edited, tagged]
    assert store.first_version(story_id) == CHECKOUT


def test_list_is_newest_written_first(store: StoryStore) -> None:
    first = store.add(CHECKOUT, Origin.HAND)
    second = store.add(ALL_WE, Origin.DICTATION)
    assert [s.id for s in store.list()] == [second, first]
    store.add_version(first, dataclasses.replace(CHECKOUT, learning="Ask earlier."))
    assert [s.id for s in store.list()] == [first, second]


def test_unknown_ids_raise_key_error(store: StoryStore) -> None:
    for call in (store.get, store.versions, store.delete, store.first_version):
        with pytest.raises(KeyError):
            call(99)
    with pytest.raises(KeyError):
        store.add_version(99, CHECKOUT)


def test_delete_removes_the_story_and_its_versions(db: Database, store: StoryStore) -> None:
    story_id = store.add(CHECKOUT, Origin.HAND)
    store.add_version(story_id, ALL_WE)
    store.delete(story_id)
    assert store.list() == []
    assert db.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 0
    assert db.conn.execute("SELECT COUNT(*) FROM story_versions").fetchone()[0] == 0


def test_a_deleted_refresh_story_leaves_a_marker_and_nothing_else(
    db: Database, store: StoryStore
) -> None:
    story_id = store.add(CHECKOUT, Origin.REFRESH, origin_draft_id=5)
    assert store.by_draft(5) == story_id
    store.delete(story_id)
    assert store.list() == []
    assert store.by_draft(5) is None
    assert store.deleted_draft(5)
    assert db.conn.execute("SELECT COUNT(*) FROM story_versions").fetchone()[0] == 0
    with pytest.raises(KeyError):
        store.get(story_id)
    with pytest.raises(KeyError):
        store.delete(story_id)
    with pytest.raises(KeyError):
        store.add_version(story_id, CHECKOUT)


def test_take_draft_moves_the_link_to_the_new_story(store: StoryStore) -> None:
    old = store.add(CHECKOUT, Origin.REFRESH, origin_draft_id=3)
    new = store.take_draft(ALL_WE, 3)
    assert store.by_draft(3) == new
    assert store.get(old).origin_draft_id is None
    assert store.get(old).content == CHECKOUT
    assert store.get(new).origin is Origin.REFRESH
