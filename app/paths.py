"""Where Loopcoach keeps its files: one data folder, overridable for tests and power users.

Precedence: an explicit `--home`, then `LOOPCOACH_HOME`, then the platform's user
data folder (platformdirs).

Models live beside it, not in it: they are large, public and not personal, so the sealed
folder's backups and wipes leave them, and every data folder shares them. Their folder is
`LOOPCOACH_MODELS`, else the platform's data dir for "loopcoach-models".
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "Loopcoach"
HOME_ENV = "LOOPCOACH_HOME"
MODELS_ENV = "LOOPCOACH_MODELS"
REGISTRY = "registry.json"  # models/registry.py keeps it in the models folder


def resolve_home(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_models_home() -> Path:
    env = os.environ.get(MODELS_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir("loopcoach-models", appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    root: Path
    models: Path = field(default_factory=resolve_models_home)

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
    def old_models(self) -> Path:
        """Where models were kept before they moved out of the data folder."""
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


def move_models_out(paths: DataPaths) -> list[Path]:
    """Move the models an older version kept inside the data folder to the models folder,
    once, and tell the registry where each went; a file already there is kept and the old
    copy left where it is (and still known). Returns the new paths of what moved."""
    old, new = paths.old_models, paths.models
    if not old.is_dir() or old.resolve() == new.resolve():
        return []
    new.mkdir(parents=True, exist_ok=True)
    moved: dict[Path, Path] = {}
    for item in sorted(old.iterdir()):
        if item.name == REGISTRY or (new / item.name).exists():
            continue
        shutil.move(item, new / item.name)
        moved[item] = new / item.name
    old_registry = old / REGISTRY
    if old_registry.is_file():
        from models.registry import Registry  # noqa: PLC0415  (only when there is one)

        Registry(new / REGISTRY).adopt(Registry(old_registry), moved)
        old_registry.unlink()
    with contextlib.suppress(OSError):
        old.rmdir()  # only when nothing was left behind
    return list(moved.values())
