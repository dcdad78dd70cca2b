"""Generate the test documents at test time, from one CV text, with real tools.

Two PDF producers (typst and fpdf2) in single- and two-column layouts, a DOCX from
python-docx, and the bad inputs the readers must refuse with a clear message. Nothing
is checked in: every file is made fresh in a temporary folder.
"""

from __future__ import annotations

import calendar
import io
import json
import struct
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

NAME = "Jane Doe"
LABEL = "Staff Software Engineer"
CONTACT = "jane.doe@example.com · +49 30 1234567 · github.com/janedoe"
SUMMARY = (
    "Staff engineer with 13 years of experience building payment and logistics "
    "platforms. I lead cross-team designs, grow engineers and keep systems fast and boring."
)


@dataclass(frozen=True)
class Role:
    title: str
    company: str
    dates: str
    bullets: tuple[str, ...]

    @property
    def header(self) -> str:
        # One line per role, the way most CVs print it; cv.py parses this shape.
        return f"{self.title} — {self.company} | {self.dates}"


ROLES = (
    Role(
        "Staff Software Engineer",
        "Northwind Payments, Berlin",
        "Mar 2019 – Present",
        (
            "Led the redesign of the card authorisation service in Go, which cut p99 latency "
            "by 40% while traffic grew from 2K to 10K requests per second.",
            "Drove the migration of 120 services from a shared PostgreSQL cluster to "
            "per-domain databases, saving $1.2M a year in licence and hosting costs.",
            "Mentored 6 engineers, 3 of whom were promoted to senior within two years.",
            "Set up the incident review practice; the mean time to recovery fell from 95 to "
            "31 minutes over four quarters.",
        ),
    ),
    Role(
        "Senior Software Engineer",
        "Contoso Logistics",
        "Jun 2015 – Feb 2019",
        (
            "Built the route-planning pipeline on Kafka and Python that schedules 250K "
            "parcels a day across 14 depots.",
            "Reduced cloud spend by 28% by right-sizing the batch fleet and moving cold "
            "data to object storage.",
            "Owned the on-call rotation for a team of 8 and wrote the runbooks we still use.",
        ),
    ),
    Role(
        "Software Engineer",
        "Fabrikam Media",
        "Sep 2011 – May 2015",
        (
            "Shipped the video transcoding queue that processed 1.5M uploads a month with "
            "99.95% availability.",
            "Introduced contract tests between 9 services, which halved integration "
            "failures in the release pipeline.",
        ),
    ),
)

SKILLS = (
    "Languages: Go, Python, Rust, SQL",
    "Infrastructure: Kubernetes, Terraform, AWS",
    "Data: PostgreSQL, Kafka, Redis",
    "Practices: system design, incident response, mentoring",
)
EDUCATION = (
    "MSc Computer Science, TU Munich, 2011",
    "BSc Mathematics, University of Vienna, 2009",
)

ALL_BULLETS = tuple(bullet for role in ROLES for bullet in role.bullets)
KEY_PHRASES = ("cut p99 latency by 40%", "from 2K to 10K requests", "saving $1.2M a year")

# fpdf2's core fonts are Latin-1 only. Bitstream Vera (DejaVu's parent) covers the dashes
# and bullets; reportlab ships it, so the tests need no system font package.
VERA = Path(str(resources.files("reportlab") / "fonts"))


# ---------------------------------------------------------------------------------- typst


def _typst_escape(text: str) -> str:
    special = "\\#$*_@<>[]`~/=+-"
    return "".join("\\" + ch if ch in special else ch for ch in text)


def _typst_experience() -> str:
    parts = ["= Summary", _typst_escape(SUMMARY), "", "= Experience"]
    for role in ROLES:
        parts.append(f"*{_typst_escape(role.header)}*")
        parts.append("")
        parts.extend(f"- {_typst_escape(bullet)}" for bullet in role.bullets)
        parts.append("")
    return "\n".join(parts)


def _typst_sidebar() -> str:
    parts = ["= Skills"]
    parts.extend(f"- {_typst_escape(skill)}" for skill in SKILLS)
    parts += ["", "= Education"]
    parts.extend(f"- {_typst_escape(item)}" for item in EDUCATION)
    return "\n".join(parts)


_TYPST_HEAD = """#set page(paper: "a4", margin: 1.6cm)
#set text(size: 10pt)
#show heading: set text(size: 13pt)
#align(center)[#text(size: 18pt)[*{name}*] \\ {label} \\ {contact}]
"""


def typst_source(*, two_columns: bool) -> str:
    head = _TYPST_HEAD.format(name=NAME, label=_typst_escape(LABEL), contact=_typst_escape(CONTACT))
    if two_columns:
        # The usual CV layout: a narrow sidebar left, experience right, side by side.
        return (
            head
            + "#grid(columns: (1fr, 2.2fr), column-gutter: 1cm,\n[\n"
            + _typst_sidebar()
            + "\n],\n[\n"
            + _typst_experience()
            + "\n])\n"
        )
    # Single column, two pages: education and skills after a page break.
    return head + _typst_experience() + "\n#pagebreak()\n" + _typst_sidebar() + "\n"


