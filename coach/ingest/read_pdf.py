"""PDF reader on pypdf: text per page, columns kept apart, wrapped bullets joined.

How the text comes out, and why (measured on the typst and fpdf2 CVs the tests make):

- pypdf's "plain" mode follows the content stream. Both producers happen to write a
  sidebar before the main column, so plain mode kept the columns apart there, but it
  keeps no positions: a producer that writes line by line across the page (Word tables,
  many HTML-to-PDF tools) interleaves the columns and nothing downstream can undo it,
  and wrapped lines cannot be told from new paragraphs.
- "layout" mode places each character on a fixed-width grid by its x/y position. That
  keeps every line where it is printed, so we find the gutter ourselves: a run of
  blank character columns that many consecutive rows share, with text on both sides.
  Those rows are split into a left and a right column, read left column first. The
  grid also keeps indentation, which tells a bullet's wrapped continuation (hanging
  indent) from the next block.
- Font sizes come from a second pass with a text visitor: a line printed larger than
  the body text is a heading. Layout mode loses sizes, so lines are matched by text.

Limits: the split needs at least a few rows side by side; more than two columns, text
boxes that overlap, or a column that wanders sideways are read row by row. A right-
aligned date beside a job title is deliberately not a column (too few rows). Rotated
text is dropped. Scanned pages have no text at all and are reported, not OCRed.

Broken and hostile files: only pypdf's own calls sit inside the handler that turns its
exceptions into "this PDF is damaged" (see _pypdf_errors); a page tree listing one page
thousands of times, or anything else slow, hits the READ_SECONDS deadline; text placed
far off the page makes a grid too wide to search for a gutter, so it is read row by row.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
import time
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText, bounded
from coach.ingest.lines import (
    collapse,
    ends_sentence,
    is_bullet,
    join_wrapped,
    looks_like_heading,
    strip_bullet,
)
from coach.tasks import Cancelled

GUTTER = 3  # blank character columns that separate two text columns on the layout grid
MIN_SIDE_BY_SIDE_ROWS = 4  # rows with text on both sides before a gutter counts
MAX_GRID_WIDTH = 1_000  # characters; beyond this no gutter is looked for
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,3}(\s*(/|of)\s*\d{1,3})?$", re.IGNORECASE)

# Reading gives up after this long (checked between pages and for every piece of text):
# a 20-page CV reads in about 1.2 s on a 2-core laptop, and the rest of ingestion needs
# room before the 10 s a person will wait for one file.
READ_SECONDS = 6.0
DAMAGED = "This PDF could not be read: it looks damaged or incomplete."
DAMAGED_HINT = "Open it in a PDF viewer, save or export it again, and add the new file."
SCANNED = (
    "No text layer was found in this PDF (it looks scanned). OCR is not available in "
    "Loopcoach: export a text PDF or DOCX from the original."
)


@dataclass(frozen=True)
class _Line:
    text: str
    indent: int  # characters from the column's left edge
    page: int
    fill: float  # length over the column's widest line: near 1.0 means the line wrapped
    gap_before: bool  # a blank row or a column start precedes it
    size: float = 0.0  # printed font size when the visitor pass could match the line


def read_pdf(
    data: bytes,
    *,
    password: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractedText:
    # pypdf warns and logs freely on odd files: warnings must not escape as errors, and a
    # broken file must not flood the log with hundreds of lines. Both become one note.
    with warnings.catch_warnings(record=True) as caught, _quiet_pypdf_log() as logged:
        warnings.simplefilter("always")
        lines, body, notes, pages = _extract(data, password, should_stop, on_progress)
    notes += _meaningful(len(caught) + logged.count)
    if not any(line.text for line in lines):
        raise UserError(SCANNED)
    return ExtractedText(
        blocks=_assemble(lines, body), source_format="pdf", pages=pages, warnings=tuple(notes)
    )


def _open(data: bytes, password: str | None) -> Any:
    # A file without its end marker was cut short; pypdf would guess and return a part.
    if b"%%EOF" not in data[-4096:]:
        raise UserError(
            "This PDF is incomplete: the end of the file is missing (it looks truncated).",
            hint="Download or export it again, then add the new file.",
        )
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are encrypted only against editing, with an empty open password.
        if reader.decrypt("") != PasswordType.NOT_DECRYPTED:
            return reader
        if password is None:
            raise UserError(
                "This PDF is encrypted.",
                hint="Enter its password to open it, or export an unprotected copy.",
            )
        if reader.decrypt(password) == PasswordType.NOT_DECRYPTED:
            raise UserError(
                "The password you entered did not open this encrypted PDF.",
                hint="Check the password and try again.",
            )
    return reader


def _extract(
    data: bytes,
    password: str | None,
    should_stop: Callable[[], bool] | None,
    on_progress: Callable[[int, int], None] | None,
) -> tuple[list[_Line], float, list[str], int]:
    deadline = time.monotonic() + READ_SECONDS
    with _pypdf_errors():
        reader = _open(data, password)
        pages = list(reader.pages)  # walking the page tree is pypdf's work too
    total = len(pages)
    if not total:  # an empty or broken page tree, not a scan
        raise UserError("This PDF has no pages: it looks damaged or incomplete.", hint=DAMAGED_HINT)
    lines: list[_Line] = []
    sizes: Counter[float] = Counter()
    empty_pages: list[int] = []
    for index, page in enumerate(pages):
        if should_stop is not None and should_stop():
            raise Cancelled
        _check_time(deadline)
        with _pypdf_errors():
            page_sizes = _font_sizes(page, sizes, deadline)
            grid = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
        page_lines = _page_lines(grid, page_sizes, index + 1)
        if not page_lines:
            empty_pages.append(index + 1)
        lines += page_lines
        if on_progress is not None:
            on_progress(index + 1, total)
    notes = []
    if empty_pages and len(empty_pages) < total:
        listed = ", ".join(str(number) for number in empty_pages)
        notes.append(
            f"No text was found on page {listed} (scanned images are skipped: "
            "OCR is not available)."
        )
    return lines, _body(sizes), notes, total


# What pypdf raises on broken input. Wide on purpose: inside _pypdf_errors each one
# means "the file is broken", not "Loopcoach is broken".
_PYPDF_BAD_INPUT = (
    PyPdfError,
    ValueError,  # also UnicodeDecodeError, binascii.Error
    LookupError,  # KeyError, IndexError, unknown codecs
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,  # ZeroDivisionError, OverflowError
    RecursionError,  # objects nested thousands deep
    NotImplementedError,  # filters and encryption versions pypdf does not know
    struct.error,
    zlib.error,
)


@contextmanager
def _pypdf_errors() -> Iterator[None]:
    """Turn what pypdf raises on a broken file into a UserError.

    Only pypdf calls run inside (and the tiny font-size visitor it calls back), so our
    own processing of the text stays outside, where a bug shows as a bug. On damaged
    files pypdf raises its PyPdfError family but also plain built-in errors from deep in
    its parser (the fuzz test saw AttributeError, TypeError and NotImplementedError
    besides PdfReadError, PdfStreamError and LimitReachedError): see _PYPDF_BAD_INPUT."""
    try:
        yield
    except (UserError, Cancelled):
        raise
    except DependencyError as exc:
        raise UserError(
            "This PDF uses an encryption that Loopcoach cannot open.",
            hint="Export an unprotected copy from the program that made it.",
        ) from exc
    except MemoryError as exc:  # a size or count in the file asked for gigabytes
        raise UserError(
            "This PDF could not be read: it asks for far more memory than a document "
            "needs, so it is probably damaged.",
            hint=DAMAGED_HINT,
        ) from exc
    except _PYPDF_BAD_INPUT as exc:
        raise UserError(DAMAGED, hint=DAMAGED_HINT) from exc


def _check_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise UserError(
            f"This PDF took too long to read (over {READ_SECONDS:.0f} seconds): it may be "
            "damaged, or far longer than a CV or job posting.",
            hint="Export it again from the program that made it, or add only the pages "
            "that matter.",
        )


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _quiet_pypdf_log() -> Iterator[_Counter]:
    # Ingestion runs one document at a time (its own lane), so borrowing the logger is safe.
    logger = logging.getLogger("pypdf")
    counter = _Counter()
    propagate = logger.propagate
    logger.addHandler(counter)
    logger.propagate = False
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.propagate = propagate


def _meaningful(problems: int) -> list[str]:
    if not problems:
        return []
    return [
        "This PDF has small errors; Loopcoach read what it could. Check the text below "
        "against the original."
    ]


# ------------------------------------------------------------------------------ one page


def _page_lines(grid: str, sizes: dict[str, float], number: int) -> list[_Line]:
    rows = [row.rstrip() for row in grid.split("\n")]
    lines: list[_Line] = []
    for column in _columns(rows):
        for line in _column_lines(column, number):
            lines.append(replace(line, size=sizes.get(_key(line.text), 0.0)))
    return lines


def _font_sizes(page: Any, body: Counter[float], deadline: float) -> dict[str, float]:
    """Printed size of each piece of text, keyed by its letters without spaces; `body`
    counts characters per size over the whole document, to find the body text size.
    pypdf calls the visitor for every piece of text, so it also checks the time."""
    sizes: dict[str, float] = {}

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        _check_time(deadline)
        key = _key(text)
        if key:
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            printed = round(float(size) * scale, 1)
            sizes[key] = max(sizes.get(key, 0.0), printed)
            body[printed] += len(key)

    page.extract_text(visitor_text=visit)
    return sizes


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def _columns(rows: list[str]) -> list[list[str]]:
    """Split the page's rows into reading-order runs: full-width rows stay as they are,
    a run of rows side by side becomes its left column followed by its right column."""
    gutter = _find_gutter(rows)
    if gutter is None:
        return [rows]
    runs: list[list[str]] = []
    spanning: list[str] = []
    block: list[str] = []

    def close_block() -> None:
        side_by_side = sum(1 for row in block if row[:gutter].strip() and row[gutter:].strip())
        if side_by_side >= MIN_SIDE_BY_SIDE_ROWS:
            runs.append([row[:gutter] for row in block])
            runs.append([row[gutter + GUTTER :] for row in block])
        elif block:
            spanning.extend(block)
        block.clear()

    for row in rows:
        if row[gutter : gutter + GUTTER].strip():  # the row crosses the gutter
            close_block()
            spanning.append(row)
        else:
            if spanning:
                runs.append(list(spanning))
                spanning.clear()
            block.append(row)
    close_block()
    if spanning:
        runs.append(spanning)
    return runs


def _find_gutter(rows: list[str]) -> int | None:
    """The grid column where most rows have text on both sides and blanks in between."""
    width = max((len(row) for row in rows), default=0)
    # A page is a few hundred grid columns wide; a wider grid has text placed far off
    # the page (broken or hostile), and searching it would take seconds per page.
    if width < 30 or width > MAX_GRID_WIDTH:
        return None
    best, best_rows = None, 0
    for start in range(int(width * 0.15), int(width * 0.85)):
        count = 0
        for row in rows:
            if (
                len(row) > start + GUTTER
                and not row[start : start + GUTTER].strip()
                and row[:start].strip()
                and row[start + GUTTER :].strip()
            ):
                count += 1
        if count > best_rows:
            best, best_rows = start, count
    # The left edge of the gutter: move right while the left column still fits.
    return best if best_rows >= MIN_SIDE_BY_SIDE_ROWS else None


def _column_lines(rows: list[str], page: int) -> list[_Line]:
    texts = [row.rstrip() for row in rows]
    filled = [row for row in texts if row.strip()]
    if not filled:
        return []
    margin = min(len(row) - len(row.lstrip()) for row in filled)
    widest = max(len(collapse(row)) for row in filled) or 1
    lines: list[_Line] = []
    gap = True
    for row in texts:
        text = collapse(row)
        if not text or _PAGE_NUMBER.match(text):
            gap = True
            continue
        indent = len(row) - len(row.lstrip()) - margin
        lines.append(_Line(text, indent, page, len(text) / widest, gap))
        gap = False
    return lines


# ------------------------------------------------------------------------------- blocks


def _assemble(lines: list[_Line], body: float) -> tuple[Block, ...]:
    heading_sizes = sorted(
        {line.size for line in lines if body and line.size > body * 1.1},
        reverse=True,
    )
    blocks: list[Block] = []
    current: dict[str, Any] | None = None
    previous: _Line | None = None

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(Block(current["kind"], current["text"], page=current["page"]))
        current = None

    for line in lines:
        level = _heading_level(line, body, heading_sizes)
        if level:
            flush()
            blocks.append(Block("heading", line.text.rstrip(":"), page=line.page, level=level))
        elif is_bullet(line.text):
            flush()
            current = {"kind": "bullet", "text": strip_bullet(line.text), "page": line.page}
            current["indent"] = line.indent
        elif current and previous and _continues(current, previous, line):
            current["text"] = join_wrapped(current["text"], line.text)
        else:
            flush()
            current = {"kind": "paragraph", "text": line.text, "page": line.page}
            current["indent"] = line.indent
        previous = None if level else line
    flush()
    return bounded(blocks)


def _continues(current: dict[str, Any], previous: _Line, line: _Line) -> bool:
    if current["kind"] == "bullet":
        # A hanging indent under the bullet's text is the surest sign of a wrapped line.
        if line.indent > current["indent"]:
            return True
        return not line.gap_before and previous.fill > 0.75 and not ends_sentence(previous.text)
    if line.gap_before or line.indent > current["indent"] + 2:
        return False
    return previous.fill > 0.75 and not (ends_sentence(previous.text) and line.text[0].isupper())


def _body(counts: Counter[float]) -> float:
    return counts.most_common(1)[0][0] if counts else 0.0


def _heading_level(line: _Line, body: float, heading_sizes: list[float]) -> int:
    if is_bullet(line.text) or len(line.text) > 60 or line.text.endswith("."):
        return 0
    if line.size in heading_sizes:
        return heading_sizes.index(line.size) + 1
    # Body-size headings: CAPITALS always; Title Case only when sizes gave no signal.
    if looks_like_heading(line.text, title_case=not heading_sizes):
        return len(heading_sizes) + 1 if heading_sizes else 1
    return 0
