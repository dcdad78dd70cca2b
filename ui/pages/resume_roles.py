"""The Résumé page's role list: the CV's roles, newest first, each with where its refresh
stands, and for an old role the recency proposal with a small choice.

The rows are read from the refresh service (`role_rows`); the list only shows them and
says when the candidate picks a role or a recency choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coach.refresh.records import RecencyChoice, SessionStatus
from coach.refresh.resume_doc import format_dates
from ui.pages.conversation import repolish

if TYPE_CHECKING:
    from coach.library.store import StoredRole
    from coach.refresh.resume_build import RoleRecency
    from coach.refresh.service import RefreshService

RECENCY_LABELS = {
    RecencyChoice.FULL: "Full",
    RecencyChoice.ONE_LINE: "One line",
    RecencyChoice.EARLIER: "Earlier experience",
    RecencyChoice.DROP: "Drop",
}
RECENCY_TIPS = {
    RecencyChoice.FULL: "Keep the role with its bullets.",
    RecencyChoice.ONE_LINE: "Keep the role under Experience as one line, without bullets.",
    RecencyChoice.EARLIER: "Move the role to the “Earlier experience” list.",
    RecencyChoice.DROP: "Leave the role off the résumé.",
}


@dataclass(frozen=True)
class RoleRow:
    role: StoredRole
    dates: str
    status: str  # "Not started", "3 answers", "2 drafts to review", "Done"
    state: str  # "new", "asking", "review", "done": the status's colour
    recency: RoleRecency | None  # shown when the role is old or a choice was made

    @property
    def heading(self) -> str:
        title = self.role.title or "Untitled role"
        return f"{title} — {self.role.company}" if self.role.company else title


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def role_status(service: RefreshService, role_id: int) -> tuple[str, str]:
    """Where the role's refresh stands, as (text, state); cheap enough for every row."""
    summary = service.summary(role_id)
    if summary is None:
        return "Not started", "new"
    if summary.info.status == SessionStatus.REVIEWING:
        if summary.pending_drafts:
            return f"{_plural(summary.pending_drafts, 'draft')} to review", "review"
        return "Done", "done"
    if summary.answers:
        return _plural(summary.answers, "answer"), "asking"
    return "Started", "asking"


def _months(value: tuple[int, int | None] | None) -> int:
    if value is None:
        return 0
    year, month = value
    return year * 12 + (month or 12)


def newest_first(roles: Sequence[StoredRole]) -> list[StoredRole]:
    """Current roles first, then by end date (or start date), latest first."""
    return sorted(
        roles,
        key=lambda r: (0 if r.current else 1, -_months(r.end or r.start), r.ordinal),
    )


def role_rows(service: RefreshService, document_id: int, years: float) -> list[RoleRow]:
    recencies = service.recencies(document_id, years)
    rows = []
    for role in newest_first(service.roles(document_id)):
        status, state = role_status(service, role.id)
        recency = recencies.get(role.id)
        if recency is not None and recency.proposed == RecencyChoice.FULL and not recency.chosen:
            recency = None
        rows.append(
            RoleRow(
                role=role,
                dates=format_dates(role.start, role.end, role.current) or "Dates not known",
                status=status,
                state=state,
                recency=recency,
            )
        )
    return rows


def recency_text(recency: RoleRecency) -> str:
    years = int(recency.years_ago)
    ago = f"Ended {_plural(years, 'year')} ago" if years >= 1 else "Ended recently"
    if recency.chosen is None:
        return f"{ago}: proposed for {RECENCY_LABELS[recency.proposed]}"
    if recency.chosen == recency.proposed:
        return f"{ago}: {RECENCY_LABELS[recency.chosen]}, as proposed"
    return f"{ago}: proposed {RECENCY_LABELS[recency.proposed]}, you chose"


