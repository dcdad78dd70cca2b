"""The résumé as a Word document: built-in styles only (Title, Heading 1/2, List Bullet,
Normal), one column, no tables, text boxes, images, headers or footers, so screening
systems and the candidate's own edits both get plain structure."""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm, Mm, Pt, RGBColor

from coach.refresh.resume_doc import ResumeDocument, role_line, tidy

_BLACK = RGBColor(0, 0, 0)


def render_docx(doc: ResumeDocument, out: BinaryIO) -> None:
    word = Document()
    _page_and_styles(word)
    _properties(word, tidy(doc.name))

    def add(text: str, style: str) -> None:
        if tidy(text):
            word.add_paragraph(tidy(text), style=style)

    add(doc.name, "Title")
    add(doc.contact, "Normal")
    if tidy(doc.summary):
        add("Summary", "Heading 1")
        add(doc.summary, "Normal")
    if doc.roles:
        add("Experience", "Heading 1")
    for role in doc.roles:
        head, details = role_line(role)
        if head or details:
            line = word.add_paragraph(style="Heading 2")
            if head:
                line.add_run(head)
            if details:
                # Heading 2 is bold; the location and dates read better plain.
                line.add_run(f" | {details}" if head else details).bold = False
        for bullet in role.bullets:
            add(bullet, "List Bullet")
    if any(tidy(line) for line in doc.earlier):
        add("Earlier experience", "Heading 1")
        for line in doc.earlier:
            add(line, "List Bullet")
    for section in doc.sections:
        if any(tidy(line) for line in section.lines):
            add(section.heading, "Heading 1")
            for line in section.lines:
                add(line, "Normal")
    word.save(out)


def _page_and_styles(word: DocxDocument) -> None:
    page = word.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)  # A4; the template is US Letter
    page.left_margin = page.right_margin = Cm(2)
    page.top_margin = page.bottom_margin = Cm(2)
    word.styles["Normal"].font.size = Pt(10.5)
    # The template's headings are blue and large; a résumé reads better in black.
    for style, size in (("Title", 20), ("Heading 1", 12), ("Heading 2", 10.5)):
        font = word.styles[style].font
        font.size, font.color.rgb = Pt(size), _BLACK


def _properties(word: DocxDocument, name: str) -> None:
    """The file's own metadata: the candidate, not "python-docx" from the template."""
    props = word.core_properties
    props.title = props.author = props.last_modified_by = name
    props.subject = "Résumé"
    props.comments = ""
    props.created = props.modified = dt.datetime.now(dt.UTC)  # the template says 2013
