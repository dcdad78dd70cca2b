"""A readable error: one sentence, a hint, and details kept out of sight but copyable."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport


class ErrorDialog(QDialog):
    def __init__(self, report: ErrorReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Loopcoach")
        self.setObjectName("errorDialog")

        icon = QLabel()
        kind = QStyle.StandardPixmap.SP_MessageBoxWarning
        if not report.expected:
            kind = QStyle.StandardPixmap.SP_MessageBoxCritical
        icon.setPixmap(self.style().standardIcon(kind).pixmap(40, 40))

        self.message = QLabel(report.message)
        self.message.setWordWrap(True)
        self.message.setObjectName("errorMessage")
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.hint = QLabel(report.hint)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(report.hint))

        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.hint)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addLayout(text, 1)

        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(160)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.toggle_button = QPushButton("Show details")
        self.toggle_button.setCheckable(True)
        self.toggle_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.toggle_button.setEnabled(bool(report.details))
        self.copy_button.setEnabled(bool(report.details))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle_button.setText("Hide details" if shown else "Show details")
        self.adjustSize()

    def copy_details(self) -> None:
        text = f"{self.report.message}\n{self.report.hint}\n\n{self.report.details}".strip()
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setText("Copied")
