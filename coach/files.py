"""Saving a file the candidate asked for: atomically, with a plain error when it fails.

A temporary file in the same folder, then a rename, so a failed save never leaves a half
file, nor damages an earlier file of the same name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from coach.errors import UserError


def write_atomically(path: Path, render: Callable[[BinaryIO], object]) -> None:
    """Render into a temporary file beside `path`, then rename it over `path`.

    The temporary file is made with the normal file mode (not mkstemp's owner-only one), so
    the file can be shared like any document the candidate saves.
    """
    temporary = path.with_name(f".loopcoach-{secrets.token_hex(6)}.tmp")
    try:
        with temporary.open("xb") as out:
            render(out)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _save_error(path, exc) from exc
        raise


# EDQUOT (over quota) is not defined on Windows.
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _save_error(path: Path, exc: OSError) -> UserError:
    if isinstance(exc, FileNotFoundError):
        return UserError(
            f"Loopcoach could not save {path}: the folder {path.parent} does not exist.",
            hint="Choose another folder, or create this one first.",
        )
    if isinstance(exc, PermissionError):
        return UserError(
            f"Loopcoach is not allowed to save {path}.",
            hint="Choose a folder you can write to, or close the file if another program "
            "has it open.",
        )
    if isinstance(exc, IsADirectoryError):
        return UserError(
            f"Loopcoach could not save {path}: a folder has that name.",
            hint="Choose another file name.",
        )
    if exc.errno in _DISK_FULL:
        return UserError(
            f"There is not enough disk space to save {path}.",
            hint="Free some space or choose another drive, then export again.",
        )
    return UserError(
        f"Loopcoach could not save {path}: {exc.strerror or exc}.",
        hint="Check the folder and try again, or choose another one.",
    )
