"""The prep brief as a PDF: selectable text in embedded TrueType fonts, the requirements
as a table (this is for the candidate, not a screening system)."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from coach.prep.brief import Brief
from coach.refresh.export_fonts import choose_fonts

BULLET = "•"
_MARGIN = 1.8 * cm
_WIDTH = A4[0] - 2 * _MARGIN
_STRENGTH_COLOURS = {
    "Strong": colors.HexColor("#d7f0dc"),
    "Partial": colors.HexColor("#fdf0c8"),
    "Weak": colors.HexColor("#fbe0d6"),
    "None": colors.HexColor("#f3d4d4"),
}


def visible_text(brief: Brief) -> str:
    parts = [brief.title, brief.subtitle, BULLET]
    for section in brief.sections:
        parts += [section.heading, *section.paragraphs, *section.bullets]
        parts += [cell for row in section.table for cell in row]
    return " ".join(parts)


def render_brief_pdf(brief: Brief, out: BinaryIO) -> None:
    shown = visible_text(brief)
    fonts = choose_fonts(shown)
    table = {ord(ch): fonts.stand_in(ch) for ch in fonts.missing(shown)}

    def markup(text: str) -> str:
        return escape(" ".join(text.split()).translate(table))

    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=13, spaceAfter=3)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=16, leading=20)
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=fonts.bold,
        fontSize=12,
        leading=15,
        spaceBefore=10,
        keepWithNext=1,
    )
    story: list[Flowable] = [
        Paragraph(markup(brief.title), title),
        Paragraph(markup(brief.subtitle), body),
    ]
    for section in brief.sections:
        story.append(Paragraph(markup(section.heading), heading))
        for paragraph in section.paragraphs:
            for line in paragraph.splitlines():
                if line.strip():
                    story.append(Paragraph(markup(line), body))
        for bullet in section.bullets:
            story.append(Paragraph(markup(bullet), body, bulletText=BULLET))
        if section.table:
            story.append(_table(section.table, markup, small, fonts.bold))
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=brief.title,
        creator="Loopcoach",
        initialFontName=fonts.regular,
    )
    document.build(story)


def _table(
    rows: tuple[tuple[str, ...], ...],
    markup: Callable[[str], str],
    style: ParagraphStyle,
    bold: str,
) -> Table:
    header_style = ParagraphStyle("header", parent=style, fontName=bold)
    cells = [
        [Paragraph(markup(cell), header_style if i == 0 else style) for cell in row]
        for i, row in enumerate(rows)
    ]
    widths = [0.34 * _WIDTH, 0.08 * _WIDTH, 0.1 * _WIDTH, 0.48 * _WIDTH]
    table = Table(cells, colWidths=widths[: len(rows[0])], repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b4b8")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaed")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, row in enumerate(rows[1:], start=1):
        colour = _STRENGTH_COLOURS.get(row[2]) if len(row) > 2 else None
        if colour is not None:
            commands.append(("BACKGROUND", (2, index), (2, index), colour))
    table.setStyle(TableStyle(commands))
    return table
