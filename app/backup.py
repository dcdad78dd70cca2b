"""Backup: everything in one passphrase-sealed archive, and back into a new data folder.

The archive is a tar stream sealed chunk by chunk (coach/storage/archive.py) holding a
consistent snapshot of the database (SQLite's backup API, its values still sealed under
the data key), the data key itself, the settings and the recordings. Nothing of it is
ever on disk in the clear: the snapshot holds only sealed values, and the key is read
into memory on import, never written out. Vectors are not archived: they are derived
from the text, and are rebuilt from it after an import (Library.index_missing).
Downloaded models are public files and are not archived either.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import secrets
import shutil
import sqlite3
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from app.data_keys import KeyKeeper
from app.paths import DataPaths
from coach.errors import UserError
from coach.files import write_atomically
from coach.storage.archive import SealedReader, SealedWriter
from coach.storage.keyfile import DataKey, check_new_passphrase
from coach.tasks import TaskContext

ARCHIVE_FORMAT = 1
_DATABASE, _KEY, _MANIFEST, _SETTINGS, _AUDIO = (
    "loopcoach.sqlite3",
    "data-key.json",
    "manifest.json",
    "settings.json",
    "audio",
)
_COPY = 1 << 20


@dataclass(frozen=True)
class BackupReport:
    path: Path
    files: int
    bytes: int
    schema_version: int


def export_backup(
    paths: DataPaths,
    key: DataKey,
    target: Path,
    passphrase: str,
    *,
    schema_version: int,
    ctx: TaskContext | None = None,
) -> BackupReport:
    """Write the archive to `target` (atomically: an interrupted export leaves nothing)."""
    ctx = ctx or TaskContext()
    check_new_passphrase(passphrase)
    if target.resolve().is_relative_to(paths.root.resolve()):
        raise UserError("Save the backup outside the data folder it backs up.")
    recordings = sorted(p for p in paths.audio.glob("*") if p.is_file())
    counted = {"files": 0}

    def render(out: BinaryIO) -> None:
        sealed = SealedWriter(out, passphrase=passphrase)
        with _snapshot(paths) as snapshot, tarfile.open(fileobj=sealed, mode="w|") as tar:  # type: ignore[call-overload]
            manifest = {
                "format": ARCHIVE_FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "schema_version": schema_version,
                "key_id": key.key_id,
                "recordings": len(recordings),
            }
            _add_bytes(tar, _MANIFEST, json.dumps(manifest).encode())
            secret = base64.b64encode(key.secret).decode()
            _add_bytes(tar, _KEY, json.dumps({"key_id": key.key_id, "secret": secret}).encode())
            tar.add(snapshot, arcname=_DATABASE)
            if paths.settings.exists():
                tar.add(paths.settings, arcname=_SETTINGS)
            for done, recording in enumerate(recordings, start=1):
                ctx.check()
                tar.add(recording, arcname=f"{_AUDIO}/{recording.name}")
                ctx.progress(done, len(recordings), f"recording {done} of {len(recordings)}")
            counted["files"] = 3 + int(paths.settings.exists()) + len(recordings)
        sealed.close()

    write_atomically(target, render)
    return BackupReport(target, counted["files"], target.stat().st_size, schema_version)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def _snapshot(paths: DataPaths) -> Iterator[Path]:
    """A consistent copy of the live database (its values stay sealed), removed after."""
    copy = paths.root / f".loopcoach-backup-{secrets.token_hex(6)}.sqlite3"
    source = sqlite3.connect(paths.database)
    try:
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
        yield copy
    finally:
        source.close()
        copy.unlink(missing_ok=True)


def import_backup(
    archive: Path,
    passphrase: str,
    paths: DataPaths,
    keeper_for: Callable[[DataPaths], KeyKeeper],
    *,
    ctx: TaskContext | None = None,
) -> dict[str, object]:
    """Restore `archive` into the empty data folder `paths`; returns its manifest."""
    ctx = ctx or TaskContext()
    if paths.key_file.exists() or paths.database.exists():
        raise UserError(
            f"The data folder {paths.root} already holds data; a backup is restored into a "
            "new, empty folder.",
            hint="Choose another folder (--home), or wipe this one first.",
        )
    try:
        source = archive.open("rb")
    except OSError as exc:
        raise UserError(f"The backup archive {archive} cannot be read: {exc.strerror}.") from exc
    made_folder = not paths.root.exists()
    paths.ensure()
    staging = paths.root / f".loopcoach-backup-import-{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        with source:
            key, manifest = _unpack(SealedReader(source, passphrase=passphrase), staging, ctx)
        keeper_for(paths).adopt(key)
        for item in staging.iterdir():
            item.replace(paths.root / item.name)
    except BaseException:
        if made_folder:  # a failed restore leaves no half folder behind
            shutil.rmtree(paths.root, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _unpack(
    reader: SealedReader, staging: Path, ctx: TaskContext
) -> tuple[DataKey, dict[str, object]]:
    key: DataKey | None = None
    manifest: dict[str, object] | None = None
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                ctx.check()
                name = _allowed(member)
                handle = tar.extractfile(member)
                assert handle is not None
                if name == _KEY:  # kept in memory: the key never touches the disk in clear
                    data = json.loads(handle.read())
                    key = DataKey(str(data["key_id"]), base64.b64decode(data["secret"]))
                elif name == _MANIFEST:
                    manifest = json.loads(handle.read())
                else:
                    destination = staging / name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    with destination.open("wb") as out:
                        shutil.copyfileobj(handle, out, _COPY)
    except (tarfile.TarError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"This backup archive is damaged ({exc}).") from exc
    if key is None or manifest is None or not (staging / _DATABASE).exists():
        raise UserError("This backup archive is incomplete: it lacks its database or key.")
    if manifest.get("format") != ARCHIVE_FORMAT or manifest.get("key_id") != key.key_id:
        raise UserError("This backup archive's contents do not agree with each other.")
    return key, manifest


def _allowed(member: tarfile.TarInfo) -> str:
    """Only the names an archive of ours holds, as regular files: nothing else is written."""
    name = PurePosixPath(member.name)
    fixed = {_DATABASE, _KEY, _MANIFEST, _SETTINGS}
    recording = (
        len(name.parts) == 2
        and name.parts[0] == _AUDIO
        and name.parts[1] not in ("", ".", "..")
        and not name.parts[1].startswith(".")
    )
    if not member.isfile() or not (str(name) in fixed or recording):
        raise UserError(f"This backup archive holds an unexpected entry ({member.name!r}).")
    return str(name)
