"""Recordings at rest: sealed once transcribed, under a key of their own.

A recording is written in the clear while it is being made (so a crash keeps what was
said) and read by the speech model from that file. Once its transcript is saved, the
file is sealed chunk by chunk (AES-256-GCM, coach/storage/archive.py) under a random
key, and the plain file is deleted. The key is kept with the delivery, through the
database's codec, so it is sealed under the data key and re-sealed when that rotates;
the audio file itself never needs rewriting.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import BinaryIO

from coach.files import write_atomically
from coach.storage.archive import SealedReader, SealedWriter
from coach.storage.codec import KEY_BYTES

SEALED_SUFFIX = ".sealed"
_COPY = 1 << 20


def new_recording_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal_recording(path: Path, key: bytes) -> Path:
    """Write `path` sealed beside it (atomically) and return the sealed file's path; the
    caller deletes the plain file once the key is stored."""
    target = path.with_name(path.name + SEALED_SUFFIX)

    def render(out: BinaryIO) -> None:
        sealed = SealedWriter(out, key=key)
        with path.open("rb") as source:
            shutil.copyfileobj(source, sealed, _COPY)
        sealed.close()

    write_atomically(target, render)
    return target


def open_recording(path: Path, key: bytes) -> bytes:
    """The recording's original bytes."""
    with path.open("rb") as source:
        return SealedReader(source, key=key).read()
