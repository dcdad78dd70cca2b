"""The Settings page's "Your data" actions, done with the app's services.

Changing the key runs on the GUI thread and only while no task runs: every value is
re-sealed in one transaction, and a task writing with the old key at the same moment
would leave a value no key opens.
"""

from __future__ import annotations

from pathlib import Path

from app.services import Services
from app.tasks import TaskRunner
from coach.errors import UserError
from coach.storage.keyfile import KEYRING
from coach.tasks import TaskContext


class ServicesDataSafety:
    def __init__(self, services: Services, runner: TaskRunner) -> None:
        self._services = services
        self._runner = runner

    def describe(self) -> str:
        keys = self._services.keys.load()
        if keys is None:
            return "No key file: the data cannot be opened."
        where = (
            "the system keyring"
            if keys.current.place == KEYRING
            else "this folder, sealed under your passphrase"
        )
        return f"Everything you write here is sealed with AES-256-GCM; its key is kept in {where}."

    def needs_passphrase(self) -> bool:
        keys = self._services.keys.load()
        return keys is not None and keys.current.place != KEYRING

    def rotate_key(self, passphrase: str | None) -> str:
        if self._runner.active:
            raise UserError("Wait for the running tasks to finish, then change the key.")
        self._services.rotate_key(passphrase)
        return "Everything is sealed under a new key now; the old key is deleted."

    def export_backup(self, ctx: TaskContext, target: Path, passphrase: str) -> str:
        report = self._services.export_backup(target, passphrase, ctx)
        return (
            f"Saved {report.path.name} ({report.bytes / 1e6:.1f} MB). Keep its passphrase "
            "safe: without it the archive cannot be opened."
        )
