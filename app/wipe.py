"""Removing everything Loopcoach keeps: keys first, then every file it made.

The keys go first (keyring entries, then the key file): from that moment the sealed
values are unreadable even if a file survives (a crash, a backup tool's copy, a
journaling file system). Then every file and folder Loopcoach creates in the data
folder is deleted. Anything else a person put in that folder is left alone and listed,
so pointing `--home` at the wrong folder never deletes someone's documents.

Before that, the person wiping must prove they hold the key (`prove_key`): the keyring's
key, or the passphrase, must open the key file and be the key the database is sealed
under. Someone who only has the files (a shared account, a stolen laptop session) cannot
destroy the data with a wrong passphrase. Who has lost the key or the passphrase says so
in full (`loopcoach wipe --forget-passphrase`). The window proves it by being unlocked.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
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


FORGET_OPTION = "--forget-passphrase"


def prove_key(paths: DataPaths, keeper: KeyKeeper) -> None:
    """Raise a UserError (nothing deleted) unless this folder's key can be unlocked and
    is the one its database is sealed under."""
    way_out = (
        f"If the key or the passphrase is lost for good, delete the data anyway with "
        f"loopcoach wipe {FORGET_OPTION} (typed in full): it can never be opened again."
    )
    try:
        keys = keeper.load()
        if keys is None:
            if _sealed_key_id(paths) is None:
                return  # nothing sealed here: nothing to prove
            raise UserError(
                f"The key file of {paths.root} is missing, so the key cannot be checked."
            )
        current, pending = keeper.unlock(keys)
    except UserError as exc:
        raise UserError(f"{exc.message} Nothing was deleted.", hint=way_out) from exc
    sealed = _sealed_key_id(paths)
    held = {current.key_id} | ({pending.key_id} if pending else set())
    if sealed is not None and sealed not in held:
        raise UserError(
            f"The key of {paths.root} does not open its database. Nothing was deleted.",
            hint=way_out,
        )


def _sealed_key_id(paths: DataPaths) -> str | None:
    """The key id the database records, read without changing the file; None when
    there is no database or it is not sealed."""
    if not paths.database.exists():
        return None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{paths.database.as_uri()}?mode=ro", uri=True)
        ) as conn:
            row = conn.execute("SELECT key_id FROM encryption WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:  # no encryption table yet, or not a database
        return None
    return None if row is None else str(row[0])


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
