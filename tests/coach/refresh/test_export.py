"""Résumé export: Markdown, DOCX and PDF, each read back with a real reader.

The PDF is checked through pypdf's text extraction (what a screening system sees) and our
own CV reader; the DOCX through python-docx; the Markdown through markdown-it, a CommonMark
parser, besides its raw text.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from coach.errors import UserError
from coach.ingest.cv import parse_cv
from coach.ingest.readers import read_document
from coach.refresh import export_docx, export_pdf
from coach.refresh.export import (
    ExportFormat,
    export_resume,
    to_markdown,
    write_docx,
    write_markdown,
    write_pdf,
)
from coach.refresh.export_fonts import FontFiles, bundled_vera, choose_fonts, default_candidates
from coach.refresh.export_pdf import missing_characters, render_pdf
from coach.refresh.resume_doc import (
    ResumeDocument,
    ResumeRole,
    ResumeSection,
    format_dates,
    one_line,
    role_line,
    tidy,
)

# Every character here is in Bitstream Vera too, so the PDF checks hold on any machine.
NAME = "Zoë Müller-Łukasiewicz"
CONTACT = "zoe.mueller@example.com · +49 30 1234567 · Berlin · github.com/zoe-ml"
SUMMARY = (
    "Staff Site Reliability Engineer with 14 years of keeping payment and analytics "
    "platforms fast, boring and affordable; I lead cross-team reliability programmes and "
    "grow the engineers who run them."
)
# The characters that break naive exporters, in one bullet.
SPECIAL = (
    'Cut p99 <200ms & saved $1.2M (~40%) for "Tier-1" teams — 3–5 days’ work, '
    "“on time”, <b>not bold</b> &amp; C# * _x_ 50% > 40%"
)

ROLES = (
    ResumeRole(
        title="Staff Site Reliability Engineer",
        company="Northwind Cloud GmbH",
        location="Berlin, Germany",
        dates="Mar 2019 – present",
        bullets=(
            "Cut the payment API's monthly downtime from 94 to 6 minutes in 18 months by "
            "designing the SLO programme that 14 teams now run on their own.",
            SPECIAL,
            "Halved the cloud bill (€3.4M to €1.7M a year) by leading the move of 600 "
            "services to right-sized autoscaling, decided with finance and 9 team leads.",
            "# of pages per on-call week fell from 31 to 4 after I introduced alert budgets "
            "and error-budget reviews across the platform organisation.",
            "Grew 5 engineers to senior; 2 now lead their own SRE teams.",
        ),
    ),
    ResumeRole(
        title="Senior Site Reliability Engineer",
        company="Fjordline Payments AS",
        location="Oslo, Norway",
        dates="Jun 2016 – Feb 2019",
        bullets=(
            "2017. Took the card-processing cluster through its first PCI-DSS audit with zero "
            "findings by automating evidence collection for 120 hosts.",
            "Raised deploy frequency from weekly to 40 a day by building the canary pipeline "
            "(Kubernetes, Argo Rollouts) every payments team adopted.",
            "Led the incident response for the 2018 Black Friday outage and wrote the review "
            "that changed capacity planning company-wide.",
        ),
    ),
    ResumeRole(
        title="Site Reliability Engineer",
        company="Café Analytics S.A.",
        location="Lyon, France",
        dates="Sep 2013 – May 2016",
        bullets=(
            "Brought query latency from 8 s to 900 ms for 2,000 analysts by sharding the "
            "PostgreSQL warehouse and adding read replicas.",
            "- Replaced hand-run backups with tested, automated restores (RTO 4 h to 20 min).",
        ),
    ),
    ResumeRole(
        title="Systems Engineer",
        company="Kraków Data Systems",
        location="Kraków, Poland",
        dates="Jan 2011 – Aug 2013",
        bullets=(
            "Automated server provisioning with Puppet, cutting build time from 2 days to "
            "3 hours for 300 machines.",
        ),
    ),
)
EARLIER = (
    "Systems Administrator, Baltic Hosting (2008 – 2010)",
    "Junior Developer, Nordlicht Software (2006 – 2008)",
)
SECTIONS = (
    ResumeSection(
        "Skills",
        (
            "Reliability: SLOs, incident command, capacity planning, chaos engineering",
            "Platforms: Kubernetes, Terraform, AWS, GCP, PostgreSQL, Kafka",
            "Languages: Go, Python, Bash",
        ),
    ),
    ResumeSection(
        "Education",
        ("MSc Computer Science, Jagiellonian University, Kraków (2006)",),
    ),
)
DOC = ResumeDocument(
    name=NAME,
    contact=CONTACT,
    summary=SUMMARY,
    roles=ROLES,
    earlier=EARLIER,
    sections=SECTIONS,
)
ALL_BULLETS = tuple(bullet for role in ROLES for bullet in role.bullets)
FONT_CHOICES = pytest.mark.parametrize(
    "fonts", [None, [bundled_vera()]], ids=["system-font", "bundled-vera"]
)


def flat(text: str) -> str:
    """Whitespace-insensitive text: a PDF's wrapped lines come back split."""
    return " ".join(text.split())


