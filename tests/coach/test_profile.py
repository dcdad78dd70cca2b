from __future__ import annotations

from pathlib import Path

import pytest

from coach.profile import Level, Profile, ProfileStore, Track, parse_level, parse_track
from coach.storage.db import Database


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("senior", Level.SENIOR),
        ("Staff", Level.STAFF),
        ("Senior Staff", Level.SENIOR_STAFF),
        ("senior-staff", Level.SENIOR_STAFF),
        ("senior_staff", Level.SENIOR_STAFF),
        ("PRINCIPAL", Level.PRINCIPAL),
    ],
)
def test_parse_level_accepts_labels_and_values(text: str, level: Level) -> None:
    assert parse_level(text) is level


@pytest.mark.parametrize(
    ("text", "track"),
    [
        ("SRE", Track.SRE),
        ("data/ml", Track.DATA_ML),
        ("Data-ML", Track.DATA_ML),
        ("other", Track.OTHER),
    ],
)
def test_parse_track_accepts_labels_and_values(text: str, track: Track) -> None:
    assert parse_track(text) is track


def test_unknown_level_names_the_choices() -> None:
    with pytest.raises(ValueError, match="Senior, Staff, Senior Staff, Principal"):
        parse_level("distinguished")


def test_profile_survives_reopening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    store = ProfileStore(db)
    assert store.load() is None
    store.save(Profile(Level.PRINCIPAL, Track.PLATFORM, "Ada"))
    store.save(Profile(Level.SENIOR_STAFF, Track.SRE, "Ada L."))
    db.close()

    db = Database(path)
    assert ProfileStore(db).load() == Profile(Level.SENIOR_STAFF, Track.SRE, "Ada L.")
    # The name is candidate text: stored through the codec as a BLOB, never as plain TEXT.
    kind, raw = db.conn.execute("SELECT typeof(display_name), display_name FROM profile").fetchone()
    assert kind == "blob"
    assert raw[0] == 0x00
    db.close()
