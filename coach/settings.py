"""Typed, versioned preferences, kept in `settings.json` in the data folder.

The candidate's own data lives in SQLite; this file holds preferences only. Each
stored file carries `version`; older files are upgraded by the steps in `_UPGRADES`
and unknown keys are dropped with a log line, so a hand-edited or older file never
stops the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    theme: str = "system"  # follows the OS unless the candidate picks one
    recency_years: int = 12  # roles that ended longer ago are proposed for condensing
    model_folders: list[str] = field(default_factory=list)  # extra places to look for GGUF files
    threads: int = 0  # llama.cpp threads; 0: one per physical core

    def validated(self) -> Settings:
        """A copy with out-of-range values replaced by defaults (and logged)."""
        defaults = Settings()
        fixed = dataclasses.replace(self)
        if fixed.theme not in THEMES:
            log.warning("settings: unknown theme %r, using %r", fixed.theme, defaults.theme)
            fixed.theme = defaults.theme
        if not 1 <= fixed.recency_years <= 50:
            log.warning("settings: recency_years %r out of range", fixed.recency_years)
            fixed.recency_years = defaults.recency_years
        if not 0 <= fixed.threads <= 256:
            fixed.threads = defaults.threads
        return fixed


# Upgrades from version N to N+1, applied to the raw dict in order.
_UPGRADES: dict[int, Any] = {}


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            log.warning("settings: %s unreadable (%s); using defaults", self.path, exc)
            return Settings()
        if not isinstance(raw, dict):
            log.warning("settings: %s is not an object; using defaults", self.path)
            return Settings()
        version = raw.pop("version", 1)
        while isinstance(version, int) and version < SETTINGS_VERSION:
            raw = _UPGRADES[version](raw)
            version += 1
        known = {f.name: f for f in dataclasses.fields(Settings)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            spec = known.get(key)
            if spec is None:
                log.warning("settings: ignoring unknown key %r", key)
            elif _type_ok(spec.type, value):
                values[key] = value
            else:
                log.warning("settings: ignoring %r with a value of the wrong type", key)
        return Settings(**values).validated()

    def save(self, settings: Settings) -> None:
        data = {"version": SETTINGS_VERSION, **dataclasses.asdict(settings.validated())}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a crash mid-write never leaves a half file.
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _type_ok(annotation: Any, value: Any) -> bool:
    expected = {"str": str, "int": int, "bool": bool, "list[str]": list}[str(annotation)]
    if expected is int and isinstance(value, bool):
        return False
    if expected is list:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, expected)