def pdf_bytes(doc: ResumeDocument, fonts: list[FontFiles] | None = None) -> bytes:
    out = io.BytesIO()
    render_pdf(doc, out, fonts=fonts)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def long_document() -> ResumeDocument:
    roles = tuple(
        ResumeRole(
            title=f"{role.title} {index}",
            company=role.company,
            location=role.location,
            dates=role.dates,
            bullets=role.bullets * 2,
        )
        for index in range(3)
        for role in ROLES
    )
    return ResumeDocument(NAME, CONTACT, SUMMARY, roles, EARLIER, SECTIONS)


def siblings(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# ---------------------------------------------------------------- the data model


@pytest.mark.parametrize(
    ("start", "end", "current", "expected"),
    [
        ((2019, 3), None, True, "Mar 2019 – present"),
        ((2015, None), (2018, 6), False, "2015 – Jun 2018"),
        ((2008, 1), (2012, 12), False, "Jan 2008 – Dec 2012"),
        (None, None, False, ""),
        (None, None, True, ""),
        ((2019, 3), None, False, "Mar 2019"),
        (None, (2006, None), False, "2006"),
        ((2019, 3), (2019, 3), False, "Mar 2019"),
        ((2019, 3), (2020, 1), True, "Mar 2019 – present"),
        ((2019, 13), (2020, 0), False, "2019 – 2020"),
    ],
)
def test_format_dates(start, end, current, expected) -> None:
    assert format_dates(start, end, current) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            ResumeRole("Senior Engineer", "Acme Corp", "Boston", "2008 – 2012", ("x",)),
            "Senior Engineer, Acme Corp (2008 – 2012)",
        ),
        (ResumeRole("Engineer", "Foo Ltd", "", "", ()), "Engineer, Foo Ltd"),
        (ResumeRole("Engineer", "", "", "2004 – 2008", ()), "Engineer (2004 – 2008)"),
        (ResumeRole("", "Foo Ltd", "", "2004", ()), "Foo Ltd (2004)"),
        (ResumeRole("", "", "", "2004 – 2008", ()), "2004 – 2008"),
        (
            ResumeRole("  Lead\nEngineer ", " Foo\tLtd", "", " 2004 ", ()),
            "Lead Engineer, Foo Ltd (2004)",
        ),
    ],
)
def test_one_line(role: ResumeRole, expected: str) -> None:
    assert one_line(role) == expected


def test_role_line_keeps_a_comma_in_the_location_apart_from_the_company() -> None:
    assert role_line(ROLES[0]) == (
        "Staff Site Reliability Engineer — Northwind Cloud GmbH",
        "Berlin, Germany | Mar 2019 – present",
    )
    assert role_line(ResumeRole("", "Acme", "", "", ())) == ("Acme", "")


