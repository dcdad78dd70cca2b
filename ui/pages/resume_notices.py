"""The Résumé page's two notices: no CV yet (go to the Library), and no target level yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def level_notice(on_choose: Callable[[], object]) -> QWidget:
    """A strip above the panes while the profile has no target level."""
    box = QFrame()
    box.setObjectName("resumePane")
    text = QLabel(
        "Choose the level you are preparing for first (Senior, Staff, Senior Staff or "
        "Principal): the coach's questions and the drafts aim at it."
    )
    text.setWordWrap(True)
    text.setObjectName("pageNote")
    button = QPushButton("Choose a target level…")
    button.clicked.connect(on_choose)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.addWidget(text, 1)
    layout.addWidget(button)
    return box


def no_cv_state(on_library: Callable[[], object]) -> tuple[QWidget, QPushButton]:
    """The panel shown instead of the panes when there is no CV; and its button."""
    panel = QFrame()
    panel.setObjectName("libraryEmpty")
    title = QLabel("Add your CV first")
    title.setObjectName("emptyTitle")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(
        "The résumé refresh works on your CV's roles. Add your CV on the Library page "
        "(PDF, Word, Markdown, text or JSON Resume); its roles show up here."
    )
    text.setWordWrap(True)
    text.setObjectName("pageNote")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    button = QPushButton("Go to the Library")
    button.setDefault(True)
    button.clicked.connect(on_library)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(40, 36, 40, 36)
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addSpacing(8)
    layout.addLayout(row)
    wrapper = QWidget()
    outer = QVBoxLayout(wrapper)
    outer.setContentsMargins(0, 12, 0, 0)
    outer.addWidget(panel)
    outer.addStretch(1)
    return wrapper, button
