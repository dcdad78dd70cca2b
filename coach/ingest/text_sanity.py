"""Is this text written in a language at all? Refuse random bytes posing as a document.

A file of random bytes named `.html` or `.md`, or noise pasted by mistake, decodes to
"text" whose title and passages are garbage. Written language, in any script, has two
marks that noise lacks: almost every character is a printable, assigned one (no control
characters, private-use or unassigned code points, replacement characters), and most
of it sits in word-like tokens: runs of letters and digits between spaces, short unless
the script is written without spaces (Chinese, Japanese, Thai...). Random bytes have a
space once in 256 characters, so their "words" are hundreds of characters long.

The thresholds are loose on purpose: tables, code, URLs and numbers pass (tested).
Texts under 40 visible characters are too short to judge and pass.
"""

from __future__ import annotations

import unicodedata

from coach.errors import UserError

MIN_CHARS = 40
MAX_BAD_SHARE = 0.05  # control, private-use, unassigned, replacement characters
MIN_WORDLIKE_SHARE = 0.5  # of visible characters, in word-like tokens
MAX_WORD = 30  # longer tokens are word-like only in scripts written without spaces
_BAD = frozenset(("Cc", "Cs", "Co", "Cn"))
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR",
             "TIBETAN", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH")  # fmt: skip

NOT_LANGUAGE = (
    "This file does not look like text in any language: it may be random bytes, a "
    "binary file, or a damaged one, so nothing was added."
)
NOT_LANGUAGE_HINT = "Open it in the program that made it and export a PDF, DOCX or text file."


def check_language(text: str) -> None:
    """Raise a UserError when `text` reads as noise rather than writing."""
    if not looks_like_language(text):
        raise UserError(NOT_LANGUAGE, hint=NOT_LANGUAGE_HINT)


def looks_like_language(text: str) -> bool:
    visible = [char for char in text if not char.isspace()]
    if len(visible) < MIN_CHARS:
        return True
    bad = sum(1 for char in visible if char == "\ufffd" or unicodedata.category(char) in _BAD)
    if bad / len(visible) > MAX_BAD_SHARE:
        return False
    wordlike = sum(len(token) for token in text.split() if _wordlike(token))
    return wordlike / len(visible) >= MIN_WORDLIKE_SHARE


def _wordlike(token: str) -> bool:
    core = token.strip("".join(c for c in token if unicodedata.category(c)[0] in "PS"))
    if not core:
        return False
    alnum = sum(1 for char in core if char.isalnum())
    if alnum / len(core) < 0.6:
        return False
    if len(core) <= MAX_WORD:
        return True
    unspaced = sum(1 for char in core if unicodedata.name(char, "").startswith(_UNSPACED))
    return unspaced / len(core) >= 0.5
