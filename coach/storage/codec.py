"""How candidate text is stored in SQLite.

Every column that holds the candidate's own words is a BLOB written through a
`TextCodec`, never a TEXT column written directly. Each value starts with one
format byte, so a later encrypting codec can be introduced (and rows re-encoded
in place) without a schema change, and a reader always knows what it holds.
"""

from __future__ import annotations

from typing import Protocol

PLAIN_FORMAT = 0x00


class TextCodec(Protocol):
    def encode(self, text: str) -> bytes: ...

    def decode(self, blob: bytes | None) -> str: ...


class CorruptValueError(ValueError):
    """A stored value has a format byte this codec cannot read."""


class PlainCodec:
    """Format 0: UTF-8 text behind the format byte; no encryption yet."""

    def encode(self, text: str) -> bytes:
        return bytes([PLAIN_FORMAT]) + text.encode("utf-8")

    def decode(self, blob: bytes | None) -> str:
        if blob is None:
            return ""
        blob = bytes(blob)
        if not blob:
            raise CorruptValueError("empty stored value (no format byte)")
        if blob[0] != PLAIN_FORMAT:
            raise CorruptValueError(f"stored value has unknown format byte {blob[0]:#04x}")
        return blob[1:].decode("utf-8")
