"""A page whose feature is still being built: it says plainly what is coming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, summary: str, coming: list[str]) -> None:
        super().__init__()
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        about = QLabel(summary)
        about.setWordWrap(True)
        items = "".join(f"<li>{item}</li>" for item in coming)
        plan = QLabel(f"<p><b>Coming in a next version</b></p><ul>{items}</ul>")
        plan.setWordWrap(True)
        plan.setTextFormat(Qt.TextFormat.RichText)
        plan.setObjectName("comingSoon")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(plan)
        layout.addStretch(1)
