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

import functools
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coach.ingest.pdf_layout import Word
from coach.tasks import Cancelled

RENDER_DPI = 200
MAX_PAGES = 10
MIN_CONFIDENCE = 0.5  # lines the recogniser itself doubts are left out, never guessed
# Characters are a space apart when their centres are this much further apart than the
# line's usual step (wide letters such as "m" stay below it).
SPACE_STEP = 1.5
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
        import rapidocr_onnxruntime  # type: ignore[import-untyped]  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def nothing_read_message(result: OcrResult | None) -> str:
    if result is not None and result.available:
        return (
            "No text layer was found in this PDF, and OCR found no words in its pages "
            "(an image without text, or a scan too faint to read)."
        )
    return (
        "No text layer was found in this PDF (it looks scanned). Loopcoach reads scans "
        f"with its OCR extra, which is not installed: add it with {INSTALL}, or export a "
        "text PDF or DOCX from the original."
    )


@functools.cache
def _engine() -> Any:
    """The recogniser, loaded once per process: loading its models takes a second."""
    from rapidocr_onnxruntime import RapidOCR  # noqa: PLC0415

    return RapidOCR()


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
    import pypdfium2  # type: ignore[import-untyped]  # noqa: PLC0415

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
    """Words (in PDF points) and the confidence of each line kept.

    The recogniser often runs Latin words together ("StaffSiteReliabilityEngineer"), but
    it also reports where each character sits: see SPACE_STEP."""
    found, _ = _engine()(image, return_word_box=True)
    words: list[Word] = []
    scores: list[float] = []
    for item in found or []:
        box, text, score = item[0], str(item[1]), float(item[2])
        chars = item[3] if len(item) > 3 and item[3] else []
        if score < MIN_CONFIDENCE or not text.strip():
            continue
        ys = [float(point[1]) * scale for point in box]
        top, bottom = min(ys), max(ys)
        size = round((bottom - top) * 0.8, 1)
        scores.append(score)
        # A hollow bullet ("◦") comes back as the letter "o" glued to the first word.
        if len(text) > 2 and text[0] in "o°·" and (text[1].isupper() or text[1] == " "):
            text = "•" + (text[1:] if text[1] == " " else " " + text[1:])
        for piece, x0, x1 in _spaced(text, chars, box, bottom - top, scale):
            words.append(Word(piece, x0, x1, top, bottom, size))
    return words, scores


def _spaced(
    text: str, chars: list[Any], box: Any, height: float, scale: float
) -> list[tuple[str, float, float]]:
    """(word, x0, x1) for a recognised line, split at its spaces and at wide gaps."""
    letters = [c for c in text if not c.isspace()]
    if len(chars) != len(letters):  # no usable character boxes: split the line evenly
        xs = [float(point[0]) * scale for point in box]
        pieces = text.split()
        step = (max(xs) - min(xs)) / max(len(text), 1)
        even: list[tuple[str, float, float]] = []
        cursor = min(xs)
        for piece in pieces:
            even.append((piece, cursor, cursor + step * len(piece)))
            cursor += step * (len(piece) + 1)
        return even
    spans = [
        (float(min(p[0] for p in c)) * scale, float(max(p[0] for p in c)) * scale) for c in chars
    ]
    centres = [(a + b) / 2 for a, b in spans]
    steps = sorted(b - a for a, b in itertools.pairwise(centres))
    usual = steps[len(steps) // 2] if steps else 0.0
    out: list[tuple[str, float, float]] = []
    current, start, end = "", 0.0, 0.0
    index = 0
    for character in text:
        if character.isspace():
            if current:
                out.append((current, start, end))
            current = ""
            continue
        left, right = spans[index]
        wide = index and centres[index] - centres[index - 1] > SPACE_STEP * usual
        index += 1
        if current and wide:
            out.append((current, start, end))
            current = ""
        if not current:
            start = left
        current += character
        end = right
    if current:
        out.append((current, start, end))
    return out
