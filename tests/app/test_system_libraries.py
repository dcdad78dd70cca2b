"""The start-up check for the system libraries Qt's X11 window needs, on the real PySide6
binaries and a copy of the xcb plugin made to need a library no system has."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.system_libraries import (
    _pyside_dir,
    install_command,
    missing_libraries,
    needed_libraries,
    qt_window_libraries,
    uses_x11,
    window_problem,
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Qt's xcb plugin exists on Linux only"
)
DEBIAN = {"ID": "debian"}
UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian"}
FEDORA = {"ID": "fedora"}


def _plugin() -> Path:
    pyside = _pyside_dir()
    assert pyside is not None
    return pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def test_the_real_xcb_plugin_names_the_libraries_debian_users_miss() -> None:
    needed = needed_libraries(_plugin())
    for soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
        assert soname in needed
    system = qt_window_libraries(_pyside_dir())
    assert "libxcb-cursor.so.0" in system
    assert not [name for name in system if name.startswith("libQt6")]  # bundled by PySide6


def test_a_library_the_loader_cannot_find_is_reported_once() -> None:
    assert missing_libraries(
        ["libc.so.6", "libloopcoach-absent.so.9", "libloopcoach-absent.so.9"]
    ) == ["libloopcoach-absent.so.9"]


def test_a_plugin_that_needs_a_missing_library_stops_the_start_with_one_sentence(
    tmp_path: Path,
) -> None:
    # The same bytes as the real plugin with one needed name changed to one that no system has.
    platforms = tmp_path / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    data = _plugin().read_bytes()
    assert data.count(b"libxcb-cursor.so.0\0") >= 1
    (platforms / "libqxcb.so").write_bytes(
        data.replace(b"libxcb-cursor.so.0\0", b"libxcb-cursoZ.so.0\0")
    )
    (tmp_path / "Qt" / "lib").mkdir()
    problem = window_problem({"DISPLAY": ":0"}, pyside=tmp_path)
    assert problem.startswith("The window cannot open: Qt needs the system libraries ")
    assert "libxcb-cursoZ.so.0" in problem
    assert problem.endswith("and start again.") and "\n" not in problem
    # Offscreen (tests, benches) and Wayland sessions do not use the xcb plugin.
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, pyside=tmp_path) == ""
    assert window_problem({"WAYLAND_DISPLAY": "wayland-0"}, pyside=tmp_path) == ""


def test_this_machine_can_open_the_window() -> None:
    # The test machine has Qt's libraries (the offscreen runs would crash otherwise).
    assert window_problem({"DISPLAY": ":0"}) == ""


def test_install_command_per_distribution() -> None:
    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-shm.so.0"]
    assert install_command(missing, DEBIAN) == (
        "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shm0"
    )
    assert install_command(missing, UBUNTU) == install_command(missing, DEBIAN)
    assert install_command(missing, FEDORA) == (
        "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms libxcb"
    )
    assert install_command(missing, {"ID": "arch"}) == ""
    assert install_command(["libloopcoach-absent.so.9"], DEBIAN) == ""


def test_platform_choice() -> None:
    assert uses_x11({})
    assert uses_x11({"QT_QPA_PLATFORM": "xcb"})
    assert uses_x11({"QT_QPA_PLATFORM": "xcb;wayland", "WAYLAND_DISPLAY": "w"})
    assert not uses_x11({"QT_QPA_PLATFORM": "wayland"})
    assert not uses_x11({"QT_QPA_PLATFORM": "offscreen"})
