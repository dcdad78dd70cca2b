"""Small dialogs of the Library page: paste a posting, and a PDF's password."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class PastePostingDialog(QDialog):
    """A job posting pasted as text, with an optional title and company."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste a job posting")
        self.resize(640, 520)
        intro = QLabel(
            "Paste the whole posting: title, company, requirements. Loopcoach finds the "
            "must-haves and nice-to-haves; the text is kept as it is."
        )
        intro.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Optional: found in the text when left empty")
        self.company = QLineEdit()
        self.company.setPlaceholderText("Optional")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the posting here (Ctrl+V)")
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Company:", self.company)
        text_label = QLabel("&Posting:")
        text_label.setBuddy(self.text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Add posting")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(text_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def values(self) -> tuple[str, str, str]:
        """(text, title, company)"""
        return self.text.toPlainText(), self.title.text().strip(), self.company.text().strip()


def password_dialog(parent: QWidget, file_name: str, message: str) -> QInputDialog:
    """Ask for the password of an encrypted PDF (shown with open(), not exec())."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Password needed")
    dialog.setLabelText(f"{message}\n\nEnter the password of {file_name} to open it:")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("Open")
    return dialog


def empty_state(
    on_cv: Callable[[], object], on_posting: Callable[[], object], on_paste: Callable[[], object]
) -> tuple[QWidget, QPushButton]:
    """The first-run panel: add the CV first. Returns it and its "Add your CV" button."""
    panel = QFrame()
    panel.setObjectName("libraryEmpty")
    title = QLabel("Start with your CV")
    title.setObjectName("emptyTitle")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(
        "Add your CV first: Loopcoach reads its roles, dates and bullets, and every "
        "practice round and rewrite draws on them. Then add the job postings you are "
        "preparing for. PDF, Word (DOCX), Markdown, text, JSON Resume and saved web pages "
        "all work, or drop the files here."
    )
    text.setWordWrap(True)
    text.setObjectName("pageNote")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    add_cv = QPushButton("Add your CV…")
    add_cv.setDefault(True)
    add_cv.clicked.connect(on_cv)
    posting = QPushButton("Add a job posting…")
    posting.clicked.connect(on_posting)
    paste = QPushButton("Paste a posting…")
    paste.clicked.connect(on_paste)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    for button in (add_cv, posting, paste):
        buttons.addWidget(button)
    buttons.addStretch(1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(40, 36, 40, 36)
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addSpacing(8)
    layout.addLayout(buttons)
    wrapper = QWidget()
    outer = QVBoxLayout(wrapper)
    outer.setContentsMargins(0, 12, 0, 0)
    outer.addWidget(panel)
    outer.addStretch(1)
    return wrapper, add_cv


def kind_menu(parent: QWidget, paths: Sequence[Path], on_kind: Callable[[str], object]) -> QMenu:
    """What the dropped files are: a CV, a job posting or a note (the caller pops it up)."""
    count = len(paths)
    menu = QMenu(parent)
    menu.setObjectName("dropMenu")
    header = menu.addAction(paths[0].name if count == 1 else f"{count} files")
    header.setEnabled(False)
    menu.addSeparator()
    for kind, label in (
        ("cv", "Add as my &CV"),
        ("posting", "Add as a &job posting"),
        ("note", "Add as a &note"),
    ):
        action = menu.addAction(label)
        action.setData(kind)
        action.triggered.connect(lambda _=False, k=kind: on_kind(k))
    menu.addSeparator()
    menu.addAction("Cancel")
    return menu
