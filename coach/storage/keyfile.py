"""The key file: how a data folder's data key is kept, never the key itself in the clear.

A data key is 32 random bytes that seal every stored value (codec.py). The key file
(`key.json` in the data folder) says where the key is and lets a candidate key be
checked before anything is decrypted:

- place "keyring": the key is in the operating system's keyring under its id; the file
  holds a check value (a known text sealed under the key) to confirm what the keyring
  returns.
- place "passphrase": there is no keyring; the key is wrapped (AES-256-GCM) under a key
  derived from the candidate's passphrase with scrypt (n=2^17, r=8, p=1: 128 MiB and
  about half a second here, the OWASP recommendation). The wrap's tag is the check.

During a key rotation the file holds the new key as `pending` beside the current one;
the database records which key its values are sealed under (sealing.py), so a rotation
cut short by a crash is finished or dropped on the next start.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from coach.errors import UserError
from coach.files import write_atomically
from coach.storage.codec import KEY_BYTES

KEYRING = "keyring"
PASSPHRASE = "passphrase"
FILE_VERSION = 1
_CHECK_TEXT = b"loopcoach data key check"
_NONCE = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MIN_PASSPHRASE = 8


class WrongPassphraseError(UserError):
    """The passphrase does not open the key."""

    def __init__(self) -> None:
        super().__init__("That passphrase does not open this data folder.")


@dataclass(frozen=True)
class DataKey:
    key_id: str
    secret: bytes

    @classmethod
    def new(cls) -> DataKey:
        return cls(secrets.token_hex(8), os.urandom(KEY_BYTES))

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return f"DataKey(key_id={self.key_id!r})"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _seal(key: bytes, plain: bytes, aad: bytes) -> str:
    nonce = os.urandom(_NONCE)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plain, aad))


def _open(key: bytes, sealed: str, aad: bytes) -> bytes:
    blob = _unb64(sealed)
    return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], aad)


def derive_key(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")


@dataclass(frozen=True)
class KeyEntry:
    """Where one data key is kept and how to check it."""

    key_id: str
    place: str
    check: str = ""  # keyring: the check text sealed under the key
    kdf: dict[str, Any] | None = None  # passphrase: scrypt's salt and costs
    wrapped: str = ""  # passphrase: the key sealed under the derived key

    @classmethod
    def in_keyring(cls, key: DataKey) -> KeyEntry:
        return cls(key.key_id, KEYRING, check=_seal(key.secret, _CHECK_TEXT, key.key_id.encode()))

    @classmethod
    def under_passphrase(cls, key: DataKey, passphrase: str) -> KeyEntry:
        salt = os.urandom(16)
        kdf = {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        wrapping = derive_key(passphrase, salt)
        return cls(
            key.key_id,
            PASSPHRASE,
            kdf=kdf,
            wrapped=_seal(wrapping, key.secret, key.key_id.encode()),
        )

    def matches(self, secret: bytes) -> bool:
        """Whether `secret` (from the keyring) is this entry's key."""
        try:
            return _open(secret, self.check, self.key_id.encode()) == _CHECK_TEXT
        except (InvalidTag, ValueError):
            return False

    def unwrap(self, passphrase: str) -> DataKey:
        if self.kdf is None:
            raise ValueError("this key is not kept under a passphrase")
        wrapping = derive_key(
            passphrase, _unb64(self.kdf["salt"]), self.kdf["n"], self.kdf["r"], self.kdf["p"]
        )
        try:
            return DataKey(self.key_id, _open(wrapping, self.wrapped, self.key_id.encode()))
        except InvalidTag as exc:
            raise WrongPassphraseError() from exc

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key_id": self.key_id, "place": self.place}
        if self.place == KEYRING:
            data["check"] = self.check
        else:
            data["kdf"] = self.kdf
            data["wrapped"] = self.wrapped
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyEntry:
        place = data["place"]
        if place not in (KEYRING, PASSPHRASE):
            raise ValueError(f"unknown key place {place!r}")
        return cls(
            key_id=str(data["key_id"]),
            place=place,
            check=str(data.get("check", "")),
            kdf=data.get("kdf"),
            wrapped=str(data.get("wrapped", "")),
        )


@dataclass(frozen=True)
class KeyFile:
    current: KeyEntry
    pending: KeyEntry | None = None

    @classmethod
    def load(cls, path: Path) -> KeyFile | None:
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") != FILE_VERSION:
                raise ValueError(f"version {data.get('version')!r}")
            pending = data.get("pending")
            return cls(
                KeyEntry.from_json(data["current"]),
                None if pending is None else KeyEntry.from_json(pending),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(
                f"The key file {path} cannot be read ({exc}).",
                hint="Without it the data in this folder cannot be opened. Restore the "
                "folder from a backup archive, or wipe it to start again.",
            ) from exc

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {"version": FILE_VERSION, "current": self.current.as_json()}
        if self.pending is not None:
            data["pending"] = self.pending.as_json()
        text = json.dumps(data, indent=2).encode("utf-8")
        write_atomically(path, lambda out: out.write(text))

    def with_pending(self, entry: KeyEntry | None) -> KeyFile:
        return replace(self, pending=entry)

    def promoted(self) -> KeyFile:
        """The pending key made current (a rotation committed)."""
        if self.pending is None:
            raise ValueError("no rotation in progress")
        return KeyFile(self.pending)
