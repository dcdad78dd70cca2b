"""DOCX reader on python-docx: paragraphs and table cells in reading order.

Headings come from the "Title"/"Heading N" styles or from short lines set all in bold;
list paragraphs (a "List ..." style or Word numbering) are bullets. CV templates often
lay out a page with tables, so tables are read row by row, cell by cell, nested tables
included; a cell merged across columns is read once.

Hostile or broken files: the archive is checked before python-docx sees it (at most
1,000 parts and 100 MB unpacked, each part inflated in small chunks, so a zip bomb
costs nothing), and what python-docx, lxml and zipfile raise on bad input becomes a
UserError saying what is wrong. python-docx parses lazily while the blocks are read,
so that reading sits inside the same handler; it only walks python-docx objects.
XML entities are neither fetched nor expanded (python-docx parses with
resolve_entities=False, and libxml2 refuses entity amplification) and libxml2's depth
limit stays on.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText, bounded
from coach.ingest.lines import collapse, is_bullet, looks_like_heading, strip_bullet

_HEADING_STYLE = re.compile(r"^heading\s*(\d)", re.IGNORECASE)
MAX_PARTS = 1_000  # a CV has 15 to 30 parts, plus its images
MAX_UNPACKED = 100 * 1024 * 1024  # bytes, all parts together
_CHUNK = 1 << 16
_DAMAGED_HINT = "Open it in Word or LibreOffice, save it again as .docx, and add the new file."


def _damaged(why: str) -> UserError:
    return UserError(f"This Word document could not be read: {why}.", hint=_DAMAGED_HINT)


def read_docx(data: bytes) -> ExtractedText:
    import docx  # noqa: PLC0415 - only DOCX files need python-docx
    from docx.exceptions import PythonDocxError  # noqa: PLC0415
    from docx.opc.exceptions import OpcError  # noqa: PLC0415
    from docx.oxml.document import CT_Document  # noqa: PLC0415
    from lxml.etree import LxmlError  # noqa: PLC0415

    package = _unpacked_safely(data)
    try:
        document = docx.Document(io.BytesIO(package))
        # python-docx hands back any root element it finds; a main part whose root is not
        # <w:document><w:body> (another namespace, a renamed tag) is not a Word document.
        if not isinstance(document.element, CT_Document) or document.element.body is None:
            raise _damaged("its main part is not a Word document body")
        blocks = bounded(_blocks(document))
    except (LxmlError, PythonDocxError) as exc:  # XML that is broken or not WordprocessingML
        raise _damaged("the text inside it is broken or incomplete") from exc
    except (OpcError, KeyError) as exc:  # a part the document needs is missing
        raise _damaged("it is missing parts every Word document has") from exc
    except ValueError as exc:  # another Office type, or values python-docx cannot parse
        raise _damaged("it is not a Word document, or its contents are damaged") from exc
    return ExtractedText(blocks=blocks, source_format="docx")


def _unpacked_safely(data: bytes) -> bytes:
    """The same package re-packed uncompressed, after checking that it is not a zip bomb.

    Sizes declared in the archive are checked first, then every part is inflated in small
    chunks up to its declared size. zipfile alone would inflate a whole part in one call
    (up to 1 GB whatever size it declares) when python-docx reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: info for info in archive.infolist()}  # the last one wins
            _check_parts(list(parts.values()))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
                total = 0
                for info in parts.values():
                    body = bytearray()
                    with archive.open(info) as part:
                        while chunk := part.read(_CHUNK):
                            body += chunk
                            total += len(chunk)
                            if total > MAX_UNPACKED:
                                raise _bomb(total)
                    copy.writestr(zipfile.ZipInfo(info.filename), bytes(body))
    # Bad CRC, inflate data or ending; ValueError: offsets that point before the file.
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise _damaged("the file is damaged or incomplete") from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise _damaged("it is packed in a way Loopcoach does not know") from exc
    return out.getvalue()


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    if any(info.flag_bits & 0x1 for info in parts):  # zip encryption: zipfile needs a password
        raise _damaged("parts of it are encrypted")
    if len(parts) > MAX_PARTS:
        raise UserError(
            f"This Word document holds {len(parts):,} parts, far more than any CV or "
            "posting: it may be damaged, or made to overload programs that open it.",
            hint=_DAMAGED_HINT,
        )
    declared = sum(info.file_size for info in parts)
    if declared > MAX_UNPACKED:
        raise _bomb(declared)


def _bomb(size: int) -> UserError:
    return UserError(
        f"This Word document would unpack to {size / 1024 / 1024:,.0f} MB or more, far more "
        "than any CV or posting: it may be damaged, or made to overload programs that "
        "open it.",
        hint=_DAMAGED_HINT,
    )


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
