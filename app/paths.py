"""Where Loopcoach keeps its files: one data folder, overridable for tests and power users.

Precedence: an explicit `--home`, then `LOOPCOACH_HOME`, then the platform's user
data folder (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Loopcoach"
HOME_ENV = "LOOPCOACH_HOME"


def resolve_home(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "loopcoach.sqlite3"

    @property
    def key_file(self) -> Path:
        """Where the data key is kept and how to check it; never the key in the clear."""
        return self.root / "key.json"

    @property
    def vectors(self) -> Path:
        return self.root / "vectors"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def audio(self) -> Path:
        """Dictated and imported recordings, kept with the answers they became."""
        return self.root / "audio"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def window_state(self) -> Path:
        return self.root / "window-state.ini"

    def ensure(self) -> DataPaths:
        """Make the folder, owner-only with everything in it (see private_files.py)."""
        from app.private_files import keep_private  # noqa: PLC0415

        self.root.mkdir(parents=True, exist_ok=True)
        keep_private(self.root)  # before anything inside is made: the umask applies to it
        for folder in (self.models, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self
