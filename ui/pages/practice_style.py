"""How the Practice page looks: its stylesheet, built for the light or the dark palette.

Most colours come from the palette; the few fixed ones (the timer's amber and red, the
score colours, the uncertain mark) are picked per theme so they stay readable on both.
The page sets this sheet on itself and rebuilds it when the palette turns dark or light.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.pages.conversation import is_dark


@dataclass(frozen=True)
class Colours:
    amber: str  # the last minute; an uncertain score
    red: str  # time is up
    green: str
    muted: str
    amber_back: str
    score: tuple[str, str, str, str]  # chip backgrounds for scores 1..4
    series: tuple[str, str, str, str, str]  # one line per reward in the chart


LIGHT = Colours(
    amber="#a15c00",
    red="#b3261e",
    green="#1b6e20",  # 4.5:1 or more on the light window and base (tests/ui/test_contrast.py)
    muted="#5f6368",
    amber_back="rgba(255, 193, 7, 0.16)",
    score=("#c5221f", "#a85400", "#188038", "#137333"),  # white text at 4.5:1 or more
    series=("#1a73e8", "#d93025", "#9334e6", "#e37400", "#188038"),
)
DARK = Colours(
    amber="#fbbc04",
    red="#f28b82",
    green="#81c995",
    muted="#9aa0a6",
    amber_back="rgba(251, 188, 4, 0.14)",
    score=("#b3261e", "#b06000", "#1e7e34", "#0d652d"),
    series=("#8ab4f8", "#f28b82", "#c58af9", "#fdd663", "#81c995"),
)


def colours(palette: QPalette) -> Colours:
    return DARK if is_dark(palette) else LIGHT


def series_colour(palette: QPalette, index: int) -> QColor:
    return QColor(colours(palette).series[index % 5])


def page_style(palette: QPalette) -> str:
    c = colours(palette)
    return f"""
QFrame#scoreHeader {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
/* Panes holding inputs are a shade off the inputs' base colour, so a text box, a list,
   a spin box or a radio button keeps its edge in the dark theme too. */
QFrame#practicePane {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QLabel#muted, QLabel#bubbleTag, QLabel#hint {{
    color: {c.muted};
}}
QLabel#bubbleTag, QLabel#hint {{
    font-size: 11px;
}}
QLabel#practiceMode {{
    font-weight: 600;
}}
QFrame#roundCard {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QFrame#roundCard[chosen="true"] {{
    border: 2px solid palette(highlight);
}}
QFrame#banner {{
    border: 1px solid palette(highlight);
    border-radius: 8px;
    background: palette(alternate-base);
}}
QFrame#resumeBanner {{
    border: 1px solid {c.amber};
    border-radius: 8px;
    background: {c.amber_back};
}}
QLabel#timer {{
    font-size: 20px;
    font-weight: 600;
    padding: 2px 10px;
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}}
QLabel#timer[state="last-minute"] {{
    color: {c.amber};
    border: 1px solid {c.amber};
}}
QLabel#timer[state="up"] {{
    color: {c.red};
    border: 1px solid {c.red};
}}
QLabel#timeUp {{
    padding: 6px 10px;
    border: 1px solid {c.red};
    border-radius: 6px;
    background: {c.amber_back};
}}
QPlainTextEdit#artifact {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}}
QFrame#interviewerBubble {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
QFrame#interviewerBubble[waiting="true"] {{
    border: 1px solid palette(highlight);
}}
QFrame#candidateBubble {{
    border-radius: 8px;
    background: rgba(61, 107, 196, 0.16);
}}
QLabel#factMark {{
    color: {c.green};
    font-size: 11px;
    font-weight: 600;
}}
QFrame#factsPane {{
    border: 1px solid palette(mid);
    border-left: 3px solid {c.green};
    border-radius: 6px;
    background: palette(base);
}}
QChartView#progressChart {{
    background: transparent;
}}
QLabel#fact {{
    padding: 4px 0;
}}
QScrollArea#paneScroll, QWidget#paneContent,
QScrollArea#paneScroll > QWidget#qt_scrollarea_viewport {{
    background: transparent;
}}
QFrame#rewardCard {{
    border: 1px solid palette(mid);
    border-radius: 8px;
    background: palette(base);
}}
QFrame#rewardCard[weakest="true"] {{
    border: 2px solid {c.amber};
}}
QLabel#scoreChip {{
    border-radius: 6px;
    padding: 2px 10px;
    font-size: 15px;
    font-weight: 700;
    color: white;
}}
QLabel#scoreChip[score="1"] {{ background: {c.score[0]}; }}
QLabel#scoreChip[score="2"] {{ background: {c.score[1]}; }}
QLabel#scoreChip[score="3"] {{ background: {c.score[2]}; }}
QLabel#scoreChip[score="4"] {{ background: {c.score[3]}; }}
QLabel#anchor {{
    font-style: italic;
}}
QLabel#quote {{
    border-style: solid;
    border-color: palette(highlight);
    border-width: 0 0 0 3px;
    padding: 2px 0 2px 8px;
}}
QLabel#spread {{
    font-size: 11px;
    color: {c.muted};
}}
QLabel#spread[uncertain="true"] {{
    color: {c.amber};
    font-weight: 700;
}}
QLabel#average {{
    font-size: 22px;
    font-weight: 700;
}}
"""