def test_tidy_collapses_whitespace_and_drops_control_characters() -> None:
    assert tidy(" Led\nthe\x0cmove\x00 to\t\tGo\uffff ") == "Led the move to Go"


# ---------------------------------------------------------------- Markdown


def test_markdown_structure() -> None:
    text = to_markdown(DOC)
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        f"# {NAME}",
        "## Summary",
        "## Experience",
        "### Staff Site Reliability Engineer — Northwind Cloud GmbH | Berlin, Germany | "
        "Mar 2019 – present",
        "### Senior Site Reliability Engineer — Fjordline Payments AS | Oslo, Norway | "
        "Jun 2016 – Feb 2019",
        "### Site Reliability Engineer — Café Analytics S.A. | Lyon, France | Sep 2013 – May 2016",
        "### Systems Engineer — Kraków Data Systems | Kraków, Poland | Jan 2011 – Aug 2013",
        "## Earlier experience",
        "## Skills",
        "## Education",
    ]
    assert lines[2] == CONTACT
    assert SUMMARY in lines
    assert [line for line in lines if line.startswith("- ")][-2:] == [f"- {e}" for e in EARLIER]
    # Section lines are separate paragraphs, so they do not run together when rendered.
    assert "\n\nLanguages: Go, Python, Bash\n\n## Education\n\n" in text
    assert text.endswith("Kraków (2006)\n")
    assert "\n\n\n" not in text


def test_markdown_escapes_only_what_would_change_meaning() -> None:
    text = to_markdown(DOC)
    assert "- \\# of pages per on-call week" in text
    assert "- 2017\\. Took the card-processing cluster" in text
    assert "- \\- Replaced hand-run backups" in text
    # Readable otherwise: no escapes where CommonMark would not read markup.
    assert "Cut p99 <200ms & saved $1.2M" in text
    assert "payment API's" in text
    assert "github.com/zoe-ml" in text


