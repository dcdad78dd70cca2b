"""Removing everything Loopcoach keeps: keys first, then every file it made.

The keys go first (keyring entries, then the key file): from that moment the sealed
values are unreadable even if a file survives (a crash, a backup tool's copy, a
journaling file system). Then every file and folder Loopcoach creates in the data
folder is deleted. Anything else a person put in that folder is left alone and listed,
so pointing `--home` at the wrong folder never deletes someone's documents.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from app.data_keys import KeyKeeper
from app.paths import DataPaths
from coach.errors import UserError


@dataclass
class WipeReport:
    removed: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)  # not Loopcoach's: not touched


def ours(paths: DataPaths) -> list[Path]:
    """Everything Loopcoach may create in the data folder."""
    database = paths.database
    return [
        paths.key_file,
        database,
        database.with_name(database.name + "-wal"),
        database.with_name(database.name + "-shm"),
        database.with_name(database.name + "-journal"),
        paths.vectors,
        paths.audio,
        paths.logs,
        paths.settings,
        paths.window_state,
        paths.models,  # beside the folder, shared by every data folder (see app/paths.py)
        paths.old_models,
        paths.root / ".write-test",
        *paths.root.glob(".loopcoach-*.tmp"),  # an atomic save cut short
        *paths.root.glob(".loopcoach-backup-*"),
    ]


def looks_like_a_data_folder(paths: DataPaths) -> bool:
    return any(p.exists() for p in (paths.key_file, paths.database, paths.settings))


def wipe(paths: DataPaths, keeper: KeyKeeper, *, keep_models: bool = False) -> WipeReport:
    """Delete the folder's keys and files. Close every service of the folder first."""
    if not paths.root.exists():
        return WipeReport()
    if not looks_like_a_data_folder(paths):
        raise UserError(
            f"{paths.root} does not look like a Loopcoach data folder; nothing was deleted."
        )
    keeper.forget()
    report = WipeReport(removed=[paths.key_file])
    for path in ours(paths):
        if keep_models and path == paths.models:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
            report.removed.append(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
            report.removed.append(path)
    report.left = sorted(paths.root.iterdir())
    if not report.left:
        paths.root.rmdir()
    return report
