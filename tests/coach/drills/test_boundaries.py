"""coach.drills stays Qt-free and engine-free (checked in a fresh interpreter, because
other tests in the same process may import PySide6 themselves)."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "PySide6",
    "shiboken6",
    "llama_cpp",
    "chromadb",
    "faster_whisper",
    "app",
    "ui",
    "models",
)


def test_importing_the_drills_pulls_in_no_ui_or_engine() -> None:
    code = (
        "import sys, coach.drills, coach.drills.agreement; "
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