def unescape(line: str) -> str:
    """CommonMark's backslash escapes: a backslash before ASCII punctuation."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def test_every_markdown_bullet_unescapes_to_the_original() -> None:
    items = [line[2:] for line in to_markdown(DOC).splitlines() if line.startswith("- ")]
    assert [unescape(item) for item in items] == [*ALL_BULLETS, *EARLIER]


def test_markdown_renders_every_line_as_plain_text() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("strikethrough").parse(to_markdown(DOC))
    inline = [t for t in tokens if t.type == "inline"]
    # Only plain text inside: no emphasis, HTML, links or strikethrough sneaked in.
    for token in inline:
        assert {child.type for child in token.children or []} <= {"text"}, token.content
    rendered = ["".join(child.content for child in t.children or []) for t in inline]
    assert rendered[:2] == [NAME, CONTACT]
    for bullet in ALL_BULLETS:
        assert bullet in rendered
    item_opens = [t for t in tokens if t.type == "list_item_open"]
    assert len(item_opens) == len(ALL_BULLETS) + len(EARLIER)
    assert not any(t.type == "ordered_list_open" for t in tokens)
    heading_levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert heading_levels == ["h1", "h2", "h2", "h3", "h3", "h3", "h3", "h2", "h2", "h2"]


def test_markdown_headings_keep_a_trailing_hash() -> None:
    doc = ResumeDocument("Ana", "", "", (), (), (ResumeSection("Languages: C #", ("C#",)),))
    text = to_markdown(doc)
    assert "## Languages: C \\#" in text
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    rendered = ["".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"]
    assert rendered == ["Ana", "Languages: C #", "C#"]


def test_markdown_leaves_out_empty_parts() -> None:
    role = ResumeRole("Engineer", "Acme", "", "2010 – 2012", ())
    blank = ResumeRole(" ", "", "", "", ("Kept even without a header",))
    doc = ResumeDocument(
        "Ana Lima",
        "",
        "  ",
        (role, blank),
        ("", " "),
        (ResumeSection("Skills", ()), ResumeSection(" ", ("Go",))),
    )
    assert to_markdown(doc) == (
        "# Ana Lima\n\n## Experience\n\n### Engineer — Acme | 2010 – 2012\n\n"
        "- Kept even without a header\n\nGo\n"
    )


def test_docx_and_pdf_leave_out_empty_parts(tmp_path: Path) -> None:
    blank = ResumeRole(" ", "", "", "", ("Kept even without a header",))
    doc = ResumeDocument("Ana Lima", "", "", (blank,), (" ",), (ResumeSection("", ("Go",)),))
    write_docx(doc, tmp_path / "r.docx")
    paragraphs = [(p.style.name, p.text) for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert paragraphs == [
        ("Title", "Ana Lima"),
        ("Heading 1", "Experience"),
        ("List Bullet", "Kept even without a header"),
        ("Normal", "Go"),
    ]
    lines = pdf_text(pdf_bytes(doc)).splitlines()
    assert [flat(line) for line in lines if line.strip()] == [
        "Ana Lima",
        "Experience",
        "• Kept even without a header",
        "Go",
    ]


# ---------------------------------------------------------------- DOCX


def test_docx_reads_back_with_standard_styles(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    write_docx(DOC, path)
    word = Document(str(path))
    by_style: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == [NAME]
    assert by_style["Heading 1"] == [
        "Summary",
        "Experience",
        "Earlier experience",
        "Skills",
        "Education",
    ]
    assert by_style["Heading 2"] == [" | ".join(role_line(role)) for role in ROLES]
    assert by_style["List Bullet"] == [*ALL_BULLETS, *EARLIER]
    assert by_style["Normal"] == [
        CONTACT,
        SUMMARY,
        *(line for section in SECTIONS for line in section.lines),
    ]
    # Location and dates are plain next to the bold "Title — Company".
    runs = next(p for p in word.paragraphs if p.style.name == "Heading 2").runs
    assert [run.text for run in runs] == [
        "Staff Site Reliability Engineer — Northwind Cloud GmbH",
        " | Berlin, Germany | Mar 2019 – present",
    ]
    assert runs[1].bold is False


def test_docx_has_no_tables_headers_or_footers_and_is_a4(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    write_docx(DOC, path)
    word = Document(str(path))
    assert word.tables == []
    assert len(word.inline_shapes) == 0
    (section,) = word.sections
    assert all(not p.text for p in section.header.paragraphs + section.footer.paragraphs)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.cm, 1) == 2.0
    props = word.core_properties
    assert (props.title, props.author) == (NAME, NAME)
    assert "python-docx" not in f"{props.comments} {props.author} {props.last_modified_by}"


# ---------------------------------------------------------------- PDF


@FONT_CHOICES
def test_pdf_text_is_extractable_word_for_word(fonts) -> None:
    data = pdf_bytes(DOC, fonts)
    text = flat(pdf_text(data))
    for expected in (NAME, CONTACT, SUMMARY, *ALL_BULLETS, *EARLIER):
        assert flat(expected) in text
    for section in SECTIONS:
        for line in section.lines:
            assert line in text
    for role in ROLES:
        assert " | ".join(role_line(role)) in text
    order = ["Summary", "Experience", "Earlier experience", "Skills", "Education"]
    positions = [text.index(f" {heading} ") for heading in order]
    assert positions == sorted(positions)
    assert "\x00" not in text


@FONT_CHOICES
def test_pdf_metadata_page_and_fonts(fonts) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(DOC, fonts)))
    assert reader.metadata.title == NAME
    assert reader.metadata.author == NAME
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert list(page.images) == []
    fonts_used = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    # Only embedded TrueType subsets: no Helvetica the reader has to substitute.
    assert len(fonts_used) == 2
    for font in fonts_used:
        assert str(font["/BaseFont"]).startswith("/AAAAAA+"), font
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


@FONT_CHOICES
def test_pdf_role_headers_stay_on_one_line(fonts) -> None:
    # Realistic headers run to 90+ characters; a wrapped one is what readers misparse.
    lines = [flat(line) for line in pdf_text(pdf_bytes(DOC, fonts)).splitlines()]
    for role in ROLES:
        assert " | ".join(role_line(role)) in lines


def test_an_overlong_pdf_role_header_wraps_before_the_dates() -> None:
    role = ResumeRole(
        "Principal Site Reliability Engineer and Head of the Platform Reliability Guild",
        "Northwind Cloud Infrastructure Services GmbH & Co. KG",
        "Berlin, Germany",
        "Mar 2019 – present",
        ("Ran it.",),
    )
    doc = ResumeDocument(NAME, "", "", (role,), ())
    lines = [flat(line) for line in pdf_text(pdf_bytes(doc)).splitlines()]
    header = flat(" ".join(lines[lines.index("Experience") + 1 : lines.index("• Ran it.")]))
    assert header == " | ".join(role_line(role))
    assert any(line.endswith("Mar 2019 – present") for line in lines)
    assert not any(line.endswith(("Mar", "Mar 2019", "Mar 2019 –")) for line in lines)


def test_a_long_pdf_runs_to_more_pages_and_loses_nothing() -> None:
    doc = long_document()
    reader = PdfReader(io.BytesIO(pdf_bytes(doc)))
    assert len(reader.pages) > 1
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    for role in doc.roles:
        assert flat(role.title) in text
        for bullet in role.bullets:
            assert flat(bullet) in text
    # Page two carries text, not just a stray line.
    assert len(flat(reader.pages[1].extract_text())) > 500


def test_pdf_without_a_font_for_a_letter_writes_its_base_letter() -> None:
    # Vera has Ł but not ś, ę, ż or →.
    role = ResumeRole("Engineer", "Świętokrzyskie Żegluga", "", "2010 – 2012", ("Sped up → 2x",))
    doc = ResumeDocument(NAME, "", "", (role,), ())
    assert missing_characters(doc, fonts=[bundled_vera()]) == frozenset("ŚęŻ→")
    text = flat(pdf_text(pdf_bytes(doc, [bundled_vera()])))
    assert NAME in text
    assert "Swietokrzyskie Zegluga" in text
    assert "Sped up ? 2x" in text
    assert "\x00" not in text


def test_pdf_prefers_a_font_that_covers_every_character() -> None:
    dejavu = [f for f in default_candidates() if f.regular.name == "DejaVuSans.ttf"]
    if not dejavu:
        pytest.skip("DejaVu Sans is not installed on this machine")
    text = "Świętokrzyskie Żegluga → 2x"
    fonts = choose_fonts(text, [bundled_vera(), dejavu[0]])
    assert fonts.regular == "Loopcoach-DejaVuSans"
    assert fonts.missing(text) == frozenset()
    role = ResumeRole("Engineer", "Świętokrzyskie Żegluga", "", "", ("Sped up → 2x",))
    extracted = flat(pdf_text(pdf_bytes(ResumeDocument(NAME, "", "", (role,), ()))))
    assert "Świętokrzyskie Żegluga" in extracted
    assert "Sped up → 2x" in extracted
    assert missing_characters(ResumeDocument(NAME, "", "", (role,), ())) == frozenset()


def test_font_registration_is_idempotent() -> None:
    from reportlab.pdfbase import pdfmetrics

    first = choose_fonts("Zoë", [bundled_vera()])
    count = len(pdfmetrics.getRegisteredFontNames())
    second = choose_fonts("Zoë", [bundled_vera()])
    assert (first.regular, first.bold) == (second.regular, second.bold)
    assert len(pdfmetrics.getRegisteredFontNames()) == count


def test_pdf_falls_back_to_a_builtin_font_when_no_font_file_loads(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    candidates = [FontFiles(tmp_path / "missing.ttf", tmp_path / "missing-bold.ttf")]
    candidates.append(FontFiles(broken, broken))
    fonts = choose_fonts("Zoë – “x”", candidates)
    assert (fonts.regular, fonts.bold) == ("Helvetica", "Helvetica-Bold")
    assert fonts.missing("Zoë – “x” Ł") == frozenset("Ł")
    text = flat(pdf_text(pdf_bytes(DOC, candidates)))
    assert "Zoë Müller-?ukasiewicz" in text
    assert flat(SUMMARY) in text


# ---------------------------------------------------------------- all formats


def test_special_characters_survive_every_format(tmp_path: Path) -> None:
    doc = ResumeDocument(
        name="Zoë O’Brien & Söhne",
        contact="a<b>c & d",
        summary="",
        roles=(ResumeRole("SRE <Lead>", "R&D “Ops”", "", "2019 – present", (SPECIAL,)),),
        earlier=(),
    )
    head = "SRE <Lead> — R&D “Ops” | 2019 – present"
    markdown = to_markdown(doc)
    assert [unescape(line) for line in markdown.splitlines() if line] == [
        "# Zoë O’Brien & Söhne",
        "a<b>c & d",
        "## Experience",
        f"### {head}",
        f"- {SPECIAL}",
    ]
    write_docx(doc, tmp_path / "r.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert paragraphs == ["Zoë O’Brien & Söhne", "a<b>c & d", "Experience", head, SPECIAL]
    write_pdf(doc, tmp_path / "r.pdf")
    reader = PdfReader(tmp_path / "r.pdf")
    text = flat(pdf_text((tmp_path / "r.pdf").read_bytes()))
    for expected in ("Zoë O’Brien & Söhne", "a<b>c & d", head, SPECIAL):
        assert flat(expected) in text
    assert reader.metadata.title == "Zoë O’Brien & Söhne"


@pytest.mark.parametrize("suffix", [".md", ".docx", ".pdf"])
def test_our_own_cv_reader_reads_the_export_back(tmp_path: Path, suffix: str) -> None:
    # A stand-in for a screening system: headings, roles, dates and bullets all come back.
    path = export_resume(DOC, tmp_path / f"resume{suffix}")
    cv = parse_cv(read_document(path), today=dt.date(2025, 6, 1))
    assert cv.name == NAME
    assert [s.name for s in cv.sections] == [
        "Summary",
        "Experience",
        "Earlier experience",
        "Skills",
        "Education",
    ]
    full = cv.roles[: len(ROLES)]
    assert [(r.title, r.company, r.location) for r in full] == [
        (role.title, role.company, role.location) for role in ROLES
    ]
    assert [(r.start.year, r.current) for r in full] == [
        (2019, True),
        (2016, False),
        (2013, False),
        (2011, False),
    ]
    # The reader keeps Markdown's backslash escapes (it reads the file line by line), so undo
    # them here. In DOCX and PDF nothing marks a leading "- " as text, so it is read as a
    # list marker and dropped; Markdown's escape keeps it.
    read_back = [" ".join(unescape(b) if suffix == ".md" else b for b in r.bullets) for r in full]
    expected = [
        " ".join(b if suffix == ".md" else b.removeprefix("- ") for b in role.bullets)
        for role in ROLES
    ]
    assert [flat(bullets) for bullets in read_back] == [flat(bullets) for bullets in expected]
    assert [(r.title, r.company) for r in cv.roles[len(ROLES) :]] == [
        ("Systems Administrator", "Baltic Hosting"),
        ("Junior Developer", "Nordlicht Software"),
    ]


# ---------------------------------------------------------------- export_resume and files


@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("resume.md", b"# Zo"),
        ("resume.markdown", b"# Zo"),
        ("resume.docx", b"PK\x03\x04"),
        ("Resume.PDF", b"%PDF-"),
    ],
)
def test_export_picks_the_format_from_the_suffix(tmp_path: Path, name: str, magic: bytes) -> None:
    written = export_resume(DOC, tmp_path / name)
    assert written == tmp_path / name
    assert written.read_bytes().startswith(magic)
    assert siblings(tmp_path) == [name]


def test_export_adds_the_suffix_of_a_chosen_format(tmp_path: Path) -> None:
    written = export_resume(DOC, tmp_path / "resume.2025", ExportFormat.PDF)
    assert written == tmp_path / "resume.2025.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert export_resume(DOC, tmp_path / "cv.DOCX", ExportFormat.DOCX) == tmp_path / "cv.DOCX"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("resume.txt", None), ("resume", None), ("resume.docx", ExportFormat.PDF)],
)
def test_export_refuses_an_unknown_or_contradicting_suffix(
    tmp_path: Path, name: str, fmt: ExportFormat | None
) -> None:
    with pytest.raises(UserError) as caught:
        export_resume(DOC, tmp_path / name, fmt)
    assert name in caught.value.message
    assert siblings(tmp_path) == []


def test_export_format_values() -> None:
    assert [fmt.value for fmt in ExportFormat] == ["md", "docx", "pdf"]
    assert ExportFormat("pdf") is ExportFormat.PDF
    assert ExportFormat.DOCX.suffix == ".docx"


@pytest.mark.parametrize("suffix", [".md", ".docx", ".pdf"])
def test_export_into_a_missing_folder_is_a_user_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "gone" / f"resume{suffix}"
    with pytest.raises(UserError) as caught:
        export_resume(DOC, path)
    assert str(path) in caught.value.message
    assert "does not exist" in caught.value.message
    assert siblings(tmp_path) == []


def test_export_under_a_file_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    path = tmp_path / "notes.txt" / "resume.pdf"
    with pytest.raises(UserError) as caught:
        export_resume(DOC, path)
    assert str(path) in caught.value.message
    assert siblings(tmp_path) == ["notes.txt"]


def test_export_onto_a_folder_is_a_user_error_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "resume.docx").mkdir()
    with pytest.raises(UserError) as caught:
        export_resume(DOC, tmp_path / "resume.docx")
    assert "folder" in caught.value.message
    assert siblings(tmp_path) == ["resume.docx"]
    assert siblings(tmp_path / "resume.docx") == []


def test_a_failure_mid_write_keeps_the_earlier_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "resume.pdf"
    export_resume(DOC, path)
    before = path.read_bytes()

    def disk_full(doc: ResumeDocument, out: io.BufferedWriter, **_: object) -> None:
        out.write(b"%PDF-1.4 half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_pdf, "render_pdf", disk_full)
    with pytest.raises(UserError) as caught:
        export_resume(DOC, path)
    assert "disk space" in caught.value.message
    assert str(path) in caught.value.message
    assert path.read_bytes() == before
    assert siblings(tmp_path) == ["resume.pdf"]


def test_a_bug_while_rendering_propagates_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(doc: ResumeDocument, out: io.BufferedWriter) -> None:
        out.write(b"PK")
        raise ValueError("bug")

    monkeypatch.setattr(export_docx, "render_docx", broken)
    with pytest.raises(ValueError, match="bug"):
        export_resume(DOC, tmp_path / "resume.docx")
    assert siblings(tmp_path) == []


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    reference = tmp_path / "reference.txt"
    reference.write_text("x", encoding="utf-8")
    write_markdown(DOC, tmp_path / "resume.md")
    assert (tmp_path / "resume.md").stat().st_mode == reference.stat().st_mode
    assert (tmp_path / "resume.md").read_text(encoding="utf-8") == to_markdown(DOC)
