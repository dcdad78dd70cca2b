"""Line-level helpers every reader shares: bullets, headings, whitespace, plain text.

Markdown, plain text and pasted text go through `parse_text`; the PDF, DOCX and HTML
readers use the bullet and heading helpers on the lines they recover.
"""

from __future__ import annotations

import re

from coach.ingest.blocks import Block

# A bullet starts with a glyph or a list number, then a space. "-" and "*" count only
# with a space after them, so "-5%" or "*nix" stay text.
_BULLET = re.compile(r"^\s*(?:[•●▪■◦‣○□►▸✓✔·\-*+–—]|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s+(?=\S)")
_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?;:…)\"”]$")
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "&", "at", "with", "or"}


def collapse(text: str) -> str:
    """One line of text with single spaces (tabs, newlines and no-break spaces too)."""
    return _WS.sub(" ", text).strip()


def is_bullet(line: str) -> bool:
    return _BULLET.match(line) is not None


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text.rstrip()) is not None


def join_wrapped(first: str, second: str) -> str:
    """Join a line with its wrapped continuation, mending a hyphen at the break.

    A line that ends in a hyphen right after a letter was broken inside a word
    ("per-" + "domain"): keep the hyphen and add no space, which is right for compound
    words and only leaves a stray hyphen in the rarer soft-hyphenated word."""
    first, second = first.rstrip(), second.strip()
    if not first:
        return second
    if first.endswith("-") and len(first) > 1 and first[-2].isalpha():
        return first + second
    return f"{first} {second}"


def looks_like_heading(line: str, *, title_case: bool = True) -> bool:
    """A short line with no digits and no closing full stop, in CAPITALS or Title Case.

    Digits rule out role lines ("Engineer — Acme | 2019 – Present") and dates. Title Case
    can be turned off where font sizes give a better signal (PDF), since a job title
    like "Staff Software Engineer" is Title Case too."""
    text = line.strip().rstrip(":")
    words = text.split()
    if not words or len(words) > 6 or len(text) > 48 or any(ch.isdigit() for ch in text):
        return False
    if text.endswith((".", ",", ";", "!", "?")) or is_bullet(line):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return False
    if all(not ch.islower() for ch in letters):
        return True
    if not title_case:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words if w[0].isalpha())


# ----------------------------------------------------------------------- Markdown and text

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")


def _unmark(text: str) -> str:
    """Drop Markdown inline marks: links keep their words, bold and code lose their fences."""
    return collapse(_EMPHASIS.sub(r"\2", _LINK.sub(r"\1", text)))


def parse_text(text: str) -> tuple[Block, ...]:
    """Blocks from Markdown or plain text.

    `#` headings, Setext underlines and short CAPITALS lines are headings; bullets are
    one block even when hard-wrapped. A line joins the one before only when that one
    looks wrapped (long, near the widest line), because plain-text CVs often put a role
    line and its first sentence on consecutive lines with no blank line between."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    widest = max((len(line.rstrip()) for line in lines), default=0)
    wrap_at = max(40, int(widest * 0.6))
    blocks: list[Block] = []
    current: tuple[str, str] | None = None  # (kind, text) being built
    last_raw = ""

    def flush() -> None:
        nonlocal current
        if current and current[1].strip():
            blocks.append(Block(current[0], _unmark(current[1])))  # type: ignore[arg-type]
        current = None

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif (
            _SETEXT.match(line)
            and current
            and current[0] == "paragraph"
            and "\n" not in current[1]
            and len(last_raw.strip()) < 60
        ):
            level = 1 if stripped.startswith("=") else 2
            blocks.append(Block("heading", _unmark(current[1]), level=level))
            current = None
        elif _RULE.match(line):
            flush()
        elif match := _ATX.match(stripped):
            flush()
            blocks.append(Block("heading", _unmark(match.group(2)), level=len(match.group(1))))
        elif is_bullet(line):
            flush()
            current = ("bullet", strip_bullet(line))
        elif current and _continues(current, last_raw, line, wrap_at):
            current = (current[0], join_wrapped(current[1], stripped))
        elif looks_like_heading(_unmark(stripped), title_case=False):
            flush()
            blocks.append(Block("heading", _unmark(stripped).rstrip(":"), level=2))
        else:
            flush()
            current = ("paragraph", stripped)
        last_raw = line
    flush()
    return tuple(blocks)


def _continues(current: tuple[str, str], previous: str, line: str, wrap_at: int) -> bool:
    indented = len(line) - len(line.lstrip()) > len(previous) - len(previous.lstrip())
    if current[0] == "bullet" and indented:
        return True  # a hanging indent under a bullet
    return len(previous.rstrip()) >= wrap_at and not ends_sentence(previous)
