"""How the Stories page looks: its stylesheet, built for the light or the dark palette.

Most colours come from the palette; the few fixed ones (a passed check's green, a
missing one's red, a thin slot's amber, the highlight of a check's words) are picked per
theme so they stay readable on both. The page sets this sheet on itself and rebuilds it
when the palette turns dark or light; the window's sheet (resources/style.qss) still applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.pages.conversation import is_dark


@dataclass(frozen=True)
class Colours:
    green: str  # a check passed; a covered slot; a story at the target level
    red: str  # a check missing; an empty slot
    amber: str  # a slot resting on one story; unsaved changes; below the target
    muted: str
    green_back: str
    red_back: str
    amber_back: str
    mark: str  # the words a check found, highlighted in the editor


LIGHT = Colours(
    green="#1b6e20",
    red="#b3261e",
    amber="#9a5b00",
    muted="#5f6368",
    green_back="rgba(46, 125, 50, 0.12)",
    red_back="rgba(179, 38, 30, 0.09)",
    amber_back="rgba(255, 193, 7, 0.18)",
    mark="#ffe082",
)
DARK = Colours(
    green="#81c995",
    red="#f28b82",
    amber="#fdd663",
    muted="#9aa0a6",
    green_back="rgba(129, 201, 149, 0.14)",
    red_back="rgba(242, 139, 130, 0.12)",
    amber_back="rgba(253, 214, 99, 0.14)",
    mark="#7a5c00",
)


def colours(palette: QPalette) -> Colours:
    return DARK if is_dark(palette) else LIGHT


def mark_colour(palette: QPalette) -> QColor:
    return QColor(colours(palette).mark)


def page_style(palette: QPalette) -> str:
    c = colours(palette)
    return f"""
/* Panes holding inputs are a shade off the inputs' base colour, so a text box or a list
   keeps its edge in the dark theme too. */
QFrame#storiesPane {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QLabel#muted, QLabel#hint, QLabel#tagLine, QLabel#storyMeta {{
    color: {c.muted};
}}
QLabel#hint, QLabel#tagLine, QLabel#storyMeta {{
    font-size: 11px;
}}
QLabel#storyMeta[level="meets"] {{
    color: {c.green};
}}
QScrollArea#paneScroll, QWidget#paneContent,
QScrollArea#paneScroll > QWidget#qt_scrollarea_viewport {{
    background: transparent;
}}
/* The pane's own colour, not transparent: a transparent list paints its scroll bar's
   track black. */
QListWidget#storyList {{
    background: palette(alternate-base);
    border: none;
    outline: none;
}}
QListWidget#storyList::item {{
    border: 1px solid transparent;
    border-radius: 6px;
}}
QListWidget#storyList::item:hover {{
    background: palette(base);
}}
QListWidget#storyList::item:selected {{
    background: rgba(61, 107, 196, 0.18);
    border: 1px solid palette(highlight);
}}
QFrame#storiesEmpty {{
    border: 1px dashed palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
QLabel#emptyTitle {{
    font-size: 15px;
    font-weight: 600;
}}
QFrame#levelNotice {{
    border: 1px solid palette(highlight);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QPushButton#slotChip {{
    text-align: left;
    padding: 3px 8px;
    border: 1px solid palette(mid);
    border-left: 4px solid palette(mid);
    border-radius: 5px;
    background: palette(base);
    color: palette(text);
}}
QPushButton#slotChip[state="empty"] {{
    border-left: 4px solid {c.red};
    background: {c.red_back};
}}
QPushButton#slotChip[state="thin"] {{
    border-left: 4px solid {c.amber};
    background: {c.amber_back};
}}
QPushButton#slotChip[state="covered"] {{
    border-left: 4px solid {c.green};
    background: {c.green_back};
}}
QPushButton#slotChip[state="optional"] {{
    border: 1px dashed palette(mid);
    border-left: 4px dashed palette(mid);
    color: {c.muted};
}}
QPushButton#slotChip[active="true"] {{
    border: 2px solid palette(highlight);
    border-left: 4px solid palette(highlight);
    font-weight: 600;
}}
QPushButton#slotChip:focus {{
    border: 2px solid palette(highlight);
}}
QLabel#checkMark {{
    font-size: 14px;
    font-weight: 700;
    min-width: 16px;
}}
QLabel#checkMark[state="ok"] {{ color: {c.green}; }}
QLabel#checkMark[state="missing"] {{ color: {c.red}; }}
QLabel#checkMark[state="nudge"] {{ color: {c.muted}; }}
QLabel#checkLabel {{
    font-weight: 600;
}}
QLabel#lengthLine {{
    font-size: 13px;
    font-weight: 600;
}}
QLabel#levelChip {{
    border-radius: 6px;
    padding: 2px 8px;
    font-weight: 600;
    background: palette(base);
    border: 1px solid palette(mid);
}}
QLabel#levelChip[state="meets"] {{
    color: {c.green};
    border: 1px solid {c.green};
    background: {c.green_back};
}}
QLabel#levelChip[state="below"] {{
    color: {c.amber};
    border: 1px solid {c.amber};
    background: {c.amber_back};
}}
QLabel#levelChip[state="none"] {{
    color: {c.red};
    border: 1px solid {c.red};
    background: {c.red_back};
}}
QLabel#cutText {{
    padding: 6px 8px;
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}}
QLabel#dirtyMark {{
    color: {c.amber};
    font-weight: 600;
}}
QFrame#versionBanner {{
    border: 1px solid {c.amber};
    border-radius: 8px;
    background: {c.amber_back};
}}
QLabel#tagAdvice[state="off"] {{
    color: {c.amber};
}}
QPlainTextEdit[readOnly="true"], QLineEdit:read-only {{
    background: palette(window);
    color: palette(text);
}}
QListWidget#roleChoices {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}}
QPushButton#linkButton {{
    border: none;
    background: transparent;
    color: palette(link);
    text-decoration: underline;
    padding: 0;
    font-size: 11px;
}}
"""
