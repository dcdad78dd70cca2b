"""How the Opportunities page looks: its stylesheet and the strength colours.

Most colours come from the palette; the strength colours (strong, partial, weak, none)
are fixed pairs of background and text picked per theme, so each keeps a readable
contrast in light and dark. Strength is never shown by colour alone: every coloured
cell or chip also says the word. The page sets this sheet on itself and rebuilds it
when the palette turns dark or light.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.pages.conversation import is_dark

STRENGTH_KEYS = ("strong", "partial", "weak", "none")


@dataclass(frozen=True)
class Colours:
    muted: str
    amber: str
    amber_back: str
    green: str
    red: str
    # strength key -> (background, text); contrast of each pair is above 7:1
    strength: dict[str, tuple[str, str]]


LIGHT = Colours(
    muted="#5f6368",
    amber="#a15c00",
    amber_back="rgba(255, 193, 7, 0.16)",
    green="#1b6e20",
    red="#b3261e",
    strength={
        "strong": ("#cdebd5", "#0b3d19"),
        "partial": ("#fbe8b0", "#4a3500"),
        "weak": ("#fbdcc8", "#6b2604"),
        "none": ("#f6d3d0", "#7a1712"),
    },
)
DARK = Colours(
    muted="#9aa0a6",
    amber="#fbbc04",
    amber_back="rgba(251, 188, 4, 0.14)",
    green="#81c995",
    red="#f28b82",
    strength={
        "strong": ("#1d4729", "#d2f2db"),
        "partial": ("#4a3a08", "#fde7a6"),
        "weak": ("#55300f", "#ffd7bd"),
        "none": ("#5a1f1c", "#ffd0cb"),
    },
)


def colours(palette: QPalette) -> Colours:
    return DARK if is_dark(palette) else LIGHT


def strength_key(strength: object) -> str:
    """ "strong", "partial", "weak", or "none" for no evidence at all."""
    key = str(strength) if strength is not None else "none"
    return key if key in STRENGTH_KEYS else "none"


def strength_colours(palette: QPalette, strength: object) -> tuple[QColor, QColor]:
    back, text = colours(palette).strength[strength_key(strength)]
    return QColor(back), QColor(text)


def page_style(palette: QPalette) -> str:
    c = colours(palette)
    chips = "\n".join(
        f'QLabel#strengthChip[strength="{key}"] {{ background: {back}; color: {text}; }}'
        for key, (back, text) in c.strength.items()
    )
    return f"""
QFrame#oppPane {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
QFrame#oppHeader {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QLabel#postingTitle {{
    font-size: 17px;
    font-weight: 600;
}}
QLabel#muted, QLabel#hint {{
    color: {c.muted};
}}
QLabel#hint {{
    font-size: 11px;
}}
QLabel#stat {{
    padding: 2px 10px;
    border: 1px solid palette(mid);
    border-radius: 10px;
    background: palette(base);
}}
QLabel#stat[state="good"] {{
    border: 1px solid {c.green};
}}
QLabel#stat[state="short"] {{
    border: 1px solid {c.amber};
}}
QLabel#oppNotices, QFrame#levelNotice {{
    padding: 6px 10px;
    border: 1px solid {c.amber};
    border-radius: 6px;
    background: {c.amber_back};
}}
QLabel#prepState {{
    color: {c.muted};
    font-style: italic;
}}
QFrame#oppCard {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
QFrame#oppCard[kind="must"] {{
    border-left: 3px solid {c.red};
}}
QFrame#oppCard[kind="nice"] {{
    border-left: 3px solid {c.amber};
}}
QLabel#strengthChip, QLabel#kindChip {{
    border-radius: 8px;
    padding: 1px 8px;
    font-size: 11px;
    font-weight: 600;
}}
QLabel#kindChip {{
    border: 1px solid palette(mid);
}}
{chips}
QLabel#quote {{
    border-style: solid;
    border-color: palette(mid);
    border-width: 0 0 0 3px;
    padding: 2px 0 2px 8px;
}}
QLabel#question {{
    font-style: italic;
}}
QLabel#advice {{
    color: {c.amber};
}}
QLabel#termList {{
    padding: 2px 0;
}}
QLabel#notesState {{
    color: {c.muted};
    font-size: 11px;
}}
QLabel#notesState[state="unsaved"] {{
    color: {c.amber};
}}
QLabel#notesState[state="error"] {{
    color: {c.red};
    font-weight: 600;
}}
QPlainTextEdit#notesEditor {{
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 4px;
    background: palette(base);
}}
QPlainTextEdit#notesEditor:focus {{
    border: 1px solid palette(highlight);
}}
QListWidget#postingList {{
    background: transparent;
    border: none;
    outline: none;
}}
QScrollArea#paneScroll, QWidget#paneContent,
QScrollArea#paneScroll > QWidget#qt_scrollarea_viewport {{
    background: transparent;
}}
QTableWidget#matrix {{
    border: 1px solid palette(mid);
    border-radius: 6px;
}}
QTableWidget#matrix::item {{
    padding: 4px 0px;
}}
"""
