"""The status bar's view of background work: what is running, how far, and Cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from coach.tasks import Progress


class TaskProgress(QWidget):
    """Shows the most recently started running task; hidden when nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._handles: list[Any] = []
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this task (Esc)")
        self.cancel_button.clicked.connect(self.cancel_current)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)

    def track(self, handle: Any) -> None:
        self._handles.append(handle)
        handle.progress.connect(lambda value, h=handle: self._on_progress(h, value))
        handle.finished.connect(lambda h=handle: self._on_finished(h))
        self._show(handle)

    def current(self) -> Any | None:
        return self._handles[-1] if self._handles else None

    def cancel_current(self) -> None:
        handle = self.current()
        if handle is not None:
            handle.cancel()
            self.label.setText(f"{handle.title}: cancelling…")
            self.cancel_button.setEnabled(False)

    def _show(self, handle: Any) -> None:
        self.label.setText(f"{handle.title}…")
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def _on_progress(self, handle: Any, value: Progress) -> None:
        if handle is not self.current():
            return
        fraction = value.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
        if value.text:
            self.label.setText(f"{handle.title}: {value.text}")

    def _on_finished(self, handle: Any) -> None:
        self._handles = [h for h in self._handles if h is not handle]
        current = self.current()
        if current is None:
            self.setVisible(False)
        else:
            self._show(current)
