"""PDF reader: pypdf checks the file, pdfplumber reads words with positions and fonts.

Why two libraries: pypdf answers fast whether the file is whole, encrypted, and whether a
password opens it (the messages below depend on that); pdfplumber (pdfminer.six) gives
every word with its box, font and size, which is what columns, right-aligned dates,
running footers, headings and bullets are read from (see pdf_layout and pdf_blocks).
pypdf's own text modes keep no fonts per word, and its "layout" grid merged columns with
the dates set beside them.

A page with no text layer (a scan) is read by local OCR when the optional extra is
installed (coach.ingest.ocr); the text is marked as OCR with its confidence. Without
the extra, the message says how to add it. An unreadable page is never made up.

Broken and hostile files: only library calls sit inside the handler that turns their
exceptions into "this PDF is damaged" (see _library_errors); anything slow hits the
READ_SECONDS deadline between pages.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from coach.errors import UserError
from coach.ingest.blocks import ExtractedText, bounded
from coach.ingest.pdf_blocks import lines_to_blocks
from coach.ingest.pdf_layout import Line, Word, drop_running_lines, page_lines
from coach.tasks import Cancelled

# Reading gives up after this long (checked between pages): a 20-page CV reads in a few
# seconds on a 2-core laptop, and the rest of ingestion needs room before the 10 s a
# person will wait for one file.
READ_SECONDS = 6.0
MAX_WORDS_PER_PAGE = 20_000  # a dense CV page has about 800; beyond this it is not text
DAMAGED = "This PDF could not be read: it looks damaged or incomplete."
DAMAGED_HINT = "Open it in a PDF viewer, save or export it again, and add the new file."
_BOLD = ("bold", "black", "heavy", "semibold", "demi", "extrabold")
_ITALIC = ("italic", "oblique")


def _is_icon(text: str) -> bool:
    """Private-use characters: icon fonts (phone, mail, GitHub glyphs), not words."""
    return all(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)


def read_pdf(
    data: bytes,
    *,
    password: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractedText:
    # Both libraries warn and log freely on odd files: warnings must not escape as
    # errors, and a broken file must not flood the log. Both become one note.
    with warnings.catch_warnings(record=True) as caught, _quiet_logs() as logged:
        warnings.simplefilter("always")
        pages, heights, widths, links, total = _extract(data, password, should_stop, on_progress)
        # pdfminer logs font problems while it reads; count what a damaged file says.
        problems = len(caught) + logged.count
    from coach.ingest import ocr  # noqa: PLC0415 - the OCR engine loads only for scans

    empty = [index for index, words in enumerate(pages) if not words]
    ocr_result = None
    if empty:
        ocr_result = ocr.read_pages(data, password, [i + 1 for i in empty], should_stop)
        for index in empty:
            pages[index] = ocr_result.words.get(index + 1, [])
    notes = _meaningful(problems)
    cleaned = drop_running_lines(pages, heights)
    lines: list[Line] = []
    line_links: dict[int, list[str]] = {}
    for index, words in enumerate(cleaned):
        for line in page_lines(words, widths[index], index + 1):
            found = [uri for uri, box in links[index] if _overlaps(box, line)]
            if found:
                line_links[len(lines)] = found
            lines.append(line)
    if not lines:
        raise UserError(ocr.nothing_read_message(ocr_result))
    if ocr_result is not None:
        notes += ocr_result.notes(total)
    return ExtractedText(
        blocks=bounded(lines_to_blocks(lines, line_links)),
        source_format="pdf",
        pages=total,
        warnings=tuple(notes),
        ocr_pages=ocr_result.pages if ocr_result else (),
        ocr_confidence=ocr_result.confidence if ocr_result else None,
    )


def _overlaps(box: tuple[float, float, float, float], line: Line) -> bool:
    x0, top, x1, bottom = box
    return x0 < line.x1 and x1 > line.x0 and top < line.bottom and bottom > line.top


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
            return reader, ""
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
        return reader, password
    return reader, ""


Links = list[tuple[str, tuple[float, float, float, float]]]
_STREAM = re.compile(rb"/FlateDecode[^>]*>>\s*stream\r?\n")
MAX_RECOVERED = 256 * 1024  # bytes a broken stream may inflate to before it is refused
MAX_INFLATED = 64 * 1024 * 1024  # bytes any one stream may inflate to


def _refuse_broken_streams(data: bytes, deadline: float) -> None:
    """Refuse a file whose compressed streams would keep pdfminer busy for minutes.

    pdfminer recovers a stream that does not inflate cleanly byte by byte, appending to
    one bytes object: quadratic in what it inflates to (the fuzz test's re-deflated
    fonts hung it). zlib, fed in chunks, tells in milliseconds how far such a stream
    gets; one that breaks after inflating to more than MAX_RECOVERED, or any stream that
    inflates past MAX_INFLATED, means a damaged file."""
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        size = 0
        try:
            for start in range(match.end(), end, 1 << 16):
                size += len(inflater.decompress(data[start : min(end, start + (1 << 16))]))
                if size > MAX_INFLATED:
                    raise UserError(DAMAGED, hint=DAMAGED_HINT)
        except zlib.error as exc:
            if size > MAX_RECOVERED:
                raise UserError(DAMAGED, hint=DAMAGED_HINT) from exc
        _check_time(deadline)


MAX_CODE_RANGE = 65_536  # character codes one font range may span (a whole 16-bit space)
_BFRANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]{1,8})>\s*<([0-9A-Fa-f]{1,8})>\s*[<\[]")


def _refuse_extreme_fonts(reader: Any, deadline: float) -> None:
    """Refuse fonts whose width tables or ToUnicode maps span absurd code ranges.

    pdfminer fills a Python dict entry by entry for every code of such a range, so one
    range of four billion codes keeps it busy for minutes (the fuzz test found both).
    pypdf reads the same tables without expanding them; a real font spans at most the
    16-bit code space."""
    for page in reader.pages:
        _check_time(deadline)
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for entry in fonts.get_object().values():
            font = entry.get_object()
            for descendant in font.get("/DescendantFonts") or []:
                _check_widths(descendant.get_object().get("/W"))
            unicode_map = font.get("/ToUnicode")
            if unicode_map is not None and hasattr(unicode_map.get_object(), "get_data"):
                cmap = unicode_map.get_object().get_data()
                for section in _BFRANGES.findall(cmap):
                    for start, end in _CMAP_RANGE.findall(section):
                        if int(end, 16) - int(start, 16) > MAX_CODE_RANGE:
                            raise UserError(DAMAGED, hint=DAMAGED_HINT)


def _check_widths(widths: Any) -> None:
    """A /W array holds "c [w1 w2 ...]" and "c_first c_last w" entries."""
    values = [value.get_object() for value in widths.get_object()] if widths is not None else []
    index = 0
    while index + 1 < len(values):
        first, second = values[index], values[index + 1]
        if isinstance(second, list):
            if len(second) > MAX_CODE_RANGE:
                raise UserError(DAMAGED, hint=DAMAGED_HINT)
            index += 2
            continue
        if isinstance(first, int) and isinstance(second, int) and second - first > MAX_CODE_RANGE:
            raise UserError(DAMAGED, hint=DAMAGED_HINT)
        index += 3


def _extract(
    data: bytes,
    password: str | None,
    should_stop: Callable[[], bool] | None,
    on_progress: Callable[[int, int], None] | None,
) -> tuple[list[list[Word]], list[float], list[float], list[Links], int]:
    import pdfplumber  # noqa: PLC0415 - only PDFs need it

    deadline = time.monotonic() + READ_SECONDS
    with _library_errors():
        reader, opened_with = _open(data, password)
        total = len(reader.pages)  # walking the page tree is pypdf's work too
        _refuse_extreme_fonts(reader, deadline)
    if not total:  # an empty or broken page tree, not a scan
        raise UserError("This PDF has no pages: it looks damaged or incomplete.", hint=DAMAGED_HINT)
    _refuse_broken_streams(data, deadline)
    pages: list[list[Word]] = []
    heights: list[float] = []
    widths: list[float] = []
    links: list[Links] = []
    with _library_errors(), pdfplumber.open(io.BytesIO(data), password=opened_with) as pdf:
        if len(pdf.pages) != total:
            raise UserError(DAMAGED, hint=DAMAGED_HINT)
        for index, page in enumerate(pdf.pages):
            if should_stop is not None and should_stop():
                raise Cancelled
            _check_time(deadline)
            pages.append(_words(page))
            heights.append(float(page.height))
            widths.append(float(page.width))
            links.append(_links(page))
            page.close()  # pdfplumber caches every object of a page: free them
            if on_progress is not None:
                on_progress(index + 1, total)
    return pages, heights, widths, links, total


def _words(page: Any) -> list[Word]:
    raw = page.extract_words(
        extra_attrs=["fontname", "size"], x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False
    )
    if len(raw) > MAX_WORDS_PER_PAGE:
        raise UserError(
            "This PDF could not be read: a page holds far more text than a document "
            "page can, so it is probably damaged.",
            hint=DAMAGED_HINT,
        )
    words = []
    for item in raw:
        text = str(item["text"])
        if not item.get("upright", True) or not text.strip() or _is_icon(text):
            continue
        font = str(item.get("fontname", "")).lower()
        words.append(
            Word(
                text=text,
                x0=float(item["x0"]),
                x1=float(item["x1"]),
                top=float(item["top"]),
                bottom=float(item["bottom"]),
                size=round(float(item.get("size", 0.0)), 1),
                bold=any(mark in font for mark in _BOLD),
                italic=any(mark in font for mark in _ITALIC),
            )
        )
    return words


def _links(page: Any) -> Links:
    found: Links = []
    for link in page.hyperlinks:
        uri = link.get("uri")
        if isinstance(uri, str) and uri:
            box = (float(link["x0"]), float(link["top"]), float(link["x1"]), float(link["bottom"]))
            found.append((uri, box))
    return found


# What pypdf and pdfminer raise on broken input. Wide on purpose: inside
# _library_errors each one means "the file is broken", not "Loopcoach is broken".
_BAD_INPUT: tuple[type[BaseException], ...] = (
    PyPdfError,
    ValueError,  # also UnicodeDecodeError, binascii.Error
    LookupError,  # KeyError, IndexError, unknown codecs
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,  # ZeroDivisionError, OverflowError
    RecursionError,  # objects nested thousands deep
    NotImplementedError,  # filters and encryption versions the libraries do not know
    struct.error,
    zlib.error,
    EOFError,
)


def _pdfminer_errors() -> tuple[type[BaseException], ...]:
    from pdfminer.pdfparser import PDFSyntaxError  # noqa: PLC0415
    from pdfminer.psexceptions import PSException  # noqa: PLC0415
    from pdfplumber.utils.exceptions import PdfminerException  # noqa: PLC0415

    return (PSException, PDFSyntaxError, PdfminerException)


@contextmanager
def _library_errors() -> Iterator[None]:
    """Turn what pypdf and pdfminer raise on a broken file into a UserError.

    Only library calls run inside, so our own processing of the words stays outside,
    where a bug shows as a bug. On damaged files both raise their own families but also
    plain built-in errors from deep in their parsers (see _BAD_INPUT)."""
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
    except _BAD_INPUT + _pdfminer_errors() as exc:
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
        # pdfminer complains about fonts that render fine (no FontBBox); pypdf's
        # warnings are the ones that went with damaged files.
        if record.name.startswith("pypdf"):
            self.count += 1


@contextmanager
def _quiet_logs() -> Iterator[_Counter]:
    # Ingestion runs one document at a time (its own lane), so borrowing the loggers is safe.
    counter = _Counter()
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer", "pdfplumber")]
    saved = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(counter)
        logger.propagate = False
    try:
        yield counter
    finally:
        for logger, (propagate, _level) in zip(loggers, saved, strict=True):
            logger.removeHandler(counter)
            logger.propagate = propagate


def _meaningful(problems: int) -> list[str]:
    if not problems:
        return []
    return [
        "This PDF has small errors; Loopcoach read what it could. Check the text below "
        "against the original."
    ]
