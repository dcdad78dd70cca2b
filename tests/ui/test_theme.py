from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.theme import ThemeFollower


def _window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_light_and_dark_are_applied_and_system_is_followed(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original_palette, original_sheet = app.palette(), app.styleSheet()
    try:
        follower = ThemeFollower(app, "dark")
        assert follower.dark
        assert _window_lightness(app) < 80
        follower.set_mode("light")
        assert not follower.dark
        assert _window_lightness(app) > 180
        follower.set_mode("system")
        assert follower.dark == (app.styleHints().colorScheme().name == "Dark")
        assert "sidebar" in app.styleSheet()
    finally:
        app.setPalette(original_palette)
        app.setStyleSheet(original_sheet)
