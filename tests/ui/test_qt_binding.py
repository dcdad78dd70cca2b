"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 dropped a reference to None on every Qt call that returns nothing; a
long session then aborted with "none_dealloc". pyproject.toml pins below it; this test
catches a future release with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_leave_nones_refcount_alone(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("steady")
    # Other threads may hold or drop a few references meanwhile; a leak is ~1,000.
    assert abs(sys.getrefcount(None) - before) < 100
