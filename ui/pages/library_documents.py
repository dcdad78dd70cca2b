"""The list of documents in the library, with a row for each ingestion under way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

if TYPE_CHECKING:
    from coach.library.store import DocumentInfo

KIND_LABELS = {"cv": "CV", "posting": "Posting", "note": "Note"}
FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "markdown": "Markdown",
    "md": "Markdown",
    "text": "Text",
    "txt": "Text",
    "json": "JSON Resume",
    "json-resume": "JSON Resume",
    "jsonresume": "JSON Resume",
    "html": "HTML",
    "pasted": "Pasted",
    "paste": "Pasted",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.capitalize())


def format_label(source_format: str) -> str:
    return FORMAT_LABELS.get(source_format.lower(), source_format.upper() or "—")


def added_text(created_at: str) -> str:
    """The local date (and time today) a document was added."""
    try:
        when = dt.datetime.fromisoformat(created_at).astimezone()
    except ValueError:
        return created_at
    if when.date() == dt.date.today():
        return f"Today {when:%H:%M}"
    return f"{when:%Y-%m-%d}"


HEADER_TIPS = {
    "Passages": "How many searchable passages (bullets, requirements, paragraphs) it holds",
    "Pages": "Pages of a PDF or DOCX file",
}


class DocumentsTable(QTableWidget):
    COLUMNS = ("Kind", "Title", "Company", "Format", "Pages", "Passages", "Added")

    def __init__(self) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.setAccessibleName("Documents")
        self.setHorizontalHeaderLabels(self.COLUMNS)
        for column, name in enumerate(self.COLUMNS):
            if name in HEADER_TIPS:
                self.horizontalHeaderItem(column).setToolTip(HEADER_TIPS[name])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setMinimumHeight(150)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, name in enumerate(self.COLUMNS):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if name == "Title"
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def set_documents(self, documents: Sequence[DocumentInfo], pending: Sequence[str]) -> None:
        """Show the documents, then one "Adding …" row per running ingestion."""
        chosen = self.selected_id()
        self.setRowCount(len(documents) + len(pending))
        for row, doc in enumerate(documents):
            cells = (
                kind_label(doc.kind),
                doc.title or doc.source_name,
                doc.company,
                format_label(doc.source_format),
                str(doc.pages) if doc.pages else "",
                str(doc.chunks),
                added_text(doc.created_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                if self.COLUMNS[column] in {"Pages", "Passages"}:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 1 and doc.source_name and doc.source_name != doc.title:
                    item.setToolTip(f"From {doc.source_name}")
                self.setItem(row, column, item)
        italic = QFont()
        italic.setItalic(True)
        for offset, text in enumerate(pending):
            row = len(documents) + offset
            for column in range(len(self.COLUMNS)):
                item = QTableWidgetItem(text if column == 1 else "")
                item.setFont(italic)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: nothing to act on
                self.setItem(row, column, item)
        if chosen is not None:
            self.select_document(chosen)

    def document_ids(self) -> list[int]:
        ids = []
        for row in range(self.rowCount()):
            value = self.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if value is not None:
                ids.append(int(value))
        return ids

    def column_texts(self, name: str) -> list[str]:
        column = self.COLUMNS.index(name)
        return [self.item(row, column).text() for row in range(self.rowCount())]

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return None if value is None else int(value)

    def select_document(self, document_id: int) -> bool:
        for row in range(self.rowCount()):
            if self.item(row, 0).data(Qt.ItemDataRole.UserRole) == document_id:
                self.selectRow(row)
                return True
        return False
