"""Start-up: time from process start to the main window painted (offscreen), and peak memory.

The reference is a bare `python -c "import PySide6.QtWidgets"` start measured in the same
run, so the ratio means the same on any machine. Target on the 2-core machines: window
within 1.5 s, no model loaded at start. The last line printed is the figure.

Runs as a second launch on a user's machine does: a throw-away data folder whose key is in
a keyring (the bench's own, see _home.py), and compiled bytecode cached (outside the
checkout) even where PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from _home import throwaway_home

RUNS = 7
BARE = (
    "import resource, time, PySide6.QtWidgets; "
    "print('window-shown', time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def measure(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.time()
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("window-shown"))
    _, shown, peak_kib = line.split()
    return float(shown) - started, int(peak_kib)


def main() -> None:
    with throwaway_home() as (folder, env):
        home = str(folder)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder.parent / "pycache")
        app = [sys.executable, "-m", "app", "--home", home, "--quit-after-show"]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "profile",
                "--home",
                home,
                "--level",
                "staff",
                "--track",
                "sre",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        measure(app, env)  # warm the OS file cache once, as a second launch would be
        bare = [measure([sys.executable, "-c", BARE], env) for _ in range(RUNS)]
        window = [measure(app, env) for _ in range(RUNS)]
    bare_s = statistics.median(t for t, _ in bare)
    window_s = statistics.median(t for t, _ in window)
    bare_mb = max(m for _, m in bare) / 1024
    window_mb = max(m for _, m in window) / 1024
    print(
        f"python:  bare PySide6.QtWidgets start {bare_s:.3f} s, peak {bare_mb:.0f} MB "
        f"(median of {RUNS})"
    )
    print(f"app:     window shown {window_s:.3f} s, peak {window_mb:.0f} MB (median of {RUNS})")
    print(f"worst window start {max(t for t, _ in window):.3f} s; target 1.5 s")
    print(
        f"startup: window shown in {window_s:.2f} s "
        f"({window_s / bare_s:.1f}x a bare PySide6.QtWidgets start), "
        f"peak memory {window_mb:.0f} MB ({window_mb / bare_mb:.1f}x bare), "
        f"{'within' if window_s <= 1.5 else 'OVER'} the 1.5 s target"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
