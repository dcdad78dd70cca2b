"""Names shown on a screen or a terminal, with nothing invisible left in them.

A document's title, file name and company, and a role's title and company, come from
text someone else wrote. Invisible characters there can mislead or attack: a bidi
override (U+202E) makes "fdp.exe" display as "exe.pdf", tag characters (U+E0000...)
carry hidden text, zero-width characters split words, and a terminal acts on ESC and
other control characters ("\\x1b[2J" clears it). `visible_line` is the one place those
are dropped, applied when a name is made (coach/library/service.py), so every view of
it, the CLI's, the window's, an export's, shows the same plain line.

Zero-width (non-)joiners (U+200C, U+200D) are kept: Persian and Indic words and emoji
sequences need them, and they reorder nothing.
"""

from __future__ import annotations

import re
import unicodedata

_KEEP_FORMAT = frozenset("\u200c\u200d")
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)?")


def invisible(char: str) -> bool:
    """A format character (bidi controls, zero-width space, tags...) or a control one."""
    category = unicodedata.category(char)
    return (category == "Cf" and char not in _KEEP_FORMAT) or category == "Cc"


def visible_line(text: str) -> str:
    """`text` as one plain line: terminal escape sequences and invisible characters
    dropped, every run of white space (line breaks too) one space."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return " ".join("".join(" " if char in "\t\n\r" else char for char in text
                            if char in "\t\n\r" or not invisible(char)).split())  # fmt: skip
