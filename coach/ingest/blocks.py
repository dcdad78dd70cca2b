"""The common shape every reader produces: the document's text as ordered blocks.

Readers (PDF, DOCX, Markdown, text, JSON Resume, HTML) keep what structure the format
gives (headings, bullets, pages); the CV and posting parsers work on blocks only, so
they never care where the text came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullet"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # one line of meaning: a heading, a paragraph, one bullet (never cut mid-sentence)
    page: int | None = None  # 1-based page of a PDF; None for formats without pages
    level: int = 0  # heading depth (1 = top), 0 for other blocks


@dataclass(frozen=True)
class ExtractedText:
    blocks: tuple[Block, ...]
    source_format: str  # "pdf", "docx", "markdown", "text", "json-resume", "html", "pasted"
    pages: int | None = None
    warnings: tuple[str, ...] = field(default=())  # things the candidate should know

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)
