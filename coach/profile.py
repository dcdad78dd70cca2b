"""The candidate's profile: the level and track they are preparing for."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from coach.storage.codec import CorruptValueError
from coach.storage.db import Database


class Level(enum.StrEnum):
    SENIOR = "senior"
    STAFF = "staff"
    SENIOR_STAFF = "senior-staff"
    PRINCIPAL = "principal"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    Level.SENIOR: "Senior",
    Level.STAFF: "Staff",
    Level.SENIOR_STAFF: "Senior Staff",
    Level.PRINCIPAL: "Principal",
}


class Track(enum.StrEnum):
    SRE = "sre"
    PLATFORM = "platform"
    BACKEND = "backend"
    PRODUCT = "product"
    DATA_ML = "data-ml"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _TRACK_LABELS[self]


_TRACK_LABELS = {
    Track.SRE: "SRE",
    Track.PLATFORM: "Platform",
    Track.BACKEND: "Backend",
    Track.PRODUCT: "Product",
    Track.DATA_ML: "Data/ML",
    Track.OTHER: "Other",
}


def _normalise(text: str) -> str:
    return text.strip().lower().replace(" ", "-").replace("_", "-").replace("/", "-")


def parse_level(text: str) -> Level:
    key = _normalise(text)
    for level in Level:
        if key in (level.value, _normalise(level.label)):
            return level
    choices = ", ".join(level.label for level in Level)
    raise ValueError(f"Unknown level {text!r}; choose one of {choices}.")


def parse_track(text: str) -> Track:
    key = _normalise(text)
    for track in Track:
        if key in (track.value, _normalise(track.label)):
            return track
    choices = ", ".join(track.label for track in Track)
    raise ValueError(f"Unknown track {text!r}; choose one of {choices}.")


@dataclass(frozen=True)
class Profile:
    level: Level
    track: Track
    display_name: str = ""


class ProfileStore:
    """Reads and writes the single profile row."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self) -> Profile | None:
        row = self._db.conn.execute(
            "SELECT target_level, track, display_name FROM profile WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        try:
            name = self._db.codec.decode(row[2])
        except CorruptValueError:  # named when the folder opens (storage/damage.py)
            name = ""  # not set, until set again: never a made-up name
        return Profile(level=Level(row[0]), track=Track(row[1]), display_name=name)

    def save(self, profile: Profile) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                """
                INSERT INTO profile (id, target_level, track, display_name, updated_at)
                VALUES (1, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                ON CONFLICT (id) DO UPDATE SET
                    target_level = excluded.target_level,
                    track = excluded.track,
                    display_name = excluded.display_name,
                    updated_at = excluded.updated_at
                """,
                (
                    profile.level.value,
                    profile.track.value,
                    self._db.codec.encode(profile.display_name),
                ),
            )