def typst_pdf(path: Path, *, two_columns: bool) -> Path:
    import typst

    path.write_bytes(typst.compile(typst_source(two_columns=two_columns).encode()))
    return path


# ---------------------------------------------------------------------------------- fpdf2


def _fpdf(title: str):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(VERA / "Vera.ttf"))
    pdf.add_font("DejaVu", "B", str(VERA / "VeraBd.ttf"))
    pdf.add_page()
    return pdf


def _fpdf_heading(pdf, text: str, width: float) -> None:
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_x(pdf.get_x())
    pdf.multi_cell(width, 7, text.upper(), new_x="LEFT", new_y="NEXT")
    pdf.ln(1)


def _fpdf_bullet(pdf, text: str, width: float) -> None:
    pdf.set_font("DejaVu", "", 10)
    x = pdf.get_x()
    pdf.cell(4, 5, "•")
    pdf.multi_cell(width - 4, 5, text, new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_x(x)


def _fpdf_experience(pdf, x: float, width: float) -> None:
    pdf.set_x(x)
    _fpdf_heading(pdf, "Summary", width)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 5, SUMMARY, new_x="LEFT", new_y="NEXT", align="L")
    pdf.ln(3)
    _fpdf_heading(pdf, "Experience", width)
    for role in ROLES:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(width, 6, role.header, new_x="LEFT", new_y="NEXT", align="L")
        for bullet in role.bullets:
            _fpdf_bullet(pdf, bullet, width)
        pdf.ln(2)


def _fpdf_sidebar(pdf, x: float, width: float) -> None:
    pdf.set_x(x)
    _fpdf_heading(pdf, "Skills", width)
    for skill in SKILLS:
        _fpdf_bullet(pdf, skill, width)
    pdf.ln(3)
    _fpdf_heading(pdf, "Education", width)
    for item in EDUCATION:
        _fpdf_bullet(pdf, item, width)


def _fpdf_title(pdf) -> None:
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, NAME, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 5, LABEL, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, CONTACT, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def fpdf_pdf(path: Path, *, two_columns: bool) -> Path:
    pdf = _fpdf("CV")
    _fpdf_title(pdf)
    if two_columns:
        # Sidebar at the left margin, experience at an x offset, both from the same top.
        top = pdf.get_y()
        _fpdf_sidebar(pdf, 10, 55)
        pdf.set_y(top)
        pdf.set_left_margin(72)
        _fpdf_experience(pdf, 72, 128)
    else:
        _fpdf_experience(pdf, 10, 190)
        pdf.add_page()
        _fpdf_sidebar(pdf, 10, 190)
    pdf.output(str(path))
    return path


# ----------------------------------------------------------------------------------- DOCX


