"""How candidate text is stored in SQLite.

Every column that holds the candidate's own words is a BLOB written through a
`TextCodec`, never a TEXT column written directly (see migrations.py: every BLOB
column is a codec column). Each value starts with one format byte, so a reader
always knows what it holds and rows can be re-encoded in place:

- format 0: UTF-8 text, unencrypted. Only databases written before encryption (and
  unit tests of other layers) hold it; opening such a folder seals every value.
- format 1: AES-256-GCM. `0x01 | nonce (12 bytes) | ciphertext | tag (16 bytes)`, the
  format byte bound in as associated data. A fresh random nonce per value: 2^32 values
  under one key keep the collision risk below 2^-32, far beyond any candidate's data.

A codec also fingerprints text for de-duplication. Under encryption the fingerprint is
an HMAC with a key derived from the data key, so a stored hash cannot confirm a guess
of the CV's content to someone without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coach.errors import UserError

PLAIN_FORMAT = 0x00
SEALED_FORMAT = 0x01
KEY_BYTES = 32
_NONCE_BYTES = 12


class TextCodec(Protocol):
    def encode(self, text: str) -> bytes: ...

    def decode(self, blob: bytes | None) -> str: ...

    def fingerprint(self, text: str) -> str: ...


class CorruptValueError(UserError, ValueError):
    """A stored value has a format byte this codec cannot read, or fails its check.

    A sentence for a person (a UserError): the commands and the window show it as is.
    damage.py names which value it is once the folder is opened."""

    def __init__(self, message: str = "", *, hint: str = "") -> None:
        super().__init__(
            message
            or "A stored value is damaged: it does not open with this key (it was "
            "altered on disk, or sealed under another key).",
            hint=hint
            or "loopcoach doctor names what is damaged; restore the folder from a "
            "backup archive (loopcoach backup import FILE --home NEW_FOLDER) to recover it.",
        )


def _format_of(blob: bytes) -> int:
    if not blob:
        raise CorruptValueError()
    return blob[0]


def _plain_text(blob: bytes) -> str:
    try:
        return blob[1:].decode("utf-8")
    except UnicodeDecodeError as exc:  # e.g. a sealed value whose format byte was flipped
        raise CorruptValueError() from exc


class PlainCodec:
    """Format 0 only: for tests of other layers and for reading pre-encryption rows."""

    def encode(self, text: str) -> bytes:
        return bytes([PLAIN_FORMAT]) + text.encode("utf-8")

    def decode(self, blob: bytes | None) -> str:
        if blob is None:
            return ""
        blob = bytes(blob)
        if _format_of(blob) != PLAIN_FORMAT:
            raise CorruptValueError()
        return _plain_text(blob)

    def fingerprint(self, text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SealedCodec:
    """Format 1: AES-256-GCM under the data folder's key. Reads format 0 too, so a
    folder written before encryption opens, and is then sealed (see sealing.py)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._aead = AESGCM(key)
        self._fingerprint_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"loopcoach fingerprint"
        ).derive(key)

    def encode(self, text: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        header = bytes([SEALED_FORMAT])
        return header + nonce + self._aead.encrypt(nonce, text.encode("utf-8"), header)

    def decode(self, blob: bytes | None) -> str:
        if blob is None:
            return ""
        blob = bytes(blob)
        kind = _format_of(blob)
        if kind == PLAIN_FORMAT:
            return _plain_text(blob)
        if kind != SEALED_FORMAT:
            raise CorruptValueError()
        nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, blob[:1]).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError) as exc:
            raise CorruptValueError() from exc

    def fingerprint(self, text: str) -> str:
        return hmac.new(self._fingerprint_key, text.encode("utf-8"), hashlib.sha256).hexdigest()
