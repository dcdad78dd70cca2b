"""A sealed byte stream: backup archives (under a passphrase) and recordings (a key).

The stream is cut into chunks of 1 MiB, each sealed with AES-256-GCM under a random
key, or a key derived from a passphrase with scrypt (the same costs as the key file).
Each chunk's nonce holds its number, and its associated data holds the file header and
whether it is the last chunk, so chunks cannot be reordered, dropped, or the stream
cut short without the reader noticing. Memory stays at one chunk whatever the size.

    magic (16) | version (1) | header length (4) | header JSON | chunk*
    chunk = length (4) | ciphertext + tag
"""

from __future__ import annotations

import base64
import json
import os
import struct
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coach.errors import UserError
from coach.storage.keyfile import SCRYPT_N, SCRYPT_P, SCRYPT_R, derive_key

MAGIC = b"LOOPCOACH-BACKUP"
VERSION = 1
CHUNK = 1 << 20
_TAG = 16
_MAX_HEADER = 64 * 1024


class DamagedArchiveError(UserError):
    pass


def _aad(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", number, last)


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">Q", number)


class SealedWriter:
    """A write-only file object; `close()` seals the last chunk (it must be called).

    Sealed under a passphrase (scrypt; a backup archive) or under a random key the
    caller keeps elsewhere (a recording, whose key is a sealed value in the database)."""

    def __init__(
        self, out: BinaryIO, *, passphrase: str | None = None, key: bytes | None = None
    ) -> None:
        salt, self._prefix = os.urandom(16), os.urandom(4)
        kdf = None
        if passphrase is not None:
            kdf = {"name": "scrypt", "salt": base64.b64encode(salt).decode(), "n": SCRYPT_N,
                   "r": SCRYPT_R, "p": SCRYPT_P}  # fmt: skip
            key = derive_key(passphrase, salt)
        if key is None:
            raise ValueError("a sealed stream needs a passphrase or a key")
        meta = {"kdf": kdf, "nonce_prefix": base64.b64encode(self._prefix).decode(), "chunk": CHUNK}
        body = json.dumps(meta).encode("utf-8")
        self._header = MAGIC + bytes([VERSION]) + struct.pack(">I", len(body)) + body
        self._aead = AESGCM(key)
        self._out = out
        self._out.write(self._header)
        self._buffer = bytearray()
        self._number = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep one back: the last chunk is marked last
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._number)
        sealed = self._aead.encrypt(nonce, plain, _aad(self._header, self._number, last))
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


class SealedReader:
    """A read-only file object over a sealed stream; a wrong passphrase or any damage
    raises a UserError that says which."""

    def __init__(
        self, source: BinaryIO, *, passphrase: str | None = None, key: bytes | None = None
    ) -> None:
        self._source = source
        magic = source.read(len(MAGIC) + 1 + 4)
        if len(magic) < len(MAGIC) + 5 or magic[: len(MAGIC)] != MAGIC:
            raise DamagedArchiveError("This file is not a Loopcoach backup archive.")
        if magic[len(MAGIC)] != VERSION:
            raise DamagedArchiveError(
                "This backup archive was made by a newer Loopcoach.",
                hint="Update Loopcoach to import it.",
            )
        (length,) = struct.unpack(">I", magic[-4:])
        if length > _MAX_HEADER:
            raise DamagedArchiveError("This backup archive is damaged (its header is too long).")
        body = source.read(length)
        self._header = magic + body
        try:
            meta: dict[str, Any] = json.loads(body)
            kdf = meta["kdf"]
            if kdf is not None:
                if passphrase is None:
                    raise ValueError("sealed under a passphrase")
                key = derive_key(
                    passphrase, base64.b64decode(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"]
                )
            if key is None:
                raise ValueError("sealed under a key that was not given")
            self._prefix = base64.b64decode(meta["nonce_prefix"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DamagedArchiveError(
                f"This backup archive is damaged (its header cannot be read: {exc})."
            ) from exc
        self._aead = AESGCM(key)
        self._number = 0
        self._plain = b""
        self._done = False

    def _next(self) -> None:
        size = self._source.read(4)
        if len(size) < 4:
            raise DamagedArchiveError(
                "This backup archive is incomplete: it ends before its last part."
            )
        (length,) = struct.unpack(">I", size)
        if length < _TAG or length > CHUNK + _TAG:
            raise DamagedArchiveError("This backup archive is damaged (a part has a bad size).")
        sealed = self._source.read(length)
        nonce = _nonce(self._prefix, self._number)
        for last in (False, True):
            try:
                self._plain = self._aead.decrypt(
                    nonce, sealed, _aad(self._header, self._number, last)
                )
            except InvalidTag:
                continue
            self._done = last
            self._number += 1
            if last and self._source.read(1):
                raise DamagedArchiveError("This backup archive has data after its end.")
            return
        if self._number == 0:
            raise DamagedArchiveError(
                "That passphrase does not open this backup archive (or the archive is damaged)."
            )
        raise DamagedArchiveError(f"This backup archive is damaged (part {self._number + 1}).")

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if not self._plain:
                if self._done:
                    break
                self._next()
                continue
            take = len(self._plain) if size < 0 else min(size - len(out), len(self._plain))
            out += self._plain[:take]
            self._plain = self._plain[take:]
        return bytes(out)
