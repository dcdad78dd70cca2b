"""The common shape every reader produces: the document's text as ordered blocks.

Readers (PDF, DOCX, Markdown, text, JSON Resume, HTML) keep what structure the format
gives (headings, bullets, pages); the CV and posting parsers work on blocks only, so
they never care where the text came from.

Every reader collects its blocks through `bounded`, which refuses a document far
longer than any CV or posting (a hostile or broken file must not keep the parsers and
the database busy for minutes) and replaces unpaired surrogates, which a JSON escape
("\\ud800") or a broken PDF font map can produce and which UTF-8 cannot store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from coach.errors import UserError

BlockKind = Literal["heading", "paragraph", "bullet"]

# Far beyond any CV or posting (the 20-page CV PDF the tests build has 233 blocks), and
# low enough that parsing and storing a document just under them takes a few seconds
# (the posting parser's injection check alone takes about 3 s per million characters).
MAX_BLOCKS = 10_000
MAX_CHARS = 300_000  # about 120 dense pages (the two-page test CV has 1,700 characters)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # one line of meaning: a heading, a paragraph, one bullet (never cut mid-sentence)
    page: int | None = None  # 1-based page of a PDF; None for formats without pages
    level: int = 0  # heading depth (1 = top); for bullets the nesting depth (0 = top)
    # The pieces of a one-line block the layout sets apart (a bold run, a run in another
    # style, text across a wide gap or in a side column of dates): the CV parser reads
    # fields from them. Empty when the format gives no such signal.
    parts: tuple[str, ...] = ()
    side: tuple[str, ...] = ()  # those of `parts` set at the line's far edge or beside it
    links: tuple[str, ...] = ()  # link targets printed on this block (PDF annotations)


@dataclass(frozen=True)
class ExtractedText:
    blocks: tuple[Block, ...]
    source_format: str  # "pdf", "docx", "markdown", "text", "json-resume", "html", "pasted"
    pages: int | None = None
    warnings: tuple[str, ...] = field(default=())  # things the candidate should know
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (no text layer), 1-based
    ocr_confidence: float | None = None  # mean OCR confidence (0-1) over those pages

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def too_long(what: str) -> UserError:
    return UserError(
        f"This document is far too long for a CV or job posting: it has more than {what}.",
        hint="Add only the part that matters, or check that you chose the right file.",
    )


def check_length(text: str) -> str:
    """Refuse plain text far beyond what `bounded` would accept, before parsing it: the
    text parser takes about a second per million characters."""
    if len(text) > 2 * MAX_CHARS:
        raise too_long(f"{MAX_CHARS:,} characters of text")
    return text


def bounded(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The blocks as a tuple; stops with a UserError once there are more than a CV or a
    posting could hold, so a generator is never run to the end of a huge document."""
    kept: list[Block] = []
    chars = 0
    for block in blocks:
        chars += len(block.text)
        if len(kept) >= MAX_BLOCKS:
            raise too_long(f"{MAX_BLOCKS:,} paragraphs")
        if chars > MAX_CHARS:
            raise too_long(f"{MAX_CHARS:,} characters of text")
        if _SURROGATE.search(block.text):
            kept.append(replace(block, text=_SURROGATE.sub("\ufffd", block.text)))
        else:
            kept.append(block)
    return tuple(kept)
