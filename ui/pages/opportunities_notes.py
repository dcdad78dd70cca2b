"""The candidate's notes on a company (trajectory, competitors, the loop's format): typed
here, saved a moment after typing stops, on Ctrl+S, and on leaving the posting or the
page. Notes that cannot be saved (over the length limit) stay in memory with a warning,
so nothing typed is lost while the app runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from coach.errors import ErrorReport, UserError, report_for
from ui.pages.conversation import repolish, text_label

SAVE_AFTER_MS = 1200  # after the last keystroke

PLACEHOLDER = (
    "What you know of the company: where it is heading, its competitors, the team, "
    "the interview loop's format, people you have spoken to. Kept on this computer and "
    "added to the brief."
)


class NotesPanel(QWidget):
    def __init__(
        self,
        load: Callable[[int], str],
        save: Callable[[int, str], None],
        show_error: Callable[[ErrorReport], Any],
    ) -> None:
        super().__init__()
        self._load = load
        self._save = save
        self._show_error = show_error
        self.posting_id: int | None = None
        self._dirty = False
        self._loading = False
        self._kept: dict[int, str] = {}  # posting id -> notes that could not be saved
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("notesEditor")
        self.editor.setAccessibleName("Notes on the company")
        self.editor.setPlaceholderText(PLACEHOLDER)
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._edited)
        self.state = text_label("", "notesState", selectable=False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(
            text_label("Saved as you type, and with Ctrl+S.", "hint", selectable=False), 1
        )
        top.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        self.open(None)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def text(self) -> str:
        return self.editor.toPlainText()

    def open(self, posting_id: int | None) -> None:
        """Save the notes in view, then show `posting_id`'s."""
        if posting_id == self.posting_id and posting_id is not None:
            return
        self.save()
        self.posting_id = posting_id
        self.editor.setEnabled(posting_id is not None)
        text = ""
        if posting_id is not None:
            text = self._kept.get(posting_id, "")
            if posting_id not in self._kept:
                try:
                    text = self._load(posting_id)
                except Exception as exc:
                    self._show_error(report_for(exc, "reading your notes"))
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self._dirty = posting_id is not None and posting_id in self._kept
        self._set_state("unsaved" if self._dirty else "", "Not saved yet" if self._dirty else "")

    def save(self, *, loud: bool = False) -> bool:
        """Save if changed; True when nothing is left unsaved. `loud` (Ctrl+S) opens the
        error dialog for a problem instead of only saying it beside the notes."""
        self._timer.stop()
        if not self._dirty or self.posting_id is None:
            if loud and self.posting_id is not None:
                self._set_state("saved", "Saved")
            return True
        text = self.text()
        try:
            self._save(self.posting_id, text)
        except UserError as exc:
            self._kept[self.posting_id] = text
            self._set_state("error", f"Not saved: {exc}")
            if loud:
                self._show_error(report_for(exc, "saving your notes"))
            return False
        except Exception as exc:
            self._kept[self.posting_id] = text
            self._set_state("error", "Not saved")
            self._show_error(report_for(exc, "saving your notes"))
            return False
        self._kept.pop(self.posting_id, None)
        self._dirty = False
        self._set_state("saved", f"Saved {dt.datetime.now():%H:%M}")
        return True

    def _edited(self) -> None:
        if self._loading or self.posting_id is None:
            return
        self._dirty = True
        self._set_state("unsaved", "Unsaved changes…")
        self._timer.start()

    def _set_state(self, state: str, text: str) -> None:
        self.state.setText(text)
        self.state.setToolTip(text)
        self.state.setProperty("state", state)
        repolish(self.state)
