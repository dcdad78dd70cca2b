"""The data folder is the candidate's alone: owner-only modes on everything in it.

Two parts, because neither is enough alone:

- the process runs with umask 077 from the moment a data folder is opened, so every file
  and folder made from then on (SQLite's database and its -wal/-shm, chromadb's files,
  logs, recordings, backups in progress, downloaded models) is 0600/0700 whatever the
  shell's umask was. Exports (a résumé, a brief) are made owner-only too: on a shared
  machine, share one by changing its mode;
- on every start the folder's tree is repaired: anything an older version, another
  program or a copy tool left readable by others is made 0600 (files) or 0700 (folders).

Symbolic links are neither followed nor changed. Windows has no such modes: nothing is done.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def keep_private(root: Path) -> int:
    """Make files created from now on owner-only, and repair the modes under `root`
    (the folder itself included). Returns how many modes were changed."""
    if os.name != "posix":
        return 0
    os.umask(PRIVATE_UMASK)
    repaired = _repair(root, FOLDER_MODE)
    for folder, folders, files in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in folders:
            repaired += _repair(base / name, FOLDER_MODE)
        for name in files:
            repaired += _repair(base / name, FILE_MODE)
    return repaired


def _repair(path: Path, wanted: int) -> int:
    try:
        info = path.lstat()
    except FileNotFoundError:  # removed meanwhile (a SQLite -shm, a chromadb temp file)
        return 0
    if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == wanted:
        return 0
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        return 0  # a socket or a FIFO is not ours to change
    path.chmod(wanted)
    return 1