def docx_cv(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(NAME, level=0)
    document.add_paragraph(LABEL)
    # Contact details in a layout table, as many CV templates do.
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = CONTACT
    table.cell(0, 1).text = "Berlin, Germany"
    document.add_heading("Summary", level=1)
    document.add_paragraph(SUMMARY)
    document.add_heading("Experience", level=1)
    for role in ROLES:
        document.add_paragraph().add_run(role.header).bold = True
        for bullet in role.bullets:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Skills", level=1)
    for skill in SKILLS:
        document.add_paragraph(skill, style="List Bullet")
    document.add_heading("Education", level=1)
    for item in EDUCATION:
        document.add_paragraph(item)
    document.save(str(path))
    return path


# ------------------------------------------------------------------------------ other CVs


def json_resume(path: Path) -> Path:
    def iso(month_year: str) -> str:
        if month_year == "Present":
            return ""
        month, year = month_year.split()
        return f"{year}-{list(calendar.month_abbr).index(month):02d}"

    work = []
    for role in ROLES:
        start, end = role.dates.split(" – ")
        entry = {"name": role.company, "position": role.title, "startDate": iso(start)}
        if iso(end):
            entry["endDate"] = iso(end)
        entry["highlights"] = list(role.bullets)
        work.append(entry)
    resume = {
        "basics": {"name": NAME, "label": LABEL, "summary": SUMMARY},
        "work": work,
        "education": [
            {
                "institution": "TU Munich",
                "area": "Computer Science",
                "studyType": "MSc",
                "endDate": "2011",
            }
        ],
        "skills": [{"name": "Languages", "keywords": ["Go", "Python", "Rust", "SQL"]}],
    }
    path.write_text(json.dumps(resume, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def markdown_cv() -> str:
    lines = [f"# {NAME}", "", LABEL, "", "## Summary", "", SUMMARY, "", "## Experience", ""]
    for role in ROLES:
        lines += [f"**{role.header}**", ""]
        lines += [f"- {bullet}" for bullet in role.bullets]
        lines.append("")
    lines += ["## Skills", ""] + [f"* {skill}" for skill in SKILLS]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ bad input


def encrypted_pdf(path: Path, source: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    # RC4: pypdf needs the optional cryptography package for AES, which is not installed.
    writer.encrypt(password, algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _png(width: int, height: int) -> bytes:
    """A grey gradient PNG, made by hand so no imaging library is needed."""
    rows = b"".join(b"\x00" + bytes((x + y) % 256 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(_png(200, 280)), x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def truncated_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def huge_file(path: Path, size: int = 51 * 1024 * 1024) -> Path:
    # Sparse: the size is set without writing the bytes, so this is instant and takes no disk.
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(size)
    return path


CP1252_TEXT = "Résumé – café\n\nSenior engineer. Led the “Payments” team.\n"


def cp1252_text(path: Path) -> Path:
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    return path


POSTING_HTML = """<!DOCTYPE html>
<html><head><title>Senior Backend Engineer – Acme</title>
<style>body { font-family: sans-serif; }</style>
<script>window.dataLayer = []; function track() { return "tracking"; }</script>
</head><body>
<header><nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/jobs">All jobs</a></li>
</ul></nav></header>
<div id="cookie-banner" class="consent">We use cookies. <button>Accept all</button></div>
<main>
<h1>Senior Backend Engineer</h1>
<p>Acme &amp; Co. is hiring a   senior engineer
   to join our Payments team in Berlin.</p>
<h2>What you will do</h2>
<ul>
  <li>Design and run services that handle 5K&nbsp;requests per second.</li>
  <li>Own on-call for the
      payments platform.</li>
</ul>
<h2>Requirements</h2>
<ol><li>5+ years of backend experience with Go or Java.</li>
<li>Nice to have: Kafka.</li></ol>
<svg><text>logo</text></svg>
<noscript>Enable JavaScript</noscript>
<form><input name="email"><label>Subscribe to job alerts</label></form>
</main>
<footer class="footer"><p>© Acme 2024 · Imprint · Privacy</p></footer>
</body></html>
"""


def posting_html(path: Path) -> Path:
    path.write_text(POSTING_HTML, encoding="utf-8")
    return path


def corrupt_pdf(path: Path, source: Path) -> Path:
    """A real PDF's header and end marker around scrambled bytes: complete, but broken."""
    data = source.read_bytes()
    middle = bytes((byte * 7 + 13) % 256 for byte in data[200:-200])
    path.write_bytes(data[:200] + middle + data[-200:])
    return path


# ---------------------------------------------------- two columns written row by row


def _column_rows(pdf, width: float, items: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """(x offset, text, style) per printed row, wrapped the way fpdf2 would wrap them."""
    rows: list[tuple[float, str, str]] = []
    for kind, text in items:
        if kind == "heading":
            rows += [(0, "", ""), (0, text.upper(), "B")]
            continue
        pdf.set_font("DejaVu", "B" if kind == "role" else "", 10)
        indent = 4 if kind == "bullet" else 0
        wrapped = pdf.multi_cell(width - indent, 5, text, dry_run=True, output="LINES")
        for number, line in enumerate(wrapped):
            rows.append((indent, line, "B" if kind == "role" else ""))
            if kind == "bullet" and number == 0:
                rows.append((0, "•", "bullet-glyph"))
    return rows


def fpdf_row_by_row_pdf(path: Path) -> Path:
    """Sidebar and experience side by side, but written across the page one row at a
    time, as Word tables and many HTML-to-PDF tools do: the content stream interleaves
    the two columns, so only positions can put them back apart."""
    pdf = _fpdf("CV")
    _fpdf_title(pdf)
    sidebar: list[tuple[str, str]] = [("heading", "Skills")]
    sidebar += [("bullet", skill) for skill in SKILLS]
    sidebar += [("heading", "Education")] + [("bullet", item) for item in EDUCATION]
    main: list[tuple[str, str]] = [("heading", "Summary"), ("text", SUMMARY)]
    main.append(("heading", "Experience"))
    for role in ROLES:
        main.append(("role", role.header))
        main += [("bullet", bullet) for bullet in role.bullets]
    left, right = _column_rows(pdf, 55, sidebar), _column_rows(pdf, 128, main)
    y = pdf.get_y() + 5
    # A bullet glyph shares its row with the first line of the bullet's text.
    left_rows, right_rows = _merge_glyphs(left), _merge_glyphs(right)
    for index in range(max(len(left_rows), len(right_rows))):
        for x0, rows in ((10, left_rows), (72, right_rows)):
            if index < len(rows):
                for offset, text, style in rows[index]:
                    size = 12 if style == "B" and text.isupper() else 10
                    pdf.set_font("DejaVu", "B" if style == "B" else "", size)
                    pdf.text(x0 + offset, y, text)
        y += 6
    pdf.output(str(path))
    return path


def _merge_glyphs(rows: list[tuple[float, str, str]]) -> list[list[tuple[float, str, str]]]:
    merged: list[list[tuple[float, str, str]]] = []
    for row in rows:
        if row[2] == "bullet-glyph":
            merged[-1].insert(0, (0, "•", ""))
        else:
            merged.append([row])
    return merged
