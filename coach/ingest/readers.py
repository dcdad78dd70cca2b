"""Read a CV or posting file into blocks: pick the reader, refuse what cannot be read.

The format is sniffed from the content first (a PDF saved as ".txt" is still a PDF) and
from the extension second. Every refusal is a `UserError` with a sentence for a person;
no library exception gets out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.ingest.blocks import Block, ExtractedText, bounded, check_length
from coach.ingest.lines import collapse, is_bullet, looks_like_heading, parse_text, strip_bullet
from coach.ingest.read_docx import read_docx
from coach.ingest.read_html import read_html
from coach.ingest.read_json_resume import is_json_resume, parse_json, read_json_resume
from coach.ingest.text_decode import decode_text
from coach.ingest.text_sanity import check_language
from coach.tasks import Cancelled

MAX_FILE_BYTES = 50 * 1024 * 1024  # a CV or posting is far smaller; beyond this, refuse
SUPPORTED = "Use PDF, DOCX, Markdown, text, JSON Resume or HTML."
_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc)


def read_document(
    path: Path,
    *,
    password: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractedText:
    """The file's text as blocks. Raises UserError for anything it cannot read."""
    return read_data(
        read_file_bytes(path),
        path.suffix.lower(),
        password=password,
        should_stop=should_stop,
        on_progress=on_progress,
    )


def read_data(
    data: bytes,
    suffix: str,
    *,
    password: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractedText:
    """A file's bytes (from read_file_bytes) as blocks; `suffix` helps when sniffing fails."""
    kind, resume = _sniff(data, suffix)
    if should_stop is not None and should_stop():
        raise Cancelled
    if kind == "pdf":
        # pypdf (and the layout reader) load with the first PDF, not at start-up.
        from coach.ingest.read_pdf import read_pdf  # noqa: PLC0415

        return read_pdf(data, password=password, should_stop=should_stop, on_progress=on_progress)
    if kind == "docx":
        result = read_docx(data)
    elif kind == "html":
        result = read_html(data)
    elif resume is not None:  # parsed once already, while sniffing
        result = read_json_resume(resume)
    else:
        text, notes = decode_text(data)
        if kind == "json":
            result = read_json_resume(parse_json(text))
        else:
            blocks = bounded(parse_text(check_length(text)))
            result = ExtractedText(blocks=blocks, source_format=kind, warnings=notes)
    if kind in ("html", "markdown", "text"):  # random bytes decode to "text" too: refuse noise
        check_language(result.text)
    if on_progress is not None:
        on_progress(1, 1)
    return result


def read_pasted(text: str) -> ExtractedText:
    """Text the candidate pasted (usually a posting), read like Markdown or plain text."""
    check_language(text)
    return ExtractedText(blocks=bounded(parse_text(check_length(text))), source_format="pasted")


def read_stored(text: str) -> ExtractedText:
    """A document's text as the library stores it (`ExtractedText.text`: one block per
    line), back as blocks. Read as pasted text, long lines would be taken for wrapped
    ones and a heading after a long bullet ("Projects") joined to it."""
    blocks = []
    for raw in check_length(text).splitlines():
        line = collapse(raw)
        if not line:
            continue
        if looks_like_heading(line, title_case=False):
            blocks.append(Block("heading", line.rstrip(":"), level=2))
        elif is_bullet(line):
            blocks.append(Block("bullet", strip_bullet(line)))
        else:
            blocks.append(Block("paragraph", line))
    return ExtractedText(blocks=bounded(blocks), source_format="stored")


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, after the checks every format shares: a file, not empty, not huge."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UserError(f"{path.name} is a folder, not a file.", hint="Choose a file in it.")
        if size == 0:
            raise UserError("The file is empty.", hint=f"{path.name} has no content to read.")
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"This file is too large: {size / 1024 / 1024:.1f} MB, and Loopcoach reads "
                f"files up to {MAX_FILE_BYTES // 1024 // 1024} MB.",
                hint="Export a smaller copy (for example without images) and add that.",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"Loopcoach could not find {path.name}.", hint=str(path)) from exc
    except PermissionError as exc:
        raise UserError(
            f"Loopcoach is not allowed to read {path.name}.",
            hint="Check the file's permissions, or copy it somewhere you own.",
        ) from exc


def sniff(data: bytes, suffix: str) -> str:
    """The reader for this content: "pdf", "docx", "html", "json", "markdown" or "text"."""
    return _sniff(data, suffix)[0]


def _sniff(data: bytes, suffix: str) -> tuple[str, Any]:
    """The reader, and the parsed JSON Resume when sniffing had to parse one."""
    if b"%PDF-" in data[:1024]:
        return "pdf", None
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx", None
    if data.startswith(_OLE):
        raise UserError(
            "This is an old-style Word or Office file, which Loopcoach cannot read.",
            hint="Save it as .docx or PDF and add that.",
        )
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{") and (resume := _resume(data)) is not None:
        return "json", resume
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html", None
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix], None
    what = f"{suffix} files" if suffix else "files without an extension"
    raise UserError(f"Loopcoach cannot read {what}. {SUPPORTED}")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    # NotImplementedError: a damaged header can claim a zip version from the future.
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False


def _resume(data: bytes) -> Any:
    """The parsed file if it is a JSON Resume, else None."""
    try:
        text, _ = decode_text(data)
        value = parse_json(text)
    except UserError:
        return None
    return value if is_json_resume(value) else None
