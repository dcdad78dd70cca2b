"""The parsed CV: its roles and bullets, and a form to correct a role.

A correction is saved with `LibraryStore.update_role`, which keeps it marked as edited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.library.store import NewRole, StoredRole

if TYPE_CHECKING:
    from coach.library.service import Library

YearMonth = tuple[int, int | None]
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?$")


def format_date(value: YearMonth | None) -> str:
    if value is None:
        return ""
    year, month = value
    return f"{year}-{month:02d}" if month else str(year)


def parse_date(text: str, what: str, today: dt.date) -> YearMonth | None:
    """'2019-03' or '2019' (empty: not known); raises ValueError with a readable message."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"Write the {what} as YYYY-MM (for example 2019-03) or a year alone.")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"The {what} has month {month}: months run from 01 to 12.")
    if not 1950 <= year <= today.year + 1:
        raise ValueError(f"The {what} year {year} looks wrong.")
    return year, month


def span_text(role: StoredRole, today: dt.date) -> str:
    """'2019-03 – present' or '2015 – 2019 · ended 6 years ago'."""
    start = format_date(role.start) or "?"
    if role.current:
        return f"{start} – present"
    end = format_date(role.end) or "?"
    text = f"{start} – {end}"
    if role.end is not None:
        year, month = role.end
        months = (today.year - year) * 12 + today.month - (month or 12)
        years = months // 12
        if years <= 0:
            text += " · ended this year" if months <= 12 else " · ended last year"
        else:
            text += f" · ended {years} year{'s' if years != 1 else ''} ago"
    return text


def role_heading(role: StoredRole) -> str:
    title = role.title or "Untitled role"
    return f"{title} at {role.company}" if role.company else title


class RolesView(QGroupBox):
    """Roles of one CV on the left; the selected role's fields on the right."""

    saved = Signal(int)  # role id

    def __init__(self, library: Library, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__("Your CV: roles")
        self._library = library
        self._today = today
        self._document_id: int | None = None
        self._roles: list[StoredRole] = []

        self.caption = QLabel()
        self.caption.setObjectName("pageNote")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.role_list = QListWidget()
        self.role_list.setAccessibleName("Roles")
        self.role_list.setObjectName("roleList")
        self.role_list.setWordWrap(True)
        self.role_list.setSpacing(3)
        self.role_list.setMinimumWidth(240)
        self.role_list.currentRowChanged.connect(self._show_role)

        self.editor = self._editor()

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.role_list)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setMinimumHeight(300)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(splitter, 1)
        self.show_document(None, "")

    def _editor(self) -> QWidget:
        self.title = QLineEdit()
        self.company = QLineEdit()
        self.location = QLineEdit()
        self.start = QLineEdit()
        self.start.setPlaceholderText("YYYY-MM")
        self.end = QLineEdit()
        self.end.setPlaceholderText("YYYY-MM")
        self.present = QCheckBox("&Present (I still work here)")
        self.present.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.bullets = QPlainTextEdit()
        self.bullets.setTabChangesFocus(True)
        self.bullets.setPlaceholderText("One bullet per line")
        self.bullets.setMinimumHeight(110)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setVisible(False)
        self.save_button = QPushButton("&Save role")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setToolTip("Put back what is saved")
        self.revert_button.clicked.connect(lambda: self._show_role(self.role_list.currentRow()))

        ends = QHBoxLayout()
        ends.addWidget(self.end, 1)
        ends.addWidget(self.present)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Company:", self.company)
        form.addRow("&Location:", self.location)
        form.addRow("S&tart:", self.start)
        end_label = QLabel("&End:")
        end_label.setBuddy(self.end)
        form.addRow(end_label, ends)
        form.addRow("&Bullets:", self.bullets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(8, 0, 0, 0)
        editor_layout.addLayout(form)
        editor_layout.addLayout(buttons)
        return editor

    # ---- showing ---------------------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self._document_id

    def show_document(self, document_id: int | None, title: str) -> None:
        """Show the roles of this CV (None: no CV yet)."""
        self._document_id = document_id
        self._roles = [] if document_id is None else self._library.roles(document_id)
        if document_id is None:
            self.caption.setText("Add your CV to see its roles here.")
        elif not self._roles:
            self.caption.setText(
                f"No roles were found in {title}. If it has an experience section, "
                "its headings may be unusual: tell us, or add a Markdown copy."
            )
        else:
            count = len(self._roles)
            self.caption.setText(
                f"{count} role{'s' if count != 1 else ''} found in {title}. Select one to "
                "correct it: your corrections are kept."
            )
        self._fill_list(0)

    def _fill_list(self, row: int) -> None:
        today = self._today()
        self.role_list.blockSignals(True)
        self.role_list.clear()
        for role in self._roles:
            lines = [role_heading(role), span_text(role, today)]
            if role.edited:
                lines[1] += " · edited"
            count = len(role.bullets)
            lines.append(f"{count} bullet{'s' if count != 1 else ''}")
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, role.id)
            item.setToolTip("\n".join(f"• {b}" for b in role.bullets))
            self.role_list.addItem(item)
        self.role_list.blockSignals(False)
        self.editor.setEnabled(bool(self._roles))
        if self._roles:
            self.role_list.setCurrentRow(min(row, len(self._roles) - 1))
        else:
            self._show_role(-1)

    def roles(self) -> list[StoredRole]:
        return list(self._roles)

    def select_role(self, role_id: int) -> None:
        self.role_list.setCurrentRow(next(i for i, r in enumerate(self._roles) if r.id == role_id))

    def current_role(self) -> StoredRole | None:
        row = self.role_list.currentRow()
        return self._roles[row] if 0 <= row < len(self._roles) else None

    def _show_role(self, row: int) -> None:
        role = self._roles[row] if 0 <= row < len(self._roles) else None
        self.error.setVisible(False)
        self.title.setText(role.title if role else "")
        self.company.setText(role.company if role else "")
        self.location.setText(role.location if role else "")
        self.start.setText(format_date(role.start) if role else "")
        self.end.setText(format_date(role.end) if role else "")
        self.present.setChecked(bool(role and role.current))
        self.end.setEnabled(not (role and role.current))
        self.bullets.setPlainText("\n".join(role.bullets) if role else "")

    # ---- saving ----------------------------------------------------------------------

    def save(self) -> bool:
        role = self.current_role()
        if role is None:
            return False
        try:
            edited = self._read_form()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return False
        self._library.store.update_role(role.id, edited)
        row = self.role_list.currentRow()
        self._roles = self._library.roles(self._document_id)
        self._fill_list(row)
        self.saved.emit(role.id)
        return True

    def _read_form(self) -> NewRole:
        today = self._today()
        title = self.title.text().strip()
        if not title:
            raise ValueError("A role needs a title.")
        start = parse_date(self.start.text(), "start date", today)
        current = self.present.isChecked()
        end = None if current else parse_date(self.end.text(), "end date", today)
        if start and end and (end[0], end[1] or 12) < (start[0], start[1] or 1):
            raise ValueError("The end date comes before the start date.")
        bullets = tuple(
            line.strip().lstrip("•-*").strip()
            for line in self.bullets.toPlainText().splitlines()
            if line.strip().lstrip("•-*").strip()
        )
        return NewRole(
            company=self.company.text().strip(),
            title=title,
            location=self.location.text().strip(),
            start=start,
            end=end,
            current=current,
            bullets=bullets,
        )
