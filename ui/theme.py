"""Light and dark, following the system unless the candidate picks one.

Fusion everywhere so the look is the same on every desktop; the palette follows
the platform's colour scheme (Qt 6.5+ reports it and signals changes).
"""

from __future__ import annotations

import gc
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


def _dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202124",
        role.WindowText: "#e8eaed",
        role.Base: "#17181a",
        role.AlternateBase: "#26272b",
        role.ToolTipBase: "#303134",
        role.ToolTipText: "#e8eaed",
        role.PlaceholderText: "#9aa0a6",
        role.Text: "#e8eaed",
        role.Button: "#2d2e31",
        role.ButtonText: "#e8eaed",
        role.BrightText: "#ff6b6b",
        role.Link: "#8ab4f8",
        role.Highlight: "#3d6bc4",
        role.HighlightedText: "#ffffff",
        role.Mid: "#3c4043",
        role.Dark: "#111214",
        role.Light: "#3c4043",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#7f8387"))
    return palette


def _light_palette(app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    # Fusion's #308cc6 gives white text 3.7:1; this blue gives 5.3:1 (WCAG AA is 4.5).
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f6fb2"))
    return palette


# style.qss is written for the light palette; its few fixed colours are swapped for ones
# that read on the dark one (each pair checked by tests/ui/test_contrast.py).
_DARK_SWAPS = {"#b3261e": "#f28b82"}  # error red


def _sheet(dark: bool) -> str:
    sheet = resources.files("resources").joinpath("style.qss").read_text("utf-8")
    if dark:
        for light, swapped in _DARK_SWAPS.items():
            sheet = sheet.replace(light, swapped)
    return sheet


def system_is_dark(app: QApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, mode: str) -> bool:
    """Apply "system", "light" or "dark"; returns True when the result is dark."""
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    dark = mode == "dark" or (mode == "system" and system_is_dark(app))
    sheet = _sheet(dark)
    # Qt walks a copy of the widget list while it restyles, and pages rebuild their
    # colours as it does. A collection then could free a Python-owned widget that Qt is
    # about to touch (a segfault seen in CI), so collect now and pause the collector.
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        app.setPalette(_dark_palette() if dark else _light_palette(app))
        app.setStyleSheet(sheet)
    finally:
        if collecting:
            gc.enable()
    return dark


class ThemeFollower:
    """Re-applies the theme when the system scheme changes while mode is "system"."""

    def __init__(self, app: QApplication, mode: str) -> None:
        self._app = app
        self.mode = mode
        self.dark = apply_theme(app, mode)
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.dark = apply_theme(self._app, mode)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            self.dark = apply_theme(self._app, self.mode)
