"""Builds the Qt-free services for one data folder; the window and the CLI share them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.paths import DataPaths, resolve_home
from coach.profile import ProfileStore
from coach.settings import Settings, SettingsStore
from coach.storage.db import Database


@dataclass
class Services:
    paths: DataPaths
    settings_store: SettingsStore
    settings: Settings
    db: Database
    profiles: ProfileStore

    def model_folders(self) -> list[Path]:
        """Where to look for models: the data folder's, then the candidate's extra folders."""
        extra = [Path(folder).expanduser() for folder in self.settings.model_folders]
        return [self.paths.models, *extra]

    def save_settings(self, settings: Settings) -> None:
        self.settings_store.save(settings)
        self.settings = settings.validated()

    def close(self) -> None:
        self.db.close()


def build_services(home: str | Path | None = None) -> Services:
    paths = DataPaths(resolve_home(home)).ensure()
    store = SettingsStore(paths.settings)
    db = Database(paths.database)
    return Services(
        paths=paths,
        settings_store=store,
        settings=store.load(),
        db=db,
        profiles=ProfileStore(db),
    )
