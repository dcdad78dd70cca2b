"""The window starts without the heavy engines and file libraries: they load when first
used (start-up time, bench/startup.py). A real start in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.registry_models import REPO

HEAVY = [
    "chromadb",
    "llama_cpp",
    "faster_whisper",
    "ctranslate2",
    "reportlab",
    "docx",
    "pypdf",
    "pdfplumber",
    "trafilatura",
    "httpx",
    "onnxruntime",
    "numpy",
    "gguf",
]
START = """
import json, sys
from app.main import main
code = main(["--home", sys.argv[1], "--quit-after-show"])
loaded = [name for name in json.loads(sys.argv[2]) if name in sys.modules]
print(json.dumps({"code": code, "loaded": loaded}))
"""


def test_showing_the_window_loads_no_engine_or_file_library(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "LOOPCOACH_PASSPHRASE": "lazy imports test passphrase",
    }
    done = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path / "home"), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
