"""DOCX reader on python-docx: paragraphs and table cells in reading order.

Headings come from the "Title"/"Heading N" styles or from short lines set all in bold;
list paragraphs (a "List ..." style or Word numbering) are bullets. CV templates often
lay out a page with tables, so tables are read row by row, cell by cell, nested tables
included; a cell merged across columns is read once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText
from coach.ingest.lines import collapse, is_bullet, looks_like_heading, strip_bullet

_HEADING_STYLE = re.compile(r"^heading\s*(\d)", re.IGNORECASE)


def read_docx(data: bytes) -> ExtractedText:
    import docx  # noqa: PLC0415 - only DOCX files need python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = tuple(_blocks(document))
    except MemoryError:
        raise
    except Exception as exc:  # zip, XML and package errors all mean the same to a person
        raise UserError(
            "This Word document could not be read: it looks damaged or incomplete.",
            hint="Open it in Word or LibreOffice, save it again as .docx, and add the new file.",
        ) from exc
    return ExtractedText(blocks=blocks, source_format="docx")


def _blocks(container: Any) -> Iterator[Block]:
    from docx.table import Table  # noqa: PLC0415

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_blocks(item)
        else:
            block = _paragraph_block(item)
            if block is not None:
                yield block


def _table_blocks(table: Any) -> Iterator[Block]:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            yield from _blocks(cell)


def _paragraph_block(paragraph: Any) -> Block | None:
    text = collapse(paragraph.text)
    if not text:
        return None
    style = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
    level = 1 if style == "title" else 0
    if match := _HEADING_STYLE.match(style):
        level = int(match.group(1))
    elif not level and _all_bold(paragraph) and looks_like_heading(text):
        level = 2
    if level:
        return Block("heading", text.rstrip(":"), level=level)
    if "list" in style or _is_numbered(paragraph) or is_bullet(text):
        # A typed glyph ("• ") in a list paragraph would show twice: strip it.
        return Block("bullet", strip_bullet(text) if is_bullet(text) else text)
    return Block("paragraph", text)


def _is_numbered(paragraph: Any) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _all_bold(paragraph: Any) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)
