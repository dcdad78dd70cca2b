"""Widgets both coaching conversations use (the Résumé interview, the Practice drill):
text labels, speech bubbles, the answer box, and two style helpers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# Bubbles that speak for the coach or the interviewer are set in a heavier weight.
COACH_KINDS = ("question", "interviewer")


def text_label(
    text: str = "", name: str = "", *, rich: bool = False, selectable: bool = True
) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    # CV, scenario and model text is shown as written, never read as markup.
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        widget.setObjectName(name)
    return widget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in `layout` (a conversation being redrawn)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def pane_scroll(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that scrolls only up and down."""
    scroll = QScrollArea()
    scroll.setObjectName("paneScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    return scroll


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def repolish(widget: QWidget) -> None:
    """Apply a changed dynamic property to the widget's style."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class Bubble(QFrame):
    """One turn: the coach's or interviewer's (with where it came from), or an answer."""

    def __init__(self, kind: str, text: str, tag: str = "", note: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.setObjectName(f"{kind}Bubble")
        self.tag = text_label(tag, "bubbleTag")
        self.tag.setVisible(bool(tag))
        self.text = text_label(text)
        self.note = text_label(note, "bubbleTag")
        self.note.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(self.tag)
        layout.addWidget(self.text)
        layout.addWidget(self.note)
        if kind in COACH_KINDS:
            font = self.text.font()
            font.setWeight(font.Weight.DemiBold)
            self.text.setFont(font)

    def wrapped(self, indent_left: bool) -> QWidget:
        """The bubble in a row, set off to one side as in a conversation."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(40 if indent_left else 0, 0, 0 if indent_left else 40, 0)
        layout.addWidget(self)
        return row


class AnswerBox(QPlainTextEdit):
    """Multi-line answer: Ctrl+Enter sends, Ctrl+Shift+Enter asks to finish. Dictation
    inserts its transcript here."""

    submitted = Signal()
    finish_requested = Signal()

    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.setObjectName("answerBox")
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Your answer")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            mods & Qt.KeyboardModifier.ControlModifier
        ):
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.finish_requested.emit()
            else:
                self.submitted.emit()
            return
        super().keyPressEvent(event)

    def insert_dictation(self, text: str) -> None:
        """Insert transcribed speech at the cursor, with a space between it and what is there."""
        text = " ".join(text.split())
        if not text:
            return
        cursor = self.textCursor()
        before = self.toPlainText()[: cursor.position()]
        if before and not before[-1].isspace():
            text = " " + text
        cursor.insertText(text)
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def answer(self) -> str:
        return self.toPlainText()
