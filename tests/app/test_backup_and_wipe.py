"""A sealed backup archive restored into a new folder; wiping leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.backup import import_backup
from app.data_keys import KeyKeeper, SystemKeyring, no_prompt
from app.paths import DataPaths
from app.services import Services, build_services
from app.wipe import wipe
from coach.errors import UserError
from coach.library.service import Library
from coach.storage.archive import CHUNK
from tests.memory_keyring import MemoryKeyring

CV = "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cloud spend by 31%\n"
PASSPHRASE = "backup passphrase 1"


def _keeper(paths: DataPaths) -> KeyKeeper:
    return KeyKeeper(paths.key_file, SystemKeyring(), no_prompt)


def _export(services: Services, target: Path, passphrase: str = PASSPHRASE) -> None:
    services.export_backup(target, passphrase)


@pytest.fixture
def filled(home: Path) -> Services:
    services = build_services(home)
    Library(services.db).ingest_text(CV, "cv")
    services.paths.audio.mkdir(parents=True, exist_ok=True)
    # Bigger than one sealed chunk, so the archive spans several.
    (services.paths.audio / "answer-1.wav").write_bytes(b"RIFF" + bytes(CHUNK + 5000))
    yield services
    services.close()


def test_a_backup_restores_into_a_fresh_folder(filled: Services, tmp_path: Path) -> None:
    archive = tmp_path / "out" / "me.lcbackup"
    archive.parent.mkdir()
    _export(filled, archive)
    data = archive.read_bytes()
    assert b"Cut cloud spend" not in data and filled.data_key.secret not in data

    fresh = DataPaths(tmp_path / "restored")
    manifest = import_backup(archive, PASSPHRASE, fresh, _keeper)
    assert manifest["recordings"] == 1
    restored = build_services(fresh.root)
    try:
        documents = Library(restored.db).documents()
        assert [d.title for d in documents] == ["Ada Example"]
        assert "31%" in Library(restored.db).store.document_text(documents[0].id)
        assert (fresh.audio / "answer-1.wav").stat().st_size == CHUNK + 5004
    finally:
        restored.close()
    assert not list(fresh.root.glob(".loopcoach-backup-*"))


def test_a_wrong_passphrase_or_a_damaged_archive_restores_nothing(
    filled: Services, tmp_path: Path
) -> None:
    archive = tmp_path / "me.lcbackup"
    _export(filled, archive)
    fresh = DataPaths(tmp_path / "restored")
    with pytest.raises(UserError, match="passphrase does not open"):
        import_backup(archive, "not the passphrase", fresh, _keeper)
    assert not fresh.key_file.exists() and not fresh.database.exists()

    cut = tmp_path / "cut.lcbackup"
    cut.write_bytes(archive.read_bytes()[: CHUNK // 2])
    with pytest.raises(UserError, match=r"incomplete|damaged"):
        import_backup(cut, PASSPHRASE, fresh, _keeper)
    flipped = bytearray(archive.read_bytes())
    flipped[len(flipped) // 2] ^= 0x40
    bad = tmp_path / "bad.lcbackup"
    bad.write_bytes(bytes(flipped))
    with pytest.raises(UserError, match="damaged"):
        import_backup(bad, PASSPHRASE, fresh, _keeper)
    not_ours = tmp_path / "notes.txt"
    not_ours.write_text("hello")
    with pytest.raises(UserError, match="not a Loopcoach backup"):
        import_backup(not_ours, PASSPHRASE, fresh, _keeper)
    assert not fresh.root.exists()  # made for the restore, removed when it failed


def test_a_backup_goes_only_into_an_empty_folder(filled: Services, tmp_path: Path) -> None:
    archive = tmp_path / "me.lcbackup"
    _export(filled, archive)
    with pytest.raises(UserError, match="already holds data"):
        import_backup(archive, PASSPHRASE, filled.paths, _keeper)
    with pytest.raises(UserError, match="outside the data folder"):
        _export(filled, filled.paths.root / "inside.lcbackup")
    with pytest.raises(UserError, match="at least 8"):
        _export(filled, tmp_path / "weak.lcbackup", "short")


def test_wipe_removes_every_file_and_key(filled: Services, memory_keyring: MemoryKeyring) -> None:
    paths = filled.paths
    (paths.models / "some-model.gguf").write_bytes(b"GGUF")
    filled.close()
    assert memory_keyring.entries
    report = wipe(paths, _keeper(paths))
    assert not paths.root.exists() and report.left == []
    assert not paths.models.exists()  # outside the data folder, and wiped with it
    assert memory_keyring.entries == {}


def test_wipe_can_keep_models_and_never_touches_other_files(
    filled: Services, memory_keyring: MemoryKeyring
) -> None:
    paths = filled.paths
    (paths.models / "some-model.gguf").write_bytes(b"GGUF")
    (paths.root / "my-own-notes.txt").write_text("not Loopcoach's")
    filled.close()
    report = wipe(paths, _keeper(paths), keep_models=True)
    assert [p.name for p in report.left] == ["my-own-notes.txt"]
    assert sorted(p.name for p in paths.root.iterdir()) == ["my-own-notes.txt"]
    assert (paths.models / "some-model.gguf").read_bytes() == b"GGUF"
    assert memory_keyring.entries == {}


def test_wipe_refuses_a_folder_that_is_not_loopcoachs(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"PK")
    paths = DataPaths(folder)
    with pytest.raises(UserError, match="does not look like a Loopcoach data folder"):
        wipe(paths, _keeper(paths))
    assert (folder / "thesis.docx").exists()


def test_the_window_wipes_after_every_service_is_closed(
    filled: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import gui

    told: list[list[str]] = []
    monkeypatch.setattr(gui, "tell_wiped", told.append)
    filled.close()
    gui._wipe_after_exit(filled, keep_models=False)
    assert not filled.paths.root.exists()
    assert told == [[f"Your data and its keys are deleted from {filled.paths.root}."]]
