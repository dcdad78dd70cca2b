"""Search the library: ranked evidence with its source, and which kind of search ran."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from coach.library.retrieval import SearchResult

KIND_WORDS = {
    "bullet": "Bullet",
    "role": "Role",
    "requirement": "Requirement",
    "paragraph": "Passage",
    "heading": "Heading",
}
SECTION_WORDS = {"must-have": "Must-have", "nice-to-have": "Nice-to-have"}


def where_text(kind: str, section: str, page: int | None) -> str:
    parts = [SECTION_WORDS.get(section, section.replace("_", " ").capitalize())] if section else []
    if kind and kind not in {"requirement"}:
        parts.append(KIND_WORDS.get(kind, kind.capitalize()))
    if not parts:
        parts.append("Passage")
    if page:
        parts.append(f"page {page}")
    return " · ".join(parts)


class SearchPanel(QGroupBox):
    COLUMNS = ("#", "Evidence", "Source", "Where")

    def __init__(self) -> None:
        super().__init__("Search your library")
        self.box = QLineEdit()
        self.box.setPlaceholderText("Search your CV and postings, e.g. latency, on-call, hiring")
        self.box.setAccessibleName("Search the library")
        self.box.setClearButtonEnabled(True)
        self.button = QPushButton("Sea&rch")
        self.button.setToolTip("Search (Enter); Ctrl+F jumps to the search box")
        self.mode = QLabel()
        self.mode.setObjectName("searchMode")
        self.mode.setWordWrap(True)
        self.mode.setTextFormat(Qt.TextFormat.PlainText)
        self.mode.setVisible(False)
        self.results = QTableWidget(0, len(self.COLUMNS))
        self.results.setAccessibleName("Search results")
        self.results.setHorizontalHeaderLabels(self.COLUMNS)
        self.results.verticalHeader().setVisible(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setMinimumHeight(180)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.setColumnWidth(2, 200)
        self.results.setColumnWidth(3, 170)
        self.results.setVisible(False)
        self.nothing = QLabel()
        self.nothing.setObjectName("pageNote")
        self.nothing.setWordWrap(True)
        self.nothing.setTextFormat(Qt.TextFormat.PlainText)
        self.nothing.setVisible(False)

        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.mode)
        layout.addWidget(self.nothing)
        layout.addWidget(self.results, 1)

    def query(self) -> str:
        return self.box.text().strip()

    def searching(self, query: str) -> None:
        self.nothing.setText(f"Searching for “{query}”…")
        self.nothing.setVisible(True)

    def show_result(self, query: str, result: SearchResult, titles: Mapping[int, str]) -> None:
        self.mode.setText(result.note or ("Keyword and meaning" if result.mode == "hybrid" else ""))
        self.mode.setVisible(bool(self.mode.text()))
        self.results.setRowCount(0)
        hits = [hit for hit in result.hits if hit.chunk.document_id in titles]
        if not hits:
            self.nothing.setText(f"Nothing in your library matches “{query}”.")
            self.nothing.setVisible(True)
            self.results.setVisible(False)
            return
        self.nothing.setVisible(False)
        self.results.setVisible(True)
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            chunk = hit.chunk
            ranks = [
                f"keyword rank {hit.keyword_rank}" if hit.keyword_rank else "",
                f"meaning rank {hit.vector_rank}" if hit.vector_rank else "",
            ]
            cells = (
                str(row + 1),
                chunk.text,
                titles[chunk.document_id],
                where_text(chunk.kind, chunk.section, chunk.page),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, chunk.id)
                item.setToolTip(chunk.text if column == 1 else ", ".join(r for r in ranks if r))
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.results.setItem(row, column, item)
        self.results.resizeRowsToContents()
        self.results.selectRow(0)

    def clear_results(self) -> None:
        self.results.setRowCount(0)
        self.results.setVisible(False)
        self.nothing.setVisible(False)

    def rows(self) -> list[tuple[str, ...]]:
        """What the results table shows, row by row (for tests and copying)."""
        return [
            tuple(self.results.item(r, c).text() for c in range(len(self.COLUMNS)))
            for r in range(self.results.rowCount())
        ]
