"""Asking for a passphrase: to unlock the data folder, to choose one, or for a backup.

The text is never echoed, and the dialog keeps it only until it is read; choosing one
asks twice and says plainly that a lost passphrase cannot be recovered.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    def __init__(
        self,
        title: str,
        message: str,
        *,
        choose: bool,
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._choose = choose
        intro = QLabel(message)
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(problem)
        self.problem.setObjectName("formError")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        form = QFormLayout()
        form.addRow("&Passphrase", self.first)
        if choose:
            form.addRow("&Again", self.second)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def _check(self) -> None:
        text = self.first.text()
        if self._choose and len(text) < MIN_LENGTH:
            self._say(f"Choose a passphrase of at least {MIN_LENGTH} characters.")
        elif self._choose and self.second.text() != text:
            self._say("The two passphrases differ.")
        elif not text:
            self._say("Type the passphrase.")
        else:
            self.accept()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(True)

    def passphrase(self) -> str:
        return self.first.text()


def ask_passphrase(
    title: str,
    message: str,
    *,
    choose: bool,
    problem: str = "",
    parent: QWidget | None = None,
) -> str | None:
    """The passphrase typed, or None when the candidate cancels."""
    dialog = PassphraseDialog(title, message, choose=choose, problem=problem, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()
    finally:
        dialog.first.clear()
        dialog.second.clear()
        dialog.deleteLater()
