"""Destroying data needs its key; a database deleted behind Loopcoach's back is said.

- `wipe --yes` with a wrong passphrase, or without one, deletes nothing; the right one
  wipes; a lost passphrase is admitted with `--forget-passphrase`, typed in full.
- With the key file still there and the database gone, every command and the window say
  the database is missing instead of showing an empty library.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import run

CV = "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cloud spend by 31%\n"
WRONG = {"LOOPCOACH_PASSPHRASE": "not the passphrase at all"}


def _filled(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    cv = tmp_path / "cv.txt"
    cv.write_text(CV)
    added = run("ingest", str(cv), "--kind", "cv", home=home)
    assert added.returncode == 0, added.stderr
    return home


def _everything(home: Path) -> dict[str, bytes]:
    return {p.relative_to(home).as_posix(): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def test_a_wrong_passphrase_wipes_nothing(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    before = _everything(home)
    refused = run("wipe", "--yes", home=home, extra_env=WRONG)
    assert refused.returncode == 2
    assert refused.stderr.startswith("loopcoach: That passphrase does not open this data folder.")
    assert "Nothing was deleted" in refused.stderr and "--forget-passphrase" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _everything(home).keys() == before.keys()
    assert _everything(home)["key.json"] == before["key.json"]
    assert "31%" in run("roles", home=home).stdout  # still opens


def test_no_passphrase_and_no_terminal_wipes_nothing(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    refused = run("wipe", "--yes", home=home, extra_env={"LOOPCOACH_PASSPHRASE": ""})
    assert refused.returncode == 2 and "Nothing was deleted" in refused.stderr
    assert (home / "key.json").exists() and (home / "loopcoach.sqlite3").exists()


def test_the_right_passphrase_wipes(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    done = run("wipe", "--yes", home=home)
    assert done.returncode == 0, done.stderr
    assert not home.exists()


def test_a_lost_passphrase_is_admitted_in_full(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    abbreviated = run("wipe", "--yes", "--forget", home=home, extra_env=WRONG)
    assert abbreviated.returncode == 2 and (home / "key.json").exists()
    done = run("wipe", "--yes", "--forget-passphrase", home=home, extra_env=WRONG)
    assert done.returncode == 0, done.stderr
    assert not home.exists()


def test_a_key_that_is_not_the_databases_wipes_nothing(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    (tmp_path / "other").mkdir()
    other = _filled(tmp_path / "other")
    (home / "key.json").write_bytes((other / "key.json").read_bytes())  # same passphrase
    refused = run("wipe", "--yes", home=home)
    assert refused.returncode == 2 and "Nothing was deleted" in refused.stderr
    assert (home / "loopcoach.sqlite3").exists()


@pytest.mark.parametrize("command", [("docs",), ("search", "cloud"), ("roles",), ("doctor",)])
def test_a_deleted_database_is_said_not_shown_as_empty(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    home = _filled(tmp_path)
    for name in ("loopcoach.sqlite3", "loopcoach.sqlite3-wal", "loopcoach.sqlite3-shm"):
        (home / name).unlink(missing_ok=True)
    shown = run(*command, home=home)
    assert shown.returncode == 2, shown.stdout
    assert "database of the data folder" in shown.stderr and "is missing" in shown.stderr
    assert "backup import" in shown.stderr and "Traceback" not in shown.stderr
    assert not (home / "loopcoach.sqlite3").exists()  # no empty one made in its place


def test_the_window_says_the_database_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import gui
    from app.services import build_services

    home = tmp_path / "home"
    build_services(home).close()
    (home / "loopcoach.sqlite3").unlink()
    shown: list[str] = []

    class Dialog:
        def __init__(self, report: object) -> None:
            shown.append(getattr(report, "message", ""))

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(gui, "ErrorDialog", Dialog)
    assert gui.run_gui(home=str(home), quit_after_show=True) == 1
    assert len(shown) == 1 and "is missing" in shown[0]
