"""Before Qt starts: the system libraries its Linux window plugin needs, and the one command
that installs the missing ones. Without this, a missing `libxcb-cursor0` ends the app inside
Qt with "could not load the Qt platform plugin xcb" and no advice.

What is needed is read from the ELF files PySide6 ships (their DT_NEEDED entries), not from
a list that could drift from the Qt build; each library is then looked up the way the
dynamic loader does it (`dlopen`). Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# Qt's pieces that open a window on X11 (the platform plugin and what it links).
_QT_BINARIES = (
    "Qt/plugins/platforms/libqxcb.so",
    "Qt/lib/libQt6XcbQpa.so.6",
    "Qt/lib/libQt6Gui.so.6",
    "Qt/lib/libQt6Widgets.so.6",
)
# soname -> (Debian/Ubuntu package, Fedora package); others are named by their soname.
PACKAGES: Mapping[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libz.so.1": ("zlib1g", "zlib"),
}
_DT_NEEDED = 1
_DT_STRTAB = 5
_SHT_DYNAMIC = 6


def needed_libraries(binary: Path) -> list[str]:
    """The DT_NEEDED sonames of a 64-bit little-endian ELF file ([] for any other file)."""
    data = binary.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != _SHT_DYNAMIC:
            continue
        strtab_offset = sections[link][4]
        names: list[str] = []
        for at in range(offset, offset + size, entsize or 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == _DT_NEEDED:
                end = data.index(b"\0", strtab_offset + value)
                names.append(data[strtab_offset + value : end].decode())
        return names
    return []


def missing_libraries(sonames: Iterable[str]) -> list[str]:
    """Those the dynamic loader cannot find, in the order given, without repeats."""
    missing: list[str] = []
    for soname in dict.fromkeys(sonames):
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def _pyside_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def qt_window_libraries(pyside: Path | None) -> list[str]:
    """What Qt's X11 window needs from the system (what PySide6 bundles left out)."""
    if pyside is None:
        return []
    bundled = pyside / "Qt" / "lib"
    needed: list[str] = []
    for relative in _QT_BINARIES:
        binary = pyside / relative
        if binary.is_file():
            needed += [n for n in needed_libraries(binary) if not (bundled / n).exists()]
    return needed


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def install_command(missing: Iterable[str], os_release: Mapping[str, str]) -> str:
    """The command that installs the packages holding these libraries on Debian/Ubuntu or
    Fedora, or "" on other systems and for libraries this module has no package for."""
    family = f"{os_release.get('ID', '')} {os_release.get('ID_LIKE', '')}".split()
    if any(name in family for name in ("debian", "ubuntu")):
        column, tool = 0, "sudo apt install"
    elif any(name in family for name in ("fedora", "rhel", "centos")):
        column, tool = 1, "sudo dnf install"
    else:
        return ""
    packages = dict.fromkeys(PACKAGES[s][column] for s in missing if s in PACKAGES)
    return f"{tool} {' '.join(packages)}" if packages else ""


def uses_x11(env: Mapping[str, str]) -> bool:
    """Whether Qt will open its window through the xcb plugin (Linux, not offscreen, not a
    Wayland session that Qt reaches natively)."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def window_problem(env: Mapping[str, str] | None = None, pyside: Path | None = None) -> str:
    """One sentence naming the missing libraries and the install command, or "" when the
    window can open. `pyside`: the PySide6 folder to check (the installed one by default)."""
    if not uses_x11(os.environ if env is None else env):
        return ""
    missing = missing_libraries(qt_window_libraries(pyside or _pyside_dir()))
    if not missing:
        return ""
    command = install_command(missing, _os_release())
    unknown = [s for s in missing if s not in PACKAGES]
    if not command:
        how = "install the packages that provide them"
    elif unknown:
        how = f"install them with `{command}` plus the packages that provide {', '.join(unknown)}"
    else:
        how = f"install them with `{command}`"
    return (
        f"The window cannot open: Qt needs the system libraries {', '.join(missing)}; "
        f"{how} and start again."
    )
