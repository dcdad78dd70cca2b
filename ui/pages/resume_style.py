"""How the Résumé page looks: its stylesheet and the colours of the diff and the claims.

Colours follow the palette where they can, so light and dark both work; the few fixed
ones (the diff's red and green, the amber of an unsupported claim) are picked per theme.
The page sets this sheet on itself; the window's sheet (resources/style.qss) still applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.pages.conversation import is_dark

PAGE_STYLE = """
QFrame#resumePane {
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}
QLabel#muted, QLabel#bubbleTag, QLabel#levelLens, QLabel#typingHint {
    color: #80868b;
}
QLabel#bubbleTag, QLabel#typingHint {
    font-size: 11px;
}
QLabel#levelLens {
    font-style: italic;
}
QFrame#bulletsBox {
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(alternate-base);
}
QFrame#questionBubble {
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(window);
}
QFrame#answerBubble {
    border-radius: 8px;
    background: rgba(61, 107, 196, 0.14);
}
QFrame#skippedBubble {
    border: 1px dashed palette(mid);
    border-radius: 8px;
}
QFrame#gapsBox {
    border-left: 3px solid #d08a00;
    border-radius: 4px;
    background: rgba(255, 193, 7, 0.10);
}
QFrame#questionBubble[waiting="true"] {
    border: 1px solid palette(highlight);
}
QScrollArea#paneScroll, QWidget#paneContent,
QScrollArea#paneScroll > QWidget#qt_scrollarea_viewport {
    background: transparent;
}
QListWidget#resumeRoles {
    background: transparent;
    outline: none;
}
QListWidget#resumeRoles::item {
    border: 1px solid transparent;
    border-radius: 6px;
}
QListWidget#resumeRoles::item:hover {
    background: palette(alternate-base);
}
QListWidget#resumeRoles::item:selected {
    background: rgba(61, 107, 196, 0.16);
    border: 1px solid palette(highlight);
}
QLabel#resumeMode {
    font-weight: 600;
}
QFrame#draftCard {
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(window);
}
QFrame#draftCard[status="accepted"], QFrame#draftCard[status="edited"] {
    border: 1px solid #2e7d32;
}
QFrame#draftCard[status="rejected"] {
    border: 1px dashed palette(mid);
}
QLabel#statusChip {
    border-radius: 8px;
    padding: 1px 8px;
    font-size: 11px;
    font-weight: 600;
    background: palette(alternate-base);
}
QLabel#statusChip[status="accepted"], QLabel#statusChip[status="edited"] {
    background: #2e7d32;
    color: white;
}
QLabel#statusChip[status="rejected"] {
    background: palette(mid);
}
QLabel#warning {
    color: #b26a00;
}
QLabel#banner {
    padding: 8px 10px;
    border: 1px solid #d08a00;
    border-radius: 6px;
    background: rgba(255, 193, 7, 0.16);
}
QLabel#roleStatus {
    font-size: 11px;
    font-weight: 600;
}
QLabel#roleStatus[state="new"] {
    color: #80868b;
    font-weight: normal;
}
QLabel#roleStatus[state="review"] {
    color: #b26a00;
}
QLabel#roleStatus[state="done"] {
    color: #2e7d32;
}
QLabel#recencyNote {
    font-size: 11px;
    color: #80868b;
}
QPlainTextEdit#answerBox {
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 4px;
}
QPlainTextEdit#answerBox:focus {
    border: 1px solid palette(highlight);
}
QTextBrowser#claimText {
    background: transparent;
    border: none;
}
"""


# PAGE_STYLE names the light theme's fixed colours; these read on each theme at 4.5:1 or
# more (tests/ui/test_contrast.py). The green chip keeps white text on #2e7d32 in both.
_THEME_COLOURS = {
    False: {"#80868b": "#5f6368", "#b26a00": "#9a5b00", "color: #2e7d32": "color: #1b6e20"},
    True: {"#80868b": "#9aa0a6", "#b26a00": "#fbbc04", "color: #2e7d32": "color: #81c995"},
}


def page_style(palette: QPalette) -> str:
    sheet = PAGE_STYLE
    for fixed, themed in _THEME_COLOURS[is_dark(palette)].items():
        sheet = sheet.replace(fixed, themed)
    return sheet


@dataclass(frozen=True)
class DiffColours:
    removed: QColor  # text of a replaced bullet, struck through
    added: QColor  # the new line's gutter mark
    supported_mark: QColor  # the dotted underline of a claim found in your words
    supported_back: QColor
    unsupported_back: QColor  # strong: amber
    unsupported_text: QColor


def diff_colours(palette: QPalette) -> DiffColours:
    if is_dark(palette):
        return DiffColours(
            removed=QColor("#f28b82"),
            added=QColor("#81c995"),
            supported_mark=QColor("#81c995"),
            supported_back=QColor(129, 201, 149, 40),
            unsupported_back=QColor("#fbbc04"),
            unsupported_text=QColor("#202124"),
        )
    return DiffColours(
        removed=QColor("#b3261e"),
        added=QColor("#2e7d32"),
        supported_mark=QColor("#2e7d32"),
        supported_back=QColor(46, 125, 50, 28),
        unsupported_back=QColor("#ffd54f"),
        unsupported_text=QColor("#202124"),
    )
