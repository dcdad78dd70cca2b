"""One drafted line with its claims highlighted, each with its own tooltip.

Claims (numbers, team sizes, scope words, ownership verbs) come with offsets into the
line. A claim found in the candidate's own material is marked subtly (a dotted
underline) and its tooltip quotes where it was found; a claim that is not is marked
strongly (amber) and its tooltip says why. The text is selectable; the widget is as tall
as its wrapped text, so it sits in a layout like a word-wrapped label.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QToolTip, QWidget

from ui.pages.resume_style import DiffColours

if TYPE_CHECKING:
    from coach.provenance import ClaimCheck

QUOTE_CHARS = 160


@dataclass(frozen=True)
class ShownClaim:
    text: str
    supported: bool
    tooltip: str
    start: int  # position in the widget's document
    end: int


def claim_tooltip(check: ClaimCheck) -> str:
    """'Found in answer 2: “…”' for a supported claim; the reason for an unsupported one."""
    if check.supported and check.span is not None:
        return f"Found in {check.span.ref}: “{_quoted(check.span.text)}”"
    if check.supported:
        return "Found in your own material."
    reason = check.reason.strip() or "it is not in your CV, your answers or your notes"
    tip = f"Not in your own words: {reason[:1].lower()}{reason[1:]}"
    tip += "" if tip.endswith((".", "?", "!")) else "."
    if check.span is not None:
        tip += f" You said “{_quoted(check.span.text)}” ({check.span.ref})."
    return tip + " Confirm it is true when you keep the line, or edit it."


def _quoted(text: str) -> str:
    quoted = " ".join(text.split())
    if len(quoted) > QUOTE_CHARS:
        quoted = quoted[: QUOTE_CHARS - 1].rstrip() + "…"
    return quoted


class ClaimText(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimText")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(1)
        self._claims: list[ShownClaim] = []
        self._fit()

    # ---- content ---------------------------------------------------------------------

    def show_line(
        self,
        text: str,
        checks: Sequence[ClaimCheck],
        colours: DiffColours,
        *,
        bold: bool = False,
    ) -> None:
        """`text` with each claim (offsets into `text`) highlighted."""
        self.clear()
        self._claims = []
        cursor = QTextCursor(self.document())
        plain = QTextCharFormat()
        if bold:
            plain.setFontWeight(QFont.Weight.DemiBold)
        at = 0
        for check in sorted(checks, key=lambda c: c.claim.start):
            start, end = check.claim.start, check.claim.end
            if start < at or end <= start or end > len(text):
                continue  # overlapping or out of range: shown as plain text
            cursor.insertText(text[at:start], plain)
            fmt = QTextCharFormat(plain)
            tip = claim_tooltip(check)
            fmt.setToolTip(tip)
            if check.supported:
                fmt.setBackground(colours.supported_back)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(colours.supported_mark)
            else:
                fmt.setBackground(colours.unsupported_back)
                fmt.setForeground(colours.unsupported_text)
                fmt.setFontWeight(QFont.Weight.DemiBold)
            begin = cursor.position()
            cursor.insertText(text[start:end], fmt)
            self._claims.append(
                ShownClaim(text[start:end], check.supported, tip, begin, cursor.position())
            )
            at = end
        cursor.insertText(text[at:], plain)
        self._fit()

    def show_removed(self, text: str, colour: QColor) -> None:
        """A replaced bullet: struck through, in the diff's red."""
        self.clear()
        self._claims = []
        fmt = QTextCharFormat()
        fmt.setFontStrikeOut(True)
        fmt.setForeground(colour)
        QTextCursor(self.document()).insertText(text, fmt)
        self._fit()

    def claims(self) -> list[ShownClaim]:
        return list(self._claims)

    def text(self) -> str:
        return self.toPlainText()

    # ---- tooltips --------------------------------------------------------------------

    def claim_at(self, pos: QPointF) -> ShownClaim | None:
        layout = self.document().documentLayout()
        index = layout.hitTest(pos, Qt.HitTestAccuracy.ExactHit)
        if index < 0:
            return None
        return next((c for c in self._claims if c.start <= index < c.end), None)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            claim = self.claim_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if claim is None:
                QToolTip.hideText()
                event.ignore()
            else:
                # As rich text, so a long reason wraps instead of running across the screen.
                tip = f"<qt>{html.escape(claim.tooltip)}</qt>"
                QToolTip.showText(event.globalPos(), tip, self.viewport())  # type: ignore[attr-defined]
            return True
        return super().viewportEvent(event)

    # ---- size: as tall as the wrapped text -------------------------------------------

    def _fit(self) -> None:
        width = max(self.viewport().width(), 40)
        self.document().setTextWidth(width)
        height = math.ceil(self.document().size().height()) + 2 * self.frameWidth()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.height())
