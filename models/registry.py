"""The models this install knows: downloaded from the catalog or added in place, their
fitness results, and which one is active for each kind. Kept in registry.json inside
the models folder, written atomically."""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from models.fitness import FitnessResult
from models.json_file import read_object, write_object

KINDS = ("chat", "embedding", "speech")


class Registry:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Any]:
        return read_object(self.path, version=1, models={}, active={})

    def _write(self, data: dict[str, Any]) -> None:
        write_object(self.path, data)

    def models(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            found: dict[str, dict[str, Any]] = self._read()["models"]
            return found

    def remember(self, path: Path, **fields: Any) -> None:
        with self._lock:
            data = self._read()
            data["models"].setdefault(str(path), {}).update(fields)
            self._write(data)

    def forget(self, path: Path) -> None:
        with self._lock:
            data = self._read()
            data["models"].pop(str(path), None)
            data["active"] = {k: v for k, v in data["active"].items() if v != str(path)}
            self._write(data)

    def adopt(self, older: Registry, moved: dict[Path, Path]) -> None:
        """Take in an older registry's models and choices, the paths of files that moved
        (`moved`: old path -> new path) rewritten; what this one already has is kept."""

        def now(recorded: str) -> str:
            path = Path(recorded)
            for before, after in moved.items():
                if path == before or path.is_relative_to(before):
                    return str(after / path.relative_to(before))
            return recorded

        theirs = older._read()
        with self._lock:
            data = self._read()
            for recorded, fields in theirs["models"].items():
                data["models"].setdefault(now(recorded), fields)
            for kind, recorded in theirs["active"].items():
                data["active"].setdefault(kind, now(recorded))
            self._write(data)

    def fitness(self, path: Path) -> FitnessResult | None:
        raw = self.models().get(str(path), {}).get("fitness")
        return FitnessResult(**raw) if isinstance(raw, dict) else None

    def record_fitness(self, path: Path, result: FitnessResult) -> None:
        self.remember(path, fitness=asdict(result))

    def active(self) -> dict[str, Path]:
        with self._lock:
            return {kind: Path(p) for kind, p in self._read()["active"].items() if kind in KINDS}

    def set_active(self, kind: str, path: Path | None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown model kind {kind!r}")
        with self._lock:
            data = self._read()
            if path is None:
                data["active"].pop(kind, None)
            else:
                data["active"][kind] = str(path)
            self._write(data)
