"""Every file in the data folder is 0600 and every folder 0700, whatever the umask.

A child process starts under umask 022 (a shell's usual one, which gave 0644 files and
0755 folders before) and makes every kind of file: the key file, the database with its
WAL and SHM, the log, chromadb's vectors, recordings and a backup archive. Then a
folder left readable by others (an older version, a copy tool) is repaired on the next
start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import run

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = {
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "LOOPCOACH_PASSPHRASE": "permissions passphrase",
}

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _wrong(modes: dict[str, str]) -> dict[str, str]:
    return {
        path: mode
        for path, mode in modes.items()
        if mode != ("0o700" if path == "." or path.endswith("/") else "0o600")
    }


def test_every_file_is_owner_only_under_umask_022(tmp_path: Path, embedding_model: Path) -> None:
    home, outside = tmp_path / "home", tmp_path / "outside"
    outside.mkdir()
    env = {**os.environ, **PASSPHRASE}
    env.pop("LOOPCOACH_HOME", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.trust.private_child", str(home), str(outside),
         str(embedding_model)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    opened = result["open"]
    for expected in ("key.json", "loopcoach.sqlite3", "loopcoach.sqlite3-wal",
                     "loopcoach.sqlite3-shm", "logs/", "logs/loopcoach.log", "vectors/",
                     "vectors/chroma.sqlite3", "audio/"):  # fmt: skip (models live outside)
        assert expected in opened, sorted(opened)
    assert any(p.startswith("audio/recording") for p in opened), sorted(opened)
    assert any(p.startswith("audio/imported") for p in opened), sorted(opened)
    assert any(p.count("/") >= 2 for p in opened if p.startswith("vectors/")), sorted(opened)
    assert _wrong(opened) == {}
    assert _wrong(result["closed"]) == {}
    assert result["archive"] == "0o600"


def test_modes_left_open_are_repaired_on_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cv = tmp_path / "cv.txt"
    cv.write_text("Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cost 31%\n")
    assert run("ingest", str(cv), "--kind", "cv", home=home).returncode == 0
    stray = home / "logs" / "old.log"
    stray.write_text("from an older version")
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    listed = run("docs", home=home)
    assert listed.returncode == 0, listed.stderr
    modes = {
        p.relative_to(home).as_posix() + ("/" if p.is_dir() else ""): oct(p.stat().st_mode & 0o777)
        for p in home.rglob("*")
    }
    modes["."] = oct(home.stat().st_mode & 0o777)
    assert "logs/old.log" in modes
    assert _wrong(modes) == {}
