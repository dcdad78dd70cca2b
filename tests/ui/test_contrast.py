"""Text stays readable in both themes: every text colour of the palette and of the app's
stylesheets against the background it is drawn on has a WCAG contrast ratio of at least
4.5:1 (AA for body text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.dictation.bar import bar_style
from ui.dictation.feedback import feedback_style
from ui.pages.opportunities_style import page_style as opportunities_style
from ui.pages.practice_style import page_style as practice_style
from ui.pages.resume_style import page_style as resume_style
from ui.pages.stories_style import page_style as stories_style
from ui.theme import _sheet as app_sheet
from ui.theme import apply_theme

AA = 4.5
Role = QPalette.ColorRole
TEXT_ON = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
]
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_DECL = re.compile(r"(?<![-\w])(color|background(?:-color)?)\s*:\s*([^;]+);")
_PALETTE_REF = re.compile(r"palette\(([a-z-]+)\)")
_RGBA = re.compile(r"rgba?\(([^)]*)\)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour(value: str, palette: QPalette, under: QColor) -> QColor | None:
    """A stylesheet colour as drawn: palette(...) resolved, rgba blended over `under`."""
    value = value.strip()
    ref = _PALETTE_REF.fullmatch(value)
    if ref:
        role = "".join(part.capitalize() for part in ref.group(1).split("-"))
        role = {"Highlightedtext": "HighlightedText"}.get(role, role)
        return palette.color(getattr(Role, role, Role.Window))
    rgba = _RGBA.fullmatch(value)
    if rgba:
        parts = [float(p) for p in rgba.group(1).split(",")]
        alpha = parts[3] if len(parts) == 4 else 1.0
        mixed = [
            round(c * alpha + u * (1 - alpha))
            for c, u in zip(parts[:3], under.getRgb()[:3], strict=True)
        ]
        return QColor(*mixed)
    colour = QColor(value)
    if not colour.isValid():
        return None
    if colour.alpha() < 255:  # "transparent" and #aarrggbb: what shows through counts
        alpha = colour.alphaF()
        return QColor(
            *(
                round(c * alpha + u * (1 - alpha))
                for c, u in zip(colour.getRgb()[:3], under.getRgb()[:3], strict=True)
            )
        )
    return colour


def text_pairs(sheet: str, palette: QPalette) -> Iterator[tuple[str, QColor, QColor]]:
    """(selector, text colour, background) for every rule that sets a text colour; a rule
    without its own background is drawn on the window and on a text field (both checked)."""
    rules = [
        (_COMMENT.sub("", selector).strip(), dict(_DECL.findall(body)))
        for selector, body in _RULE.findall(sheet)
    ]
    for selector, declared in rules:
        if "color" not in declared:
            continue
        background = declared.get("background-color") or declared.get("background")
        # A rule with no background of its own may have variants that set one
        # (QLabel#chip[score="1"] { background: ... }): those are what it is drawn on.
        variants = [
            d.get("background-color") or d.get("background")
            for s, d in rules
            if s != selector and s.startswith(selector + "[")
        ]
        grounds = [palette.color(Role.Window), palette.color(Role.Base)]
        backgrounds = [background] if background else [v for v in variants if v]
        if backgrounds:
            grounds = [
                c
                for value in backgrounds
                for g in grounds
                if (c := _colour(value.split()[0], palette, g)) is not None
            ]
        for ground in grounds:
            text = _colour(declared["color"], palette, ground)
            if text is not None:
                yield selector.strip(), text, ground


SHEETS: dict[str, Callable[[QPalette, bool], str]] = {
    "style.qss": lambda _p, d: app_sheet(d),
    "practice": lambda p, _d: practice_style(p),
    "resume": lambda p, _d: resume_style(p),
    "stories": lambda p, _d: stories_style(p),
    "opportunities": lambda p, _d: opportunities_style(p),
    "dictation bar": lambda _p, d: bar_style(d),
    "dictation feedback": lambda p, _d: feedback_style(p),
}


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[tuple[QPalette, bool]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_palette, before_sheet = app.palette(), app.styleSheet()
    dark = apply_theme(app, request.param)
    try:
        yield app.palette(), dark
    finally:
        app.setPalette(before_palette)
        app.setStyleSheet(before_sheet)


def test_palette_text_roles_are_readable(themed: tuple[QPalette, bool]) -> None:
    palette, _ = themed
    poor = [
        (text.name, ground.name, round(ratio, 2))
        for text, ground in TEXT_ON
        if (ratio := contrast(palette.color(text), palette.color(ground))) < AA
    ]
    assert poor == []


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_stylesheet_text_is_readable(themed: tuple[QPalette, bool], sheet: str) -> None:
    palette, dark = themed
    poor = [
        (selector, text.name(), ground.name(), round(ratio, 2))
        for selector, text, ground in text_pairs(SHEETS[sheet](palette, dark), palette)
        if (ratio := contrast(text, ground)) < AA
    ]
    assert poor == []
