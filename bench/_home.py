"""A throw-away data folder for a bench, opened as the app opens one on a desktop with a
keyring: its data key goes to a keyring, so nothing asks for a passphrase. The keyring is
the bench's own (a JSON file in the same temporary folder), never the machine's, and works
on a headless box that has none; the environment needs no `LOOPCOACH_PASSPHRASE`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

BENCH = Path(__file__).resolve().parent
KEYRING_FILE_ENV = "LOOPCOACH_BENCH_KEYRING"


class FileKeyring(KeyringBackend):
    """A keyring backend in one JSON file named by LOOPCOACH_BENCH_KEYRING; child processes
    load it through PYTHON_KEYRING_BACKEND=_home.FileKeyring."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[KEYRING_FILE_ENV])

    def _entries(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.is_file() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        if entries.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path().write_text(json.dumps(entries))


@contextmanager
def throwaway_home() -> Iterator[tuple[Path, dict[str, str]]]:
    """A new data folder and the environment for a `python -m app` child that opens it
    (offscreen, offline, the bench's keyring; no passphrase, no LOOPCOACH_HOME)."""
    with tempfile.TemporaryDirectory(prefix="loopcoach-bench-") as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"LOOPCOACH_PASSPHRASE", "LOOPCOACH_HOME"}
        }
        env.update(
            QT_QPA_PLATFORM="offscreen",
            PYTHON_KEYRING_BACKEND="_home.FileKeyring",
            PYTHONPATH=os.pathsep.join(
                part for part in (str(BENCH), env.get("PYTHONPATH", "")) if part
            ),
        )
        env[KEYRING_FILE_ENV] = str(Path(tmp) / "keyring.json")
        home = Path(tmp) / "home"
        yield home, env
