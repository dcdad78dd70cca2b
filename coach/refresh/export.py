"""Export a refreshed résumé as Markdown, DOCX or PDF.

Every format has the same single-column shape: name, contact line, "Summary", "Experience"
(one "Title — Company | Location | Dates" line per role and its bullets), "Earlier
experience", then the CV's other sections in order. Files are written atomically: a
temporary file in the same folder, then a rename, so a failed export never leaves a half
file, nor damages an earlier export of the same name.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path

from coach.errors import UserError
from coach.files import write_atomically
from coach.refresh.resume_doc import ResumeDocument, role_line, tidy


class ExportFormat(enum.StrEnum):
    MARKDOWN = "md"
    DOCX = "docx"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


_BY_SUFFIX = {".md": ExportFormat.MARKDOWN, ".markdown": ExportFormat.MARKDOWN} | {
    fmt.suffix: fmt for fmt in ExportFormat
}


def export_resume(doc: ResumeDocument, path: Path, fmt: ExportFormat | None = None) -> Path:
    """Write `doc` to `path` and return the path written.

    Without `fmt` the file name's suffix decides, and an unknown one is refused. With `fmt`
    and a name without a known suffix, the format's suffix is added ("cv" -> "cv.pdf"); a
    known suffix that contradicts `fmt` is refused rather than writing a PDF called .docx.
    """
    named = _BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        if named is None:
            raise UserError(
                f"Loopcoach cannot tell which format to save {path.name} in.",
                hint="End the file name with .md, .docx or .pdf.",
            )
        fmt = named
    elif named is None:
        path = path.with_name(path.name + fmt.suffix)
    elif named is not fmt:
        raise UserError(
            f"{path.name} ends in {path.suffix}, but the chosen format is {fmt.suffix}.",
            hint=f"Name the file with {fmt.suffix}, or choose the matching format.",
        )
    writers = {
        ExportFormat.MARKDOWN: write_markdown,
        ExportFormat.DOCX: write_docx,
        ExportFormat.PDF: write_pdf,
    }
    writers[fmt](doc, path)
    return path


def write_markdown(doc: ResumeDocument, path: Path) -> None:
    write_atomically(path, lambda out: out.write(to_markdown(doc).encode("utf-8")))


def write_docx(doc: ResumeDocument, path: Path) -> None:
    # python-docx and reportlab load on the first export, not at start-up (~110 ms).
    from coach.refresh.export_docx import render_docx  # noqa: PLC0415

    write_atomically(path, lambda out: render_docx(doc, out))


def write_pdf(doc: ResumeDocument, path: Path) -> None:
    from coach.refresh.export_pdf import render_pdf  # noqa: PLC0415

    write_atomically(path, lambda out: render_pdf(doc, out))


# ---------------------------------------------------------------- Markdown


def to_markdown(doc: ResumeDocument) -> str:
    blocks: list[str] = []
    if tidy(doc.name):
        blocks.append(_heading(1, doc.name))
    if tidy(doc.contact):
        blocks.append(_line(doc.contact))
    if tidy(doc.summary):
        blocks += [_heading(2, "Summary"), _line(doc.summary)]
    if doc.roles:
        blocks.append(_heading(2, "Experience"))
    for role in doc.roles:
        if header := " | ".join(part for part in role_line(role) if part):
            blocks.append(_heading(3, header))
        if bullets := _bullets(role.bullets):
            blocks.append(bullets)
    if bullets := _bullets(doc.earlier):
        blocks += [_heading(2, "Earlier experience"), bullets]
    for section in doc.sections:
        # One paragraph per line: consecutive lines would run together when rendered.
        lines = [_line(line) for line in section.lines if tidy(line)]
        if lines:
            blocks += [_heading(2, section.heading) if tidy(section.heading) else "", *lines]
    return "\n\n".join(block for block in blocks if block) + "\n"


_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # an HTML tag or autolink could start here
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # "p99_latency" stays as is
_ALWAYS = re.compile(r"[\\`*\[]")
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-(?=[\s-]*$))"  # heading, quote, list, rule "---"
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # "2019. Joined" would start a list
_CLOSING_HASHES = re.compile(r"(?<=\s)#+$")  # "## Team #" would lose its "#"


def _inline(text: str) -> str:
    """Backslash-escape what would otherwise become markup, and nothing else, so the file
    stays readable as plain text."""
    text = _ALWAYS.sub(r"\\\g<0>", tidy(text))
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _TAG.sub(r"\\<", text)
    if text.count("~") >= 2:  # a pair of tildes is strikethrough on GitHub
        text = text.replace("~", r"\~")
    return text


def _line(text: str) -> str:
    """A paragraph (or list item's text) that must not turn into another kind of block."""
    text = _inline(text)
    text = _BLOCK_START.sub(r"\\\g<0>", text)
    return _ORDERED.sub(r"\1\\\2", text)


def _heading(level: int, text: str) -> str:
    return "#" * level + " " + _CLOSING_HASHES.sub(r"\\\g<0>", _line(text))


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {_line(line)}" for line in lines if tidy(line))
