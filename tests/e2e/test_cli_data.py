"""`loopcoach key`, `backup` and `wipe` as a user runs them (no keyring: a passphrase)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import run

CV = "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cloud spend by 31%\n"
BACKUP = {"LOOPCOACH_BACKUP_PASSPHRASE": "backup passphrase 1"}


def _filled(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    cv = tmp_path / "cv.txt"
    cv.write_text(CV)
    added = run("ingest", str(cv), "--kind", "cv", home=home)
    assert added.returncode == 0, added.stderr
    return home


def test_key_status_rotation_and_a_wrong_passphrase(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    status = run("key", "--json", home=home)
    assert status.returncode == 0, status.stderr
    before = json.loads(status.stdout)
    assert before["kept_in"] == "passphrase" and before["cipher"] == "AES-256-GCM"

    rotated = run("key", "rotate", home=home)
    assert rotated.returncode == 0, rotated.stderr
    after = json.loads(run("key", "--json", home=home).stdout)
    assert after["key_id"] != before["key_id"]
    assert "31%" in run("roles", home=home).stdout

    locked = run("roles", home=home, extra_env={"LOOPCOACH_PASSPHRASE": "not the passphrase"})
    assert locked.returncode == 2
    assert locked.stderr.strip() == "loopcoach: That passphrase does not open this data folder."


def test_backup_export_then_import_into_a_new_folder(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    archive = tmp_path / "me.lcbackup"
    saved = run("backup", "export", str(archive), home=home, extra_env=BACKUP)
    assert saved.returncode == 0, saved.stderr
    assert b"Cut cloud spend" not in archive.read_bytes()

    restored = tmp_path / "restored"
    other = {**BACKUP, "LOOPCOACH_PASSPHRASE": "a new folder passphrase"}
    loaded = run("backup", "import", str(archive), home=restored, extra_env=other)
    assert loaded.returncode == 0, loaded.stderr
    assert "1 documents" in loaded.stdout
    roles = run(
        "roles", home=restored, extra_env={"LOOPCOACH_PASSPHRASE": "a new folder passphrase"}
    )
    assert "Cut cloud spend by 31%" in roles.stdout

    again = run("backup", "import", str(archive), home=home, extra_env=BACKUP)
    assert again.returncode == 2 and "already holds data" in again.stderr


def test_wipe_asks_unless_told_and_then_leaves_nothing(tmp_path: Path) -> None:
    home = _filled(tmp_path)
    refused = run("wipe", home=home)  # no terminal to ask, no --yes
    assert refused.returncode == 2 and "Nothing was deleted" in refused.stderr
    assert (home / "loopcoach.sqlite3").exists()
    done = run("wipe", "--yes", home=home)
    assert done.returncode == 0, done.stderr
    assert not home.exists()
