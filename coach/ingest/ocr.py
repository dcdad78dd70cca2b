"""Local OCR for PDF pages that have no text layer (scanned CVs).

rapidocr-onnxruntime (Apache-2.0) ships its detection and recognition models inside the
wheel, so nothing is downloaded; it is the optional extra `ocr`. Pages are rendered with
pypdfium2 (pdfplumber's renderer) at RENDER_DPI and each recognised line comes back as
words with positions, so the same layout reading (columns, headings by size) applies.

What the candidate is told: which pages were read by OCR and the mean confidence, and to
check the parse. Without the extra, the message says how to add it. Only pages with an
image on them are read (a page with neither text nor image has nothing to read), and at
most MAX_PAGES: a CV is short, and OCR takes seconds per page on a laptop.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coach.ingest.pdf_layout import Word
from coach.tasks import Cancelled

RENDER_DPI = 200
MAX_PAGES = 10
MIN_CONFIDENCE = 0.5  # lines the recogniser itself doubts are left out, never guessed
INSTALL = "pip install 'loopcoach[ocr]'"


@dataclass
class OcrResult:
    available: bool
    words: dict[int, list[Word]] = field(default_factory=dict)  # page number -> words
    scores: list[float] = field(default_factory=list)
    unread: tuple[int, ...] = ()  # pages with no text layer that OCR did not read

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted(page for page, words in self.words.items() if words))

    @property
    def confidence(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    def notes(self, total: int) -> list[str]:
        notes = []
        if self.pages:
            listed = ", ".join(map(str, self.pages))
            which = (
                "This PDF has no text layer"
                if len(self.pages) == total
                else (f"Page {listed} of this PDF has no text layer")
            )
            notes.append(
                f"{which}: it was read by OCR (mean confidence {self.confidence or 0:.0%}). "
                "Check every role, date and bullet below against the original."
            )
        if self.unread:
            listed = ", ".join(map(str, self.unread))
            why = (
                "OCR found no words on it"
                if self.available
                else f"it looks scanned and OCR is not installed ({INSTALL})"
            )
            notes.append(f"No text was read on page {listed}: {why}.")
        return notes


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def nothing_read_message(result: OcrResult | None) -> str:
    if result is not None and result.available:
        return (
            "No text could be read in this PDF: it has no text layer, and OCR found no "
            "words in its pages (an image without text, or a scan too faint to read)."
        )
    return (
        "No text layer was found in this PDF (it looks scanned). Loopcoach reads scans "
        f"with its OCR extra, which is not installed: add it with {INSTALL}, or export a "
        "text PDF or DOCX from the original."
    )


_ENGINE: list[Any] = []  # one engine per process: loading its models takes a second


def _engine() -> Any:
    if not _ENGINE:
        from rapidocr_onnxruntime import RapidOCR  # noqa: PLC0415

        _ENGINE.append(RapidOCR())
    return _ENGINE[0]


def read_pages(
    data: bytes,
    password: str | None,
    numbers: list[int],
    should_stop: Callable[[], bool] | None = None,
) -> OcrResult:
    """OCR the given 1-based pages that hold an image; the rest are reported unread."""
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
        with_images = [n for n in numbers if n <= len(pdf.pages) and pdf.pages[n - 1].images]
    if not with_images:
        return OcrResult(available=available(), unread=())
    if not available():
        return OcrResult(available=False, unread=tuple(with_images))
    import pypdfium2  # noqa: PLC0415

    result = OcrResult(available=True)
    unread = []
    document = pypdfium2.PdfDocument(data, password=password or None)
    try:
        for number in with_images[:MAX_PAGES]:
            if should_stop is not None and should_stop():
                raise Cancelled
            page = document[number - 1]
            image = page.render(scale=RENDER_DPI / 72).to_numpy()
            words, scores = _recognise(image, 72 / RENDER_DPI)
            result.words[number] = words
            result.scores += scores
            if not words:
                unread.append(number)
        unread += with_images[MAX_PAGES:]
    finally:
        document.close()
    result.unread = tuple(unread)
    return result


def _recognise(image: Any, scale: float) -> tuple[list[Word], list[float]]:
    """Words (in PDF points) and the confidence of each line kept."""
    found, _ = _engine()(image)
    words: list[Word] = []
    scores: list[float] = []
    for box, text, score in found or []:
        if float(score) < MIN_CONFIDENCE or not str(text).strip():
            continue
        xs = [float(point[0]) * scale for point in box]
        ys = [float(point[1]) * scale for point in box]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        size = round((bottom - top) * 0.8, 1)
        scores.append(float(score))
        # The recogniser returns a line; its words are placed by their share of characters.
        pieces = str(text).split()
        chars = sum(len(p) for p in pieces) + len(pieces) - 1
        cursor = x0
        for piece in pieces:
            width = (x1 - x0) * len(piece) / max(chars, 1)
            words.append(Word(piece, cursor, cursor + width, top, bottom, size))
            cursor += width + (x1 - x0) / max(chars, 1)
    return words, scores
