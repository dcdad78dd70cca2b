"""The command line as a user runs it: a separate process, a real data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# No keyring in a child process: the folder is locked with a passphrase, as on a desktop
# without one (the key file and scrypt path run for real).
PASSPHRASE_ENV = {
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "LOOPCOACH_PASSPHRASE": "e2e test passphrase",
}


def run(
    *args: str, home: Path, timeout: float = 120, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # HOME is the test's own, so discovery sees no model apps of the machine's user.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home.parent / "user-home")}
    for name in (
        "LOOPCOACH_HOME",
        "LOOPCOACH_CATALOG",
        "OLLAMA_MODELS",
        "HF_HOME",
        "HF_HUB_CACHE",
        "XDG_DATA_HOME",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        env.pop(name, None)
    env.update(PASSPHRASE_ENV)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_doctor_json_parses_and_reports_the_install(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run("doctor", "--json", home=home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["python"]["version"].startswith("3.")
    assert report["qt"]["qt"].startswith("6.")
    assert report["llama_cpp"]["available"] is True
    assert report["window"] == {"problem": ""}  # this machine has Qt's system libraries
    assert report["llama_cpp"]["version"]
    assert report["llama_cpp"]["cpu_features"]
    assert report["data_folder"]["path"] == str(home.resolve())
    assert report["data_folder"]["schema_version"] >= 1
    assert report["data_folder"]["writable"] is True
    assert report["profile"] is None
    assert report["models"] == []


def test_doctor_sees_models_in_an_extra_folder(tmp_path: Path, embedding_model: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(
        json.dumps({"version": 1, "model_folders": [str(embedding_model.parent)]})
    )
    (home / "models").mkdir()
    (home / "models" / "broken.gguf").write_bytes(b"GGUF\x03\x00\x00\x00")
    result = run("doctor", "--json", home=home)
    assert result.returncode == 0, result.stderr
    models = {Path(m["path"]).name: m for m in json.loads(result.stdout)["models"]}
    assert models[embedding_model.name]["kind"] == "embedding"
    assert models[embedding_model.name]["usable"] is True
    assert models["broken.gguf"]["usable"] is False
    text = run("doctor", home=home)
    assert "embedding" in text.stdout and "unusable" in text.stdout
    assert "Window       system libraries present" in text.stdout


def test_profile_set_and_show(tmp_path: Path) -> None:
    home = tmp_path / "home"
    empty = run("profile", "--json", home=home)
    assert empty.returncode == 0 and json.loads(empty.stdout) is None

    half = run("profile", "--level", "staff", home=home)
    assert half.returncode == 2
    assert "give both --level and --track" in half.stderr

    set_ = run("profile", "--level", "Senior Staff", "--track", "SRE", home=home)
    assert set_.returncode == 0, set_.stderr
    assert "Senior Staff" in set_.stdout

    changed = run("profile", "--track", "platform", "--json", home=home)
    assert json.loads(changed.stdout) == {
        "level": "senior-staff",
        "track": "platform",
        "display_name": "",
    }


def test_bad_level_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = run("profile", "--level", "wizard", "--track", "sre", home=tmp_path / "h")
    assert result.returncode == 2
    assert "Unknown level 'wizard'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_database_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "loopcoach.sqlite3").write_bytes(b"garbage" * 1000)
    result = run("profile", home=home)
    assert result.returncode == 2
    assert "cannot be opened" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_window_process_starts_and_shows(tmp_path: Path) -> None:
    result = run("--quit-after-show", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("window-shown ")
    log = (tmp_path / "home" / "logs" / "loopcoach.log").read_text()
    assert "starting; data folder" in log
