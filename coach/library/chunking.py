"""Chunks follow the document's structure: one bullet, one requirement, one role header,
or a paragraph split only between sentences. Each carries where it came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.ingest.blocks import Block

MAX_WORDS = 90  # a long paragraph is split near this size, always at a sentence end
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Chunk:
    text: str
    kind: str  # "bullet", "paragraph", "role" or "requirement"
    section: str = ""
    page: int | None = None
    role_index: int | None = None  # position of the parsed role this chunk belongs to


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def split_paragraph(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Groups of whole sentences of about `max_words`; a single longer sentence stays whole."""
    groups: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in split_sentences(text):
        count = len(sentence.split())
        if current and words + count > max_words:
            groups.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += count
    if current:
        groups.append(" ".join(current))
    return groups


def chunk_blocks(
    blocks: Sequence[Block],
    *,
    section_of: Sequence[str] | None = None,
    role_of: Sequence[int | None] | None = None,
) -> list[Chunk]:
    """Chunks for blocks; `section_of[i]` and `role_of[i]` label block i when known.
    Headings become no chunk of their own: they name the section of what follows."""
    chunks: list[Chunk] = []
    for index, block in enumerate(blocks):
        if block.kind == "heading" or not block.text.strip():
            continue
        section = section_of[index] if section_of else ""
        role = role_of[index] if role_of else None
        parts = [block.text] if block.kind == "bullet" else split_paragraph(block.text)
        for part in parts:
            chunks.append(Chunk(part, block.kind, section, block.page, role))
    return chunks
