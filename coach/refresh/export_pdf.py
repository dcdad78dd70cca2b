"""The résumé as a PDF: one column of real, selectable text in embedded TrueType fonts.

No tables, images, headers or footers (screening systems read those badly), no hyphenation
and left-aligned text, so a text extractor gets back every word as written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from coach.refresh.export_fonts import FontFiles, PdfFonts, choose_fonts
from coach.refresh.resume_doc import ResumeDocument, ResumeRole, role_line, tidy

log = logging.getLogger(__name__)

BULLET = "•"
NBSP = "\u00a0"
_MARGIN = 2 * cm
_TEXT_WIDTH = A4[0] - 2 * _MARGIN
_BODY_SIZE = 10.5
# Role headers shrink, all alike, down to the smallest of these to stay on one line: a
# header wrapped over two lines ("… | Lyon, France |" / "Sep 2013 – May 2016") is what
# screening systems (and our own CV reader) misread most.
_ROLE_SIZES = (10.5, 10.0, 9.5, 9.0)


@dataclass(frozen=True)
class _Styles:
    name: ParagraphStyle
    contact: ParagraphStyle
    heading: ParagraphStyle
    role: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle


def render_pdf(
    doc: ResumeDocument, out: BinaryIO, *, fonts: Sequence[FontFiles] | None = None
) -> None:
    """Write the PDF to `out`. `fonts` overrides the font candidates (tests use it)."""
    shown = visible_text(doc)
    chosen = choose_fonts(shown, fonts)
    # Characters the fonts cannot draw get a stand-in; see PdfFonts.stand_in.
    table = {ord(ch): chosen.stand_in(ch) for ch in chosen.missing(shown)}
    if table:
        log.warning(
            "PDF export: no font here draws %r; writing stand-ins", "".join(sorted(map(chr, table)))
        )

    def markup(text: str) -> str:
        # Paragraph text is mini-markup: "&", "<" and ">" must be entities to survive.
        return escape(tidy(text).translate(table))

    headers = [_role_header(role, markup) for role in doc.roles]
    styles = _styles(chosen, headers)
    # No frame padding: the margins are the whole gap between text and page edge.
    frame = Frame(
        _MARGIN,
        _MARGIN,
        _TEXT_WIDTH,
        A4[1] - 2 * _MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = BaseDocTemplate(
        out,
        pagesize=A4,
        pageTemplates=[PageTemplate("page", frames=[frame])],
        title=tidy(doc.name),
        author=tidy(doc.name),
        subject="Résumé",
        creator="Loopcoach",
        # Else the canvas starts in Helvetica, a font the file then names but never embeds.
        initialFontName=chosen.regular,
        initialFontSize=_BODY_SIZE,
    )
    template.build(_story(doc, styles, markup, headers))


def missing_characters(
    doc: ResumeDocument, *, fonts: Sequence[FontFiles] | None = None
) -> frozenset[str]:
    """Characters of `doc` no available font can draw: the PDF shows a stand-in for each
    ("s" for "ś", else "?"), so the window can suggest DOCX or Markdown instead."""
    shown = visible_text(doc)
    return choose_fonts(shown, fonts).missing(shown)


def visible_text(doc: ResumeDocument) -> str:
    """Every character the PDF will show, including the separators the layout adds."""
    parts = [doc.name, doc.contact, doc.summary, "Summary Experience Earlier experience"]
    for role in doc.roles:
        parts.extend(role_line(role))
        parts.extend(role.bullets)
    parts.extend(doc.earlier)
    for section in doc.sections:
        parts.append(section.heading)
        parts.extend(section.lines)
    return " ".join(parts) + f" — | {BULLET}"


def _role_header(role: ResumeRole, markup: Callable[[str], str]) -> str:
    """ "<b>Title — Company</b> | Location | Dates" as paragraph markup; "" when all empty."""
    head, _ = role_line(role)
    # If the line must wrap after all, it wraps before the dates, never inside them.
    dates = markup(role.dates).replace(" ", NBSP)
    parts = (f"<b>{markup(head)}</b>" if head else "", markup(role.location), dates)
    return " | ".join(part for part in parts if part)


def _story(
    doc: ResumeDocument,
    styles: _Styles,
    markup: Callable[[str], str],
    headers: list[str],
) -> list[Flowable]:
    story: list[Flowable] = []

    def add(text: str, style: ParagraphStyle, *, bullet: bool = False) -> None:
        if tidy(text):
            story.append(Paragraph(markup(text), style, bulletText=BULLET if bullet else None))

    add(doc.name, styles.name)
    add(doc.contact, styles.contact)
    if tidy(doc.summary):
        add("Summary", styles.heading)
        add(doc.summary, styles.body)
    if doc.roles:
        add("Experience", styles.heading)
    for role, header in zip(doc.roles, headers, strict=True):
        if header:
            story.append(Paragraph(header, styles.role))
        for bullet in role.bullets:
            add(bullet, styles.bullet, bullet=True)
    if any(tidy(line) for line in doc.earlier):
        add("Earlier experience", styles.heading)
        for line in doc.earlier:
            add(line, styles.bullet, bullet=True)
    for section in doc.sections:
        if any(tidy(line) for line in section.lines):
            add(section.heading, styles.heading)
            for line in section.lines:
                add(line, styles.body)
    return story


def _styles(fonts: PdfFonts, headers: list[str]) -> _Styles:
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=_BODY_SIZE,
        leading=_BODY_SIZE * 1.3,
        alignment=TA_LEFT,
        spaceAfter=2,
        hyphenationLang="",  # no hyphenation: extracted text keeps whole words
        embeddedHyphenation=0,
        bulletFontName=fonts.regular,
        bulletFontSize=_BODY_SIZE,
    )
    for size in _ROLE_SIZES:
        # Kept with the first bullet, so a role header never ends a page alone.
        role = ParagraphStyle(
            "role",
            parent=body,
            fontSize=size,
            leading=size * 1.3,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        )
        if all(_one_line(header, role) for header in headers):
            break
    return _Styles(
        name=ParagraphStyle(
            "name", parent=body, fontName=fonts.bold, fontSize=18, leading=22, spaceAfter=4
        ),
        contact=ParagraphStyle("contact", parent=body, fontSize=10, spaceAfter=6),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=3,
            keepWithNext=1,
        ),
        role=role,
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=1),
    )


def _one_line(markup: str, style: ParagraphStyle) -> bool:
    paragraph = Paragraph(markup, style)
    paragraph.wrap(_TEXT_WIDTH, A4[1])
    return len(paragraph.blPara.lines) <= 1
