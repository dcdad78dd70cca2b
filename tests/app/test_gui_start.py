from __future__ import annotations

import ctypes.util

import pytest

from app.gui import missing_linux_qt_library


def test_missing_xcb_cursor_is_named_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    message = missing_linux_qt_library()
    assert message is not None
    assert "libxcb-cursor0" in message


def test_no_check_offscreen_or_on_wayland(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert missing_linux_qt_library() is None
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    assert missing_linux_qt_library() is None
