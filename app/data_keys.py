"""Unlocking a data folder: its data key from the OS keyring, or from a passphrase.

A new folder gets a random data key. With a usable keyring backend (macOS Keychain,
Windows Credential Locker, Secret Service) the key goes there and nothing is asked;
without one the candidate chooses a passphrase that wraps the key (keyfile.py). For
scripts and CI, `LOOPCOACH_PASSPHRASE` gives the passphrase without a prompt.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.errors import UserError
from coach.storage.keyfile import (
    KEYRING,
    DataKey,
    KeyEntry,
    KeyFile,
    WrongPassphraseError,
    check_new_passphrase,
)

SERVICE = "Loopcoach"
PASSPHRASE_ENV = "LOOPCOACH_PASSPHRASE"
UNLOCK_ATTEMPTS = 5


@dataclass(frozen=True)
class PassphraseRequest:
    purpose: str  # "new": choose one for a new folder; "unlock": open the folder
    folder: Path
    problem: str = ""  # why it is asked again


# Returns the passphrase, or None when the candidate cancels.
AskPassphrase = Callable[[PassphraseRequest], str | None]


def no_prompt(request: PassphraseRequest) -> str | None:
    raise UserError(
        f"The data folder {request.folder} needs a passphrase"
        + (" to be created" if request.purpose == "new" else "")
        + ", and there is no one to ask.",
        hint=f"Set {PASSPHRASE_ENV}, or run the command in a terminal.",
    )


class SystemKeyring:
    """The operating system's keyring through `keyring`; `usable()` is False when the
    machine has none (a headless Linux box), and the passphrase is used instead."""

    def usable(self) -> bool:
        import keyring  # noqa: PLC0415  (finds its backends on import: only when needed)
        from keyring.backends import fail, null  # noqa: PLC0415

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring | null.Keyring)

    def get(self, key_id: str) -> bytes | None:
        import keyring  # noqa: PLC0415
        from keyring.errors import KeyringError  # noqa: PLC0415

        try:
            value = keyring.get_password(SERVICE, _username(key_id))
        except KeyringError as exc:
            raise UserError(
                f"The system keyring could not be read: {exc}.",
                hint="Unlock the keyring (log in to the desktop session) and try again.",
            ) from exc
        if value is None:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None

    def put(self, key_id: str, secret: bytes) -> None:
        import keyring  # noqa: PLC0415

        keyring.set_password(SERVICE, _username(key_id), base64.b64encode(secret).decode())

    def delete(self, key_id: str) -> None:
        import keyring  # noqa: PLC0415
        from keyring.errors import KeyringError, PasswordDeleteError  # noqa: PLC0415

        # Already gone, or no keyring: nothing of ours is left there either way.
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, _username(key_id))


def _username(key_id: str) -> str:
    return f"data-key-{key_id}"


class KeyKeeper:
    """The data keys of one folder: create, unlock, rotate, forget."""

    def __init__(self, path: Path, keyring: SystemKeyring, ask: AskPassphrase) -> None:
        self.path = path
        self._keyring = keyring
        self._ask = ask

    def load(self) -> KeyFile | None:
        return KeyFile.load(self.path)

    # ---- a new folder ----------------------------------------------------------------

    def create(self) -> DataKey:
        key = DataKey.new()
        self.adopt(key)
        return key

    def adopt(self, key: DataKey) -> None:
        """Keep an existing key for this folder (a restored backup's)."""
        KeyFile(self._keep(key, purpose="new")).save(self.path)

    def _keep(self, key: DataKey, *, purpose: str) -> KeyEntry:
        """Put `key` in the keyring, or wrap it under a passphrase when there is none."""
        if self._keyring.usable():
            try:
                self._keyring.put(key.key_id, key.secret)
                if self._keyring.get(key.key_id) == key.secret:
                    return KeyEntry.in_keyring(key)
            except Exception:  # any backend failure: fall back to a passphrase
                self._keyring.delete(key.key_id)
        return KeyEntry.under_passphrase(key, self._new_passphrase(purpose))

    def _new_passphrase(self, purpose: str) -> str:
        passphrase = os.environ.get(PASSPHRASE_ENV) or self._ask(
            PassphraseRequest(purpose, self.path.parent)
        )
        if passphrase is None:
            raise UserError("No passphrase was chosen, so nothing was stored.")
        check_new_passphrase(passphrase)
        return passphrase

    # ---- opening ---------------------------------------------------------------------

    def unlock(self, keys: KeyFile) -> tuple[DataKey, DataKey | None]:
        """The current key, and the pending one of an unfinished rotation (if it opens)."""
        if keys.current.place == KEYRING:
            current = self._from_keyring(keys.current)
            if current is None:
                raise UserError(
                    f"The key of the data folder {self.path.parent} is not in this "
                    "computer's keyring, so its data cannot be opened.",
                    hint="Restore the folder from a backup archive (loopcoach backup "
                    "import), or wipe it to start again (loopcoach wipe).",
                )
            pending = None if keys.pending is None else self._from_keyring(keys.pending)
            return current, pending
        return self._with_passphrase(keys)

    def _from_keyring(self, entry: KeyEntry) -> DataKey | None:
        secret = self._keyring.get(entry.key_id)
        if secret is None or not entry.matches(secret):
            return None
        return DataKey(entry.key_id, secret)

    def _with_passphrase(self, keys: KeyFile) -> tuple[DataKey, DataKey | None]:
        given = os.environ.get(PASSPHRASE_ENV)
        if given is not None:
            return self._unwrap(keys, given)
        problem = ""
        for _ in range(UNLOCK_ATTEMPTS):
            passphrase = self._ask(PassphraseRequest("unlock", self.path.parent, problem))
            if passphrase is None:
                raise UserError("The data folder stays locked: no passphrase was given.")
            try:
                return self._unwrap(keys, passphrase)
            except WrongPassphraseError as exc:
                problem = exc.message
        raise WrongPassphraseError()

    @staticmethod
    def _unwrap(keys: KeyFile, passphrase: str) -> tuple[DataKey, DataKey | None]:
        current = keys.current.unwrap(passphrase)
        pending = None
        if keys.pending is not None and keys.pending.place != KEYRING:
            try:
                pending = keys.pending.unwrap(passphrase)
            except WrongPassphraseError:
                pending = None
        return current, pending

    # ---- rotation --------------------------------------------------------------------

    def begin_rotation(self, keys: KeyFile, *, passphrase: str | None = None) -> DataKey:
        """A new key, kept where the current one is and recorded as pending."""
        new = DataKey.new()
        if keys.current.place == KEYRING:
            self._keyring.put(new.key_id, new.secret)
            entry = KeyEntry.in_keyring(new)
        else:
            if passphrase is None:
                raise ValueError("a passphrase folder needs its passphrase to rotate")
            entry = KeyEntry.under_passphrase(new, passphrase)
        keys.with_pending(entry).save(self.path)
        return new

    def finish_rotation(self, keys: KeyFile) -> None:
        """The database is sealed under the pending key: make it current, drop the old."""
        keys.promoted().save(self.path)
        if keys.current.place == KEYRING:
            self._keyring.delete(keys.current.key_id)

    def abandon_rotation(self, keys: KeyFile) -> None:
        """The database kept the current key: forget the pending one."""
        if keys.pending is not None and keys.pending.place == KEYRING:
            self._keyring.delete(keys.pending.key_id)
        keys.with_pending(None).save(self.path)

    def change_passphrase(self, current: DataKey, passphrase: str) -> None:
        """Wrap the current key under a new passphrase (the data is not touched)."""
        check_new_passphrase(passphrase)
        KeyFile(KeyEntry.under_passphrase(current, passphrase)).save(self.path)

    # ---- wipe ------------------------------------------------------------------------

    def forget(self) -> None:
        """Remove every key of this folder from the keyring, then the key file: the data
        left behind cannot be opened by anyone (the files are removed next)."""
        try:
            keys = self.load()
        except UserError:
            keys = None
        if keys is not None:
            for entry in (keys.current, keys.pending):
                if entry is not None and entry.place == KEYRING:
                    self._keyring.delete(entry.key_id)
        self.path.unlink(missing_ok=True)


def terminal_prompt(request: PassphraseRequest) -> str | None:
    """Ask on the terminal (twice for a new passphrase); with no terminal, say what to do."""
    import getpass  # noqa: PLC0415
    import sys  # noqa: PLC0415

    if not sys.stdin.isatty():
        return no_prompt(request)
    if request.problem:
        print(request.problem, file=sys.stderr)
    if request.purpose != "new":
        return getpass.getpass(f"Passphrase for {request.folder}: ")
    print(
        f"There is no system keyring here, so the data in {request.folder} is locked with "
        "a passphrase. Without it the data cannot be opened: keep it safe.",
        file=sys.stderr,
    )
    return read_new_passphrase("Choose a passphrase: ")


def read_new_passphrase(prompt: str) -> str:
    """A new passphrase typed twice on the terminal, unechoed."""
    import getpass  # noqa: PLC0415

    first = getpass.getpass(prompt)
    if getpass.getpass("Type it again: ") != first:
        raise UserError("The two passphrases differ; nothing was changed.")
    return first