class RoleEntry(QWidget):
    """One row of the list: heading, dates, status and, for an old role, the choice."""

    recency_chosen = Signal(int, object)  # role id, RecencyChoice

    def __init__(self, row: RoleRow) -> None:
        super().__init__()
        self.row = row
        self.heading = QLabel(row.heading)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # titles come from the CV
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.dates = QLabel(row.dates)
        self.dates.setObjectName("muted")
        self.status = QLabel(row.status)
        self.status.setObjectName("roleStatus")
        self.status.setProperty("state", row.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.dates)
        layout.addWidget(self.status)

        self.recency_note: QLabel | None = None
        self.recency_choice: QComboBox | None = None
        if row.recency is not None:
            self.recency_note = QLabel(recency_text(row.recency))
            self.recency_note.setObjectName("recencyNote")
            self.recency_note.setWordWrap(True)
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setToolTip("How this role appears on the exported résumé")
            combo.setAccessibleName(f"Recency of {row.heading}")
            for choice, label in RECENCY_LABELS.items():
                combo.addItem(label, choice.value)
                combo.setItemData(
                    combo.count() - 1, RECENCY_TIPS[choice], Qt.ItemDataRole.ToolTipRole
                )
            combo.setCurrentIndex(list(RECENCY_LABELS).index(row.recency.choice))
            combo.activated.connect(self._chosen)
            self.recency_choice = combo
            layout.addSpacing(4)
            layout.addWidget(self.recency_note)
            choice_row = QHBoxLayout()
            choice_row.setContentsMargins(0, 0, 0, 0)
            choice_row.addWidget(combo)
            choice_row.addStretch(1)
            layout.addLayout(choice_row)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def _chosen(self, index: int) -> None:
        assert self.recency_choice is not None
        choice = RecencyChoice(self.recency_choice.itemData(index))
        self.recency_chosen.emit(self.row.role.id, choice)

    def set_status(self, text: str, state: str) -> None:
        self.status.setText(text)
        self.status.setProperty("state", state)
        repolish(self.status)


class RoleList(QListWidget):
    """The roles, one `RoleEntry` per item; the role id is the item's data."""

    role_selected = Signal(object)  # role id, or None
    recency_chosen = Signal(int, object)  # role id, RecencyChoice

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resumeRoles")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Roles of your CV")
        self.currentRowChanged.connect(self._row_changed)
        self._rows: list[RoleRow] = []

    def set_rows(self, rows: Sequence[RoleRow], keep: int | None = None) -> None:
        """Show `rows`; keep role `keep` selected if it is still there (no signal then)."""
        self.blockSignals(True)
        self.clear()
        self._rows = list(rows)
        for row in rows:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, row.role.id)
            item.setToolTip("\n".join(f"• {b}" for b in row.role.bullets))
            entry = RoleEntry(row)
            entry.recency_chosen.connect(self.recency_chosen)
            self.addItem(item)
            self.setItemWidget(item, entry)
        ids = [row.role.id for row in rows]
        if keep in ids:
            self.setCurrentRow(ids.index(keep))
        self.blockSignals(False)
        self._fit_items()

    def rows(self) -> list[RoleRow]:
        return list(self._rows)

    def entry(self, role_id: int) -> RoleEntry:
        for index in range(self.count()):
            item = self.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == role_id:
                widget = self.itemWidget(item)
                assert isinstance(widget, RoleEntry)
                return widget
        raise KeyError(role_id)

    def select_role(self, role_id: int) -> None:
        ids = [row.role.id for row in self._rows]
        self.setCurrentRow(ids.index(role_id))

    def selected_role(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _row_changed(self, row: int) -> None:
        self.role_selected.emit(self._rows[row].role.id if 0 <= row < len(self._rows) else None)

    # Item widgets do not size their items: give each item the height its widget needs
    # at the list's width, again whenever the width changes.
    def _fit_items(self) -> None:
        width = self.viewport().width() - 2 * self.spacing()
        # The item's border and the style's frame take a few pixels from the widget; a
        # label measured a little narrower wraps where the drawn one does.
        measured = width - 8
        for index in range(self.count()):
            item = self.item(index)
            widget = self.itemWidget(item)
            if widget is None:
                continue
            height = widget.heightForWidth(measured)
            if height < 0:
                height = widget.sizeHint().height()
            item.setSizeHint(QSize(width, height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_items()
