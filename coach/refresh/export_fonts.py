"""TrueType fonts for the PDF export, so accented names and typographic punctuation are real,
selectable text.

Choice: the first family that can draw every character of the document, in this order:
DejaVu Sans (most Linux systems; Latin, Greek, Cyrillic and more), Arial (Windows, macOS),
Liberation Sans (Linux), then Bitstream Vera, which reportlab ships and so is always there.
Vera covers Western European letters and Ł/ł, but not, for example, ś ę ń ż ő or →. When no
family covers everything the one missing the fewest characters wins, and the exporter writes
a stand-in for each missing character (`PdfFonts.stand_in`). Last resort, when not
even Vera loads (a trimmed bundle), is the built-in Helvetica (Windows-1252 characters only).

Registration with reportlab is process-global by nature; it is keyed by file name and only
done once per font, so calling this from several exports is harmless.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

_PREFIX = "Loopcoach-"


@dataclass(frozen=True)
class FontFiles:
    """A TrueType family on disk: the two weights the résumé uses."""

    regular: Path
    bold: Path


@dataclass(frozen=True)
class PdfFonts:
    regular: str  # registered reportlab font names
    bold: str
    charset: frozenset[str] = field(repr=False)  # characters both weights can draw

    def missing(self, text: str) -> frozenset[str]:
        return frozenset(ch for ch in text if ch not in self.charset and not ch.isspace())

    def stand_in(self, ch: str) -> str:
        """What to write for a character the fonts lack: its base letters ("ś" -> "s") when
        they can be drawn, else "?", which at least shows that something is missing
        (reportlab would draw an empty box that copies as a NUL)."""
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c))
        return base if base and all(c in self.charset for c in base) else "?"


def bundled_vera() -> FontFiles:
    folder = Path(reportlab.__file__).parent / "fonts"
    return FontFiles(folder / "Vera.ttf", folder / "VeraBd.ttf")


def default_candidates() -> tuple[FontFiles, ...]:
    """System families worth trying on this platform, best first, then Vera."""
    found: list[FontFiles] = []
    for folder, regular, bold in _system_fonts():
        if (folder / regular).is_file() and (folder / bold).is_file():
            found.append(FontFiles(folder / regular, folder / bold))
    return (*found, bundled_vera())


def _system_fonts() -> Iterable[tuple[Path, str, str]]:
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        yield fonts, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
        yield fonts, "arial.ttf", "arialbd.ttf"
        return
    if sys.platform == "darwin":
        for folder in (Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")):
            yield folder, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
            yield folder, "Arial.ttf", "Arial Bold.ttf"
        return
    for folder in (
        Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
        Path("/usr/share/fonts/dejavu"),  # Fedora
        Path("/usr/share/fonts/TTF"),  # Arch
        Path("/usr/share/fonts/dejavu-sans-fonts"),
    ):
        yield folder, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
    for folder in (
        Path("/usr/share/fonts/truetype/liberation"),
        Path("/usr/share/fonts/liberation-sans"),
        Path("/usr/share/fonts/TTF"),
    ):
        yield folder, "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"


def choose_fonts(text: str, candidates: Sequence[FontFiles] | None = None) -> PdfFonts:
    """Register (once) and return the best family for `text`; see the module docstring."""
    best: PdfFonts | None = None
    for files in default_candidates() if candidates is None else candidates:
        loaded = _register(files)
        if loaded is None:
            continue
        fonts = PdfFonts(*loaded, charset=_charset(*loaded))
        gaps = len(fonts.missing(text))
        if gaps == 0:
            return fonts
        if best is None or gaps < len(best.missing(text)):
            best = fonts
    if best is not None:
        return best
    # Windows-1252 is what reportlab's built-in fonts can encode.
    return PdfFonts(
        "Helvetica",
        "Helvetica-Bold",
        frozenset(bytes(range(32, 256)).decode("cp1252", errors="ignore")),
    )


def _register(files: FontFiles) -> tuple[str, str] | None:
    """Registered names for the family, or None when a file is unreadable or not embeddable."""
    names = []
    for path in (files.regular, files.bold):
        name = f"{_PREFIX}{path.stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError):
                return None
        names.append(name)
    regular, bold = names
    # So <b> in a paragraph picks our bold, not Helvetica-Bold.
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )
    return regular, bold


def _charset(regular: str, bold: str) -> frozenset[str]:
    """Characters both weights can draw (headings are bold, body text regular)."""
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in (regular, bold)]
    return frozenset(chr(code) for code in maps[0].keys() & maps[1].keys())
