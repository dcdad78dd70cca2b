"""CV layouts third-party templates use, drawn with fpdf2 at test time.

- "side-column": RenderCV classic and many Word templates: company in bold and title
  on one line, the place right-aligned beside it, the dates right-aligned one row
  below, beside the first bullet; a running footer "Name – Page n of N" on each page.
- "date-column": moderncv: the dates in a narrow column left of the entries, title in
  bold, company regular, " – " and the place after it.
- "stacked": sb2nov and Resume-Matcher: title in bold with the place right-aligned,
  the company in italics below with the dates right-aligned.

Each entry's bullets are long enough to wrap, and one breaks a word at the line end
with a hyphen; the second entry has nested points. Truth is the `ENTRIES` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.coach.ingest.make_docs import VERA

NAME = "Ada Quinn"


@dataclass(frozen=True)
class Entry:
    company: str
    title: str
    place: str
    dates: str
    bullets: tuple[str, ...]
    nested: tuple[str, ...] = ()


ENTRIES = (
    Entry(
        "Northwind Payments",
        "Staff Software Engineer",
        "Berlin, Germany",
        "Mar 2019 – present",
        (
            "Led the redesign of the card authorisation service in Go, which cut the p99 "
            "latency by 40% while traffic grew from 2K to 10K requests per second",
            "Moved 120 services to per-domain databases, saving $1.2M a year in hosting",
        ),
    ),
    Entry(
        "Contoso Logistics",
        "Senior Software Engineer",
        "Austin, TX",
        "06/2015 - 02/2019",
        ("Built the route-planning pipeline that schedules 250K parcels a day",),
        nested=("Kafka ingestion of depot scans", "Python planners behind a queue"),
    ),
    Entry(
        "Fabrikam Media",
        "Software Engineer",
        "Leeds, UK",
        "2011–15",
        ("Shipped the transcoding queue that processed 1.5M uploads a month",),
    ),
    Entry(
        "Initech",
        "Engineering Intern",
        "Remote",
        "Summer 2010",
        ("Wrote the first integration tests of the billing service",),
    ),
)
EDUCATION = ("TU Munich", "MSc Computer Science", "Munich, Germany", "2009 – 2011")


def _pdf():  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    for style, name in (("", "Vera.ttf"), ("B", "VeraBd.ttf"), ("I", "VeraIt.ttf")):
        pdf.add_font("Vera", style, str(VERA / name))
    return pdf


class _Page:
    """Draws lines top down, with a running footer and a page break when full."""

    def __init__(self, pdf, pages: int) -> None:  # type: ignore[no-untyped-def]
        self.pdf, self.pages, self.number, self.y = pdf, pages, 0, 0.0
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.number += 1
        self.y = 20.0
        self.pdf.set_font("Vera", "I", 8)
        self.pdf.text(90, 288, f"{NAME} – Page {self.number} of {self.pages}")

    def text(self, x: float, text: str, style: str = "", size: float = 10) -> None:
        self.pdf.set_font("Vera", style, size)
        self.pdf.text(x, self.y, text)

    def right(self, text: str, style: str = "", size: float = 10, edge: float = 195) -> None:
        self.pdf.set_font("Vera", style, size)
        self.pdf.text(edge - self.pdf.get_string_width(text), self.y, text)

    def advance(self, step: float = 5.0) -> None:
        self.y += step
        if self.y > 270:
            self.new_page()

    def wrapped(self, x: float, width: float, text: str, glyph: str = "•") -> None:
        """A bullet wrapped to `width`, its last wrapped word hyphenated mid-word."""
        self.pdf.set_font("Vera", "", 10)
        lines = self.pdf.multi_cell(width, 5, text, dry_run=True, output="LINES")
        if len(lines) > 1:  # break the first line's last word between syllables
            head, last = lines[0].rsplit(" ", 1)
            if len(last) > 6 and last.isalpha():
                cut = len(last) // 2
                lines = [f"{head} {last[:cut]}-", last[cut:] + " " + lines[1], *lines[2:]]
        self.text(x, glyph)
        for line in lines:
            self.text(x + 4, line)
            self.advance()


def _header(page: _Page) -> None:
    page.text(80, NAME, "B", 22)
    page.advance(8)
    page.text(70, "ada.quinn@example.com · Berlin, Germany")
    page.advance(12)


def _heading(page: _Page, text: str, x: float = 15) -> None:
    page.text(x, text, "B", 14)
    page.advance(8)


def side_column(path: Path) -> Path:
    pdf = _pdf()
    page = _Page(pdf, 2)
    _header(page)
    _heading(page, "Experience")
    for entry in ENTRIES:
        page.pdf.set_font("Vera", "B", 10)
        width = page.pdf.get_string_width(entry.company)
        page.text(18, entry.company, "B")
        page.text(18 + width, f", {entry.title}")
        page.right(entry.place)
        page.advance()
        page.right(entry.dates)  # beside the first bullet's row
        for bullet in entry.bullets:
            page.wrapped(20, 140, bullet)
        for point in entry.nested:
            page.wrapped(28, 130, point, glyph="–")
        page.advance(3)
    page.new_page()
    _heading(page, "Education")
    page.text(18, f"{EDUCATION[1]}, {EDUCATION[0]}", "B")
    page.right(EDUCATION[2])
    page.advance()
    page.right(EDUCATION[3])
    page.wrapped(20, 140, "Thesis on distributed transactions")
    pdf.output(str(path))
    return path


def date_column(path: Path) -> Path:
    pdf = _pdf()
    page = _Page(pdf, 1)
    _header(page)
    _heading(page, "Work History", x=55)
    for entry in ENTRIES:
        page.right(entry.dates, edge=50)
        page.pdf.set_font("Vera", "B", 10)
        width = page.pdf.get_string_width(entry.title)
        page.text(55, entry.title, "B")
        page.text(55 + width, f", {entry.company} – {entry.place}")
        page.advance()
        for bullet in entry.bullets:
            page.wrapped(55, 135, bullet)
        for point in entry.nested:
            page.wrapped(62, 128, point, glyph="–")
        page.advance(3)
    _heading(page, "Education", x=55)
    page.right(EDUCATION[3], edge=50)
    page.text(55, f"{EDUCATION[0]}, {EDUCATION[1]} – {EDUCATION[2]}", "B")
    pdf.output(str(path))
    return path


def stacked(path: Path) -> Path:
    pdf = _pdf()
    page = _Page(pdf, 1)
    _header(page)
    _heading(page, "PROFESSIONAL EXPERIENCE", x=15)
    for entry in ENTRIES:
        page.text(18, entry.title, "B")
        page.right(entry.place)
        page.advance()
        page.text(18, entry.company, "I")
        page.right(entry.dates, "I")
        page.advance()
        for bullet in entry.bullets:
            page.wrapped(22, 140, bullet)
        for point in entry.nested:
            page.wrapped(30, 130, point, glyph="–")
        page.advance(3)
    _heading(page, "EDUCATION", x=15)
    page.text(18, EDUCATION[0], "B")
    page.right(EDUCATION[2])
    page.advance()
    page.text(18, EDUCATION[1], "I")
    page.right(EDUCATION[3], "I")
    pdf.output(str(path))
    return path


LAYOUTS = {"side-column": side_column, "date-column": date_column, "stacked": stacked}
