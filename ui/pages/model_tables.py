"""Table models and views for the Models page: the catalog and the models on this computer."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from models.catalog import CatalogEntry
from models.describe import fitness_text, format_size
from models.manager import LocalModel

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

# What each kind does, in words for someone who has never heard "embedding".
KIND_ROLES = {
    "chat": "Writes follow-up questions, rewrites and feedback",
    "embedding": "Finds related passages in your documents for search (it cannot chat)",
    "speech": "Turns what you say into text",
}
CATALOG_STATUS = {
    "installed": "Installed",
    "partial": "Download paused: resume",
    "available": "Not installed",
}


def kind_label(kind: str) -> str:
    return kind.capitalize() if kind else "Unknown"


class _Table(QAbstractTableModel):
    """Rows of one kind, named columns with header tooltips, and the live text of a row
    whose background work is running; subclasses say what each cell shows."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    HEADER_TIPS: ClassVar[Mapping[str, str]] = {}
    RIGHT_ALIGNED: ClassVar[frozenset[str]] = frozenset()
    CENTRED: ClassVar[frozenset[str]] = frozenset()
    LIVE_COLUMN: ClassVar[str] = ""  # where the live text shows

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []
        self._live: dict[Hashable, str] = {}
        roles = Qt.ItemDataRole
        # What each cell answers, by role; the views ask often, so build this once.
        self._handlers: dict[int, Callable[[int, str], Any]] = {
            int(roles.DisplayRole): self.text,
            int(roles.ToolTipRole): self.tooltip,
            int(roles.ForegroundRole): self.foreground,
            int(roles.FontRole): self._font,
            int(roles.TextAlignmentRole): self._alignment,
        }

    # -- what subclasses provide --

    def key(self, row: Any) -> Hashable:
        raise NotImplementedError

    def text(self, row: int, column: str) -> str:
        raise NotImplementedError

    def tooltip(self, row: int, column: str) -> str | None:
        return None

    def foreground(self, row: int, column: str) -> QBrush | None:
        return None

    def bold(self, row: int, column: str) -> bool:
        return False

    # -- rows --

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Any:
        return self._rows[number]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, key: Hashable) -> int:
        return next((i for i, row in enumerate(self._rows) if self.key(row) == key), -1)

    def live(self, key: Hashable) -> str | None:
        return self._live.get(key)

    def set_live(self, key: Hashable, text: str | None) -> None:
        """Show what a row's download or test is doing now (None: back to the stored state)."""
        if text is None:
            self._live.pop(key, None)
        else:
            self._live[key] = text
        number = self.row_of(key)
        if number >= 0:
            cell = self.index(number, self.column(self.LIVE_COLUMN))
            self.dataChanged.emit(cell, cell)

    def column(self, name: str) -> int:
        return self.COLUMNS.index(name)

    # -- QAbstractTableModel --

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        name = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(name)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        handler = self._handlers.get(int(role))
        return handler(index.row(), self.COLUMNS[index.column()]) if handler else None

    def _font(self, row: int, column: str) -> QFont | None:
        if not self.bold(row, column):
            return None
        font = QFont()
        font.setBold(True)
        return font

    def _alignment(self, row: int, column: str) -> Qt.AlignmentFlag:
        side = Qt.AlignmentFlag.AlignLeft
        if column in self.RIGHT_ALIGNED:
            side = Qt.AlignmentFlag.AlignRight
        elif column in self.CENTRED:
            side = Qt.AlignmentFlag.AlignHCenter
        return side | Qt.AlignmentFlag.AlignVCenter


KIND_TIP = "Chat models coach; embedding models power search; speech models take dictation"


class CatalogTable(_Table):
    """The recommended models and whether each is on this computer (entry, status)."""

    COLUMNS = ("Name", "Kind", "Size", "Needs RAM", "Licence", "Status")
    HEADER_TIPS = MappingProxyType(
        {
            "Kind": KIND_TIP,
            "Size": "How much there is to download",
            "Needs RAM": "Memory the model needs while it runs",
            "Licence": "The terms the publisher sets; select a row for a link to the full text",
        }
    )
    RIGHT_ALIGNED = frozenset({"Size", "Needs RAM"})
    LIVE_COLUMN = "Status"

    def key(self, row: tuple[CatalogEntry, str]) -> Hashable:
        return row[0].id

    def entry(self, number: int) -> CatalogEntry:
        return self._rows[number][0]

    def text(self, row: int, column: str) -> str:
        entry, status = self._rows[row]
        texts = {
            "Name": entry.name,
            "Kind": kind_label(entry.kind),
            "Size": format_size(entry.size_bytes),
            "Needs RAM": f"{entry.min_ram_gb:g} GB" if entry.min_ram_gb else "—",
            "Licence": entry.licence,
            "Status": self.live(entry.id) or CATALOG_STATUS.get(status, status),
        }
        return texts[column]

    def tooltip(self, row: int, column: str) -> str | None:
        if column == "Kind":
            return KIND_ROLES.get(self.entry(row).kind)
        if column in ("Name", "Licence"):
            return self.text(row, column)  # the full text of an elided cell
        return None

    def bold(self, row: int, column: str) -> bool:
        return column == "Status" and self._rows[row][1] == "installed"


