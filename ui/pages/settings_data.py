"""Settings → Your data: where it is, how it is sealed, backup, key change, delete all.

The work is done by the app (app/data_safety.py) behind the `DataSafety` protocol;
deleting everything is only requested here (`wipe_requested`): the app closes every
service first and deletes after the window is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coach.errors import UserError
from coach.tasks import TaskContext
from ui.passphrase_dialog import ask_passphrase

CONFIRM_WORD = "DELETE"
BACKUP_SUFFIX = ".lcbackup"


class DataSafety(Protocol):
    def describe(self) -> str:
        """One sentence: how the data is sealed and where its key is kept."""
        ...

    def needs_passphrase(self) -> bool:
        """Whether changing the key asks for the folder's passphrase (no keyring)."""
        ...

    def rotate_key(self, passphrase: str | None) -> str:
        """Re-seal everything under a new key; returns what to tell the candidate."""
        ...

    def export_backup(self, ctx: TaskContext, target: Path, passphrase: str) -> str:
        """Write the sealed archive (in the background); returns what to tell."""
        ...


class DataBox(QGroupBox):
    wipe_requested = Signal(bool)  # keep downloaded models

    def __init__(
        self,
        data_folder: Path,
        safety: DataSafety | None,
        run_task: Callable[..., Any] | None,
        show_error: Callable[[Any], Any] | None,
    ) -> None:
        super().__init__("Your data (never leaves this computer)")
        self._folder = data_folder
        self._safety = safety
        self._run_task = run_task
        self._show_error = show_error
        # Read-only line edit: a long path scrolls instead of widening the window.
        path = QLineEdit(str(data_folder))
        path.setObjectName("dataFolder")
        path.setReadOnly(True)
        open_folder = QPushButton("Open folder")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))
        )
        where = QHBoxLayout()
        where.addWidget(path, 1)
        where.addWidget(open_folder)
        layout = QVBoxLayout(self)
        layout.addLayout(where)
        if safety is None:
            return
        self.sealed = QLabel(safety.describe())
        self.sealed.setWordWrap(True)
        self.sealed.setObjectName("hint")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backup_button = QPushButton("&Back up…")
        self.backup_button.setToolTip("Everything in one archive sealed with a passphrase")
        self.backup_button.clicked.connect(self._backup)
        self.rotate_button = QPushButton("Change &key…")
        self.rotate_button.setToolTip("Re-seal everything under a new key; the old one is deleted")
        self.rotate_button.clicked.connect(self._rotate)
        self.wipe_button = QPushButton("&Delete all my data…")
        self.wipe_button.setObjectName("danger")
        self.wipe_button.clicked.connect(self._wipe)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.rotate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.wipe_button)
        layout.addWidget(self.sealed)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def say(self, text: str) -> None:
        self.status.setText(text)

    # ---- backup --------------------------------------------------------------------

    def _backup(self) -> None:
        assert self._safety is not None and self._run_task is not None
        name, _ = QFileDialog.getSaveFileName(
            self, "Back up everything", str(Path.home() / f"loopcoach{BACKUP_SUFFIX}"),
            f"Loopcoach backup (*{BACKUP_SUFFIX})",
        )  # fmt: skip
        if not name:
            return
        target = Path(name)
        if target.suffix != BACKUP_SUFFIX:
            target = target.with_name(target.name + BACKUP_SUFFIX)
        passphrase = ask_passphrase(
            "Passphrase for the backup",
            "The archive is sealed with this passphrase. Without it, nobody (you included) "
            "can open the archive: keep it somewhere safe.",
            choose=True,
            parent=self,
        )
        if passphrase is None:
            return
        self.say("Backing up…")
        self._run_task(
            self._safety.export_backup, target, passphrase,
            title="Backing up your data", on_result=self.say,
        )  # fmt: skip

    # ---- key -----------------------------------------------------------------------

    def _rotate(self) -> None:
        assert self._safety is not None
        passphrase = None
        if self._safety.needs_passphrase():
            passphrase = ask_passphrase(
                "Change the key",
                "Every stored value is sealed again under a new key. Type this data "
                "folder's passphrase to go on.",
                choose=False,
                parent=self,
            )
            if passphrase is None:
                return
        try:
            self.say(self._safety.rotate_key(passphrase))
        except UserError as exc:
            self.say(str(exc))
        self.sealed.setText(self._safety.describe())

    # ---- delete everything ---------------------------------------------------------

    def _wipe(self) -> None:
        dialog = WipeDialog(self._folder, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.wipe_requested.emit(dialog.keep_models.isChecked())


class WipeDialog(QDialog):
    """Deleting everything needs the word typed, not one click."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete all my data")
        text = QLabel(
            f"This deletes your CV, postings, answers, stories, drills, notes, recordings "
            f"and the keys that seal them, in {folder}. It cannot be undone. Loopcoach "
            f"closes when it is done.\n\nType {CONFIRM_WORD} to go on."
        )
        text.setWordWrap(True)
        self.word = QLineEdit()
        self.word.setPlaceholderText(CONFIRM_WORD)
        self.keep_models = QCheckBox("Keep downloaded models (public files, large to fetch again)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete = self.buttons.addButton(
            "Delete everything", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete.setEnabled(False)
        self.delete.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.word.textChanged.connect(
            lambda value: self.delete.setEnabled(value.strip() == CONFIRM_WORD)
        )
        layout = QVBoxLayout(self)
        for widget in (text, self.word, self.keep_models, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)


def tell_wiped(report_lines: list[str]) -> None:
    """After the window is gone: say what was deleted (and what was left alone)."""
    box = QMessageBox(QMessageBox.Icon.Information, "Loopcoach", "\n".join(report_lines))
    box.exec()
