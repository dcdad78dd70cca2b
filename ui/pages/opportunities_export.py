"""Where to save a prep brief: the save dialog (Markdown or PDF), named after the posting."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

BRIEF_FILTERS = {
    "Markdown (*.md)": ".md",
    "PDF (*.pdf)": ".pdf",
}
KNOWN_SUFFIXES = (".md", ".markdown", ".pdf")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def brief_name(title: str) -> str:
    """A file name from the posting's title, without characters file systems refuse."""
    name = " ".join(_UNSAFE.sub(" ", title).split()).strip(" .")
    return f"{name[:80].rstrip()} prep brief" if name else "prep brief"


def brief_path(path: str, chosen_filter: str) -> Path:
    """The file name with the chosen format's suffix, unless it already has a known one."""
    target = Path(path)
    if target.suffix.lower() in KNOWN_SUFFIXES:
        return target
    return target.with_name(target.name + BRIEF_FILTERS.get(chosen_filter, ".md"))


def ask_brief_path(parent: QWidget, folder: Path, title: str) -> Path | None:
    """Where to write the brief, from the save dialog; None when the candidate cancels."""
    suggested = folder / f"{brief_name(title)}.md"
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export the prep brief", str(suggested), ";;".join(BRIEF_FILTERS)
    )
    return brief_path(path, chosen) if path else None