class LocalTable(_Table):
    """Models on this computer: downloaded, added, or found in other apps' folders."""

    COLUMNS = ("Name", "Kind", "Quantisation", "Size", "Where", "Test result", "In use")
    HEADER_TIPS = MappingProxyType(
        {
            "Kind": KIND_TIP,
            "Quantisation": "How the weights are compressed: Q4_K_M is a good balance of size "
            "and quality; F16 is uncompressed",
            "Where": "Where the model came from; it is used in place, never copied",
            "Test result": "Measured on this computer by “Test this model”: tok/s is how fast it "
            "writes (a token is about ¾ of a word), “valid” counts structured answers that "
            "came back complete, MB is the memory it took",
            "In use": "The active model of its kind",
        }
    )
    RIGHT_ALIGNED = frozenset({"Size"})
    CENTRED = frozenset({"In use"})
    LIVE_COLUMN = "Test result"

    def key(self, row: LocalModel) -> Hashable:
        return row.path

    def text(self, row: int, column: str) -> str:
        model = self._rows[row]
        texts = {
            "Name": model.name,
            "Kind": kind_label(model.kind),
            "Quantisation": model.quantization or "—",
            "Size": format_size(model.size_bytes),
            "Where": model.source,
            "Test result": self.test_text(model),
            "In use": "✓" if model.active else "",
        }
        return texts[column]

    def test_text(self, model: LocalModel) -> str:
        live = self.live(model.path)
        if live:
            return live
        if model.problem:
            return f"Cannot be used: {model.problem}"
        if model.fitness is not None:
            return fitness_text(model.fitness)
        return "Not tested yet" if model.kind in ("chat", "embedding") else ""

    def tooltip(self, row: int, column: str) -> str | None:
        model = self._rows[row]
        if model.problem:
            return f"Cannot be used: {model.problem}.\n{model.path}"
        if column == "Kind":
            return KIND_ROLES.get(model.kind, "Not a model Loopcoach can use")
        if column == "Test result" and model.fitness is not None:
            return f"{model.fitness.verdict}\nTested {model.fitness.checked_at}"
        return str(model.path)

    def foreground(self, row: int, column: str) -> QBrush | None:
        model = self._rows[row]
        quiet = model.problem or (
            column == "Test result" and model.fitness is None and not self.live(model.path)
        )
        if not quiet:
            return None
        # Greyed: an unusable file, or a test not run yet. The application palette, read
        # each time, follows a change of theme.
        return QGuiApplication.palette().brush(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
        )

    def bold(self, row: int, column: str) -> bool:
        return self._rows[row].active and column in ("Name", "In use")


class _TableView(QTableView):
    """A table that asks only for its minimum height and takes whatever more there is.

    The page sits in a scroll area, which makes it as tall as its preferred height at the
    current width (wrapped labels need that). A table's own preferred height would make
    the page scroll even in a large window; asking for the minimum keeps the page the
    window's height until the window is smaller than the page's minimum."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def make_table(model: QAbstractTableModel, name: str, *, min_rows: int) -> QTableView:
    view = _TableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab moves to the buttons; arrows move between rows
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    row_height = view.fontMetrics().height() + 10
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setMinimumHeight((min_rows + 1) * row_height + 4)  # the header and a few rows
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return view


def size_columns(
    view: QTableView, columns: Sequence[str], stretch: str, sized: Collection[str] = ()
) -> None:
    """One column takes the spare width; `sized` columns are set by the page and can be
    dragged; the others fit their contents."""
    header = view.horizontalHeader()
    for number, name in enumerate(columns):
        if name == stretch:
            mode = QHeaderView.ResizeMode.Stretch
        elif name in sized:
            mode = QHeaderView.ResizeMode.Interactive
        else:
            mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(number, mode)


def fit_column(view: QTableView, column: int, most: int) -> None:
    """As wide as the longest value, but at most `most` characters wide: a longer value
    elides and shows whole in its tooltip and the details line."""
    view.resizeColumnToContents(column)
    cap = most * view.fontMetrics().averageCharWidth()
    if view.columnWidth(column) > cap:
        view.setColumnWidth(column, cap)
