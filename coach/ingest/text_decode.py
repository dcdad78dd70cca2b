"""Bytes of a text file to str: UTF-8 first, then charset-normalizer's best guess."""

from __future__ import annotations

import codecs
import re

from coach.errors import UserError

NOT_TEXT = "This file does not look like text: it may be a binary or damaged file."
NOT_TEXT_HINT = "Open it in the program that made it and export a PDF, DOCX or text file."
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text, and warnings for the candidate (naming the encoding when not UTF-8)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace")), ()
    if b"\x00" in data:
        raise UserError(NOT_TEXT, hint=NOT_TEXT_HINT)
    try:
        return _checked(data.decode("utf-8")), ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only for non-UTF-8 files

    best = from_bytes(data).best()
    if best is None:
        raise UserError(NOT_TEXT, hint=NOT_TEXT_HINT)
    text, encoding = str(best), best.encoding
    # Short Western texts often fit several code pages byte for byte; name the usual one.
    if encoding != "cp1252" and _decodes_same(data, "cp1252", text):
        encoding = "cp1252"
    warning = (
        f"This file is not UTF-8; Loopcoach read it as {encoding} (detected automatically). "
        "Check that accented letters look right."
    )
    return _checked(text), (warning,)


def _decodes_same(data: bytes, encoding: str, text: str) -> bool:
    try:
        return data.decode(encoding) == text
    except UnicodeDecodeError:
        return False


def _checked(text: str) -> str:
    """Refuse text that is mostly control characters: binary data that happened to decode."""
    controls = len(_CONTROL.findall(text))  # a regex, not a loop: files run to 50 MB
    if text and controls / len(text) > 0.05:
        raise UserError(NOT_TEXT, hint=NOT_TEXT_HINT)
    return text
