"""The Opportunities page's list of postings (title — company, and when it was added),
newest first, and the panel shown instead when the library has none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.pages.conversation import text_label
from ui.pages.library_documents import added_text

if TYPE_CHECKING:
    from coach.library.store import DocumentInfo

ID_ROLE = Qt.ItemDataRole.UserRole
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
PADDING = 8


def posting_heading(info: DocumentInfo) -> str:
    title = info.title or info.source_name or f"Posting {info.id}"
    return f"{title} — {info.company}" if info.company else title


class _PostingDelegate(QStyledItemDelegate):
    """Two lines per posting: the heading in bold, when it was added beneath in grey."""

    def sizeHint(
        self, option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(160, metrics.height() * 2 + PADDING * 2 + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        heading = option.text
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(PADDING + 2, PADDING, -PADDING, -PADDING)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        line = QFontMetrics(option.font).height()
        painter.save()
        painter.setFont(bold)
        painter.setPen(option.palette.color(group, text_role))
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(
            top,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(bold).elidedText(heading, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        muted = option.palette.color(group, text_role)
        if not selected:
            muted = option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        bottom = QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        painter.drawText(
            bottom,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(option.font).elidedText(
                subtitle, Qt.TextElideMode.ElideRight, rect.width()
            ),
        )
        painter.restore()


class PostingList(QListWidget):
    posting_selected = Signal(object)  # posting id, or None when nothing is selected

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("postingList")
        self.setAccessibleName("Postings")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_PostingDelegate(self))
        self.setSpacing(2)
        self.currentItemChanged.connect(self._changed)

    def set_postings(self, postings: Sequence[DocumentInfo], keep: int | None) -> None:
        """Show the postings newest first; keep `keep` selected without a signal."""
        self.blockSignals(True)
        try:
            self.clear()
            for info in sorted(postings, key=lambda d: (d.created_at, d.id), reverse=True):
                item = QListWidgetItem(posting_heading(info))
                item.setData(ID_ROLE, info.id)
                item.setData(SUBTITLE_ROLE, f"Added {added_text(info.created_at)}")
                item.setToolTip(posting_heading(info))
                self.addItem(item)
            if keep is not None:
                self._select(keep)
        finally:
            self.blockSignals(False)

    def ids(self) -> list[int]:
        return [int(self.item(row).data(ID_ROLE)) for row in range(self.count())]

    def headings(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def selected_id(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def select_posting(self, posting_id: int) -> bool:
        """Select it (a signal follows when it was not selected already)."""
        return self._select(posting_id)

    def _select(self, posting_id: int) -> bool:
        for row in range(self.count()):
            if self.item(row).data(ID_ROLE) == posting_id:
                self.setCurrentRow(row)
                return True
        return False

    def _changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.posting_selected.emit(None if current is None else int(current.data(ID_ROLE)))


def empty_state() -> QWidget:
    """Shown instead of the panes while the library has no posting."""
    panel = QFrame()
    panel.setObjectName("libraryEmpty")
    title = text_label("Add a job posting first", "emptyTitle", selectable=False)
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = text_label(
        "Prep works on one posting at a time. Open the Library page (Ctrl+1) and choose "
        "“Paste a posting…” to paste its text, or “Add job posting…” for its file (PDF, "
        "Word, HTML, Markdown or text). It shows up here, and its requirements are "
        "matched against your stories and your CV.",
        "pageNote",
        selectable=False,
    )
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(40, 36, 40, 36)
    layout.addWidget(title)
    layout.addWidget(text)
    wrapper = QWidget()
    outer = QVBoxLayout(wrapper)
    outer.setContentsMargins(0, 12, 0, 0)
    outer.addWidget(panel)
    outer.addStretch(1)
    return wrapper
