"""Exporting the refreshed résumé: the save dialog (Markdown, Word or PDF), and a
preview of what an export contains, rendered from its Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

EXPORT_FILTERS = {
    "Markdown (*.md)": ".md",
    "Word (*.docx)": ".docx",
    "PDF (*.pdf)": ".pdf",
}
KNOWN_SUFFIXES = (".md", ".markdown", ".docx", ".pdf")


def export_path(path: str, chosen_filter: str) -> Path:
    """The file name with the chosen format's suffix, unless it already has a known one."""
    target = Path(path)
    if target.suffix.lower() in KNOWN_SUFFIXES:
        return target
    return target.with_name(target.name + EXPORT_FILTERS.get(chosen_filter, ".md"))


def ask_export_path(parent: QWidget, folder: Path, cv_title: str) -> Path | None:
    """Where to write the résumé, from the save dialog; None when the candidate cancels."""
    name = cv_title.strip() or "résumé"
    suggested = folder / f"{name} résumé.md"
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export your résumé", str(suggested), ";;".join(EXPORT_FILTERS)
    )
    return export_path(path, chosen) if path else None


class PreviewDialog(QDialog):
    export_clicked = Signal()

    def __init__(self, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Résumé preview")
        self.resize(720, 760)
        note = QLabel(
            "Accepted and edited lines are in place; older roles follow your recency "
            "choices. Lines you have not decided on keep the CV's wording."
        )
        note.setWordWrap(True)
        note.setObjectName("pageNote")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(markdown)
        self.markdown = markdown
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        export = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.ActionRole)
        export.clicked.connect(self._export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def _export(self) -> None:
        self.accept()
        self.export_clicked.emit()
