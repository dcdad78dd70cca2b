"""The model folder's small JSON files (the registry, the server settings): read with
defaults when missing or damaged, written atomically so a crash leaves the old file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def read_object(path: Path, **defaults: Any) -> dict[str, Any]:
    """The JSON object in `path`, with each default set where it is missing; an absent or
    damaged file reads as the defaults alone."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    for key, value in defaults.items():
        data.setdefault(key, value)
    return data


def write_object(path: Path, data: dict[str, Any]) -> None:
    """Write `data` beside `path` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
