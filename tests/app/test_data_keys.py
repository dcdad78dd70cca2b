"""Unlocking, creating and rotating a data folder's key, through the app's services."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.data_keys import PassphraseRequest
from app.services import Services, build_services
from coach.errors import UserError
from coach.library.service import Library
from coach.storage.codec import SealedCodec
from coach.storage.db import Database
from coach.storage.keyfile import WrongPassphraseError
from coach.storage.sealing import plain_values, reseal, sealed_key_id
from tests.memory_keyring import MemoryKeyring

CV = "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cloud spend by 31%\n"


def _add_cv(services: Services) -> int:
    return Library(services.db).ingest_text(CV, "cv").document_id


def _text(services: Services, document_id: int) -> str:
    return Library(services.db).store.document_text(document_id)


def test_a_new_folder_keeps_its_key_in_the_keyring(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    services = build_services(home)
    document_id = _add_cv(services)
    key_id = services.data_key.key_id
    services.close()
    saved = json.loads((home / "key.json").read_text())
    assert saved["current"] == {
        "key_id": key_id,
        "place": "keyring",
        "check": saved["current"]["check"],
    }
    assert list(memory_keyring.entries) == [("Loopcoach", f"data-key-{key_id}")]
    assert services.data_key.secret.hex() not in (home / "key.json").read_text()

    again = build_services(home)
    assert "31%" in _text(again, document_id)
    assert plain_values(again.db) == 0 and sealed_key_id(again.db) == key_id
    again.close()
    assert b"Cut cloud spend" not in (home / "loopcoach.sqlite3").read_bytes()


def test_a_key_missing_from_the_keyring_is_a_clear_error(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    build_services(home).close()
    memory_keyring.entries.clear()
    with pytest.raises(UserError, match="not in this computer's keyring"):
        build_services(home)


def test_a_sealed_database_without_its_key_file_is_refused(home: Path) -> None:
    services = build_services(home)
    _add_cv(services)
    services.close()
    (home / "key.json").unlink()
    with pytest.raises(UserError, match=r"key file .* is missing"):
        build_services(home)
    assert not (home / "key.json").exists()  # no new key was made over the old data


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


def _asker(*answers: str | None) -> tuple[list[PassphraseRequest], object]:
    asked: list[PassphraseRequest] = []
    queue = list(answers)

    def ask(request: PassphraseRequest) -> str | None:
        asked.append(request)
        return queue.pop(0)

    return asked, ask


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_a_passphrase_wraps_the_key(home: Path) -> None:
    asked, ask = _asker("correct horse battery")
    services = build_services(home, ask_passphrase=ask)  # type: ignore[arg-type]
    document_id = _add_cv(services)
    services.close()
    assert [r.purpose for r in asked] == ["new"]
    saved = (home / "key.json").read_text()
    assert json.loads(saved)["current"]["place"] == "passphrase"
    assert "correct horse" not in saved and services.data_key.secret.hex() not in saved

    asked, ask = _asker("wrong guess 123", "correct horse battery")
    again = build_services(home, ask_passphrase=ask)  # type: ignore[arg-type]
    assert [r.purpose for r in asked] == ["unlock", "unlock"]
    assert asked[1].problem == "That passphrase does not open this data folder."
    assert "31%" in _text(again, document_id)
    again.close()

    _, cancel = _asker(None)
    with pytest.raises(UserError, match="stays locked"):
        build_services(home, ask_passphrase=cancel)  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_keyring")
def test_a_short_passphrase_is_refused_and_nothing_is_stored(home: Path) -> None:
    _, ask = _asker("short")
    with pytest.raises(UserError, match="at least 8"):
        build_services(home, ask_passphrase=ask)  # type: ignore[arg-type]
    assert not (home / "key.json").exists()


@pytest.mark.usefixtures("no_keyring")
def test_the_passphrase_can_come_from_the_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOPCOACH_PASSPHRASE", "from the environment")
    build_services(home).close()
    monkeypatch.setenv("LOOPCOACH_PASSPHRASE", "not the one")
    with pytest.raises(WrongPassphraseError):
        build_services(home)


def test_rotation_reseals_everything_and_deletes_the_old_key(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    services = build_services(home)
    document_id = _add_cv(services)
    old = services.data_key
    services.rotate_key()
    new = services.data_key
    assert new.key_id != old.key_id and new.secret != old.secret
    assert list(memory_keyring.entries) == [("Loopcoach", f"data-key-{new.key_id}")]
    assert "31%" in _text(services, document_id)
    _add_cv(services)  # already there: the fingerprint was recomputed under the new key
    assert len(Library(services.db).documents()) == 1
    services.close()
    again = build_services(home)
    assert again.data_key == new and "31%" in _text(again, document_id)
    again.close()


@pytest.mark.usefixtures("no_keyring")
def test_rotation_under_a_passphrase_checks_it_first(home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LOOPCOACH_PASSPHRASE", "the folder passphrase")
    services = build_services(home)
    document_id = _add_cv(services)
    before = services.data_key
    with pytest.raises(WrongPassphraseError):
        services.rotate_key("a wrong passphrase")
    assert (
        services.data_key == before
        and json.loads((home / "key.json").read_text()).get("pending") is None
    )
    services.rotate_key("the folder passphrase")
    services.close()
    again = build_services(home)
    assert again.data_key.key_id != before.key_id and "31%" in _text(again, document_id)
    again.close()


def test_a_rotation_cut_short_before_resealing_is_dropped(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    services = build_services(home)
    document_id = _add_cv(services)
    current = services.data_key
    keys = services.keys.load()
    assert keys is not None
    pending = services.keys.begin_rotation(keys)  # killed here: nothing re-sealed yet
    services.close()
    again = build_services(home)
    assert again.data_key == current and "31%" in _text(again, document_id)
    assert ("Loopcoach", f"data-key-{pending.key_id}") not in memory_keyring.entries
    assert "pending" not in json.loads((home / "key.json").read_text())
    again.close()


def test_a_rotation_cut_short_after_resealing_is_finished(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    services = build_services(home)
    document_id = _add_cv(services)
    old = services.data_key
    keys = services.keys.load()
    assert keys is not None
    new = services.keys.begin_rotation(keys)
    reseal(services.db, old=services.db.codec, new=SealedCodec(new.secret), key_id=new.key_id)
    services.close()  # killed after the commit, before the key file was updated
    again = build_services(home)
    assert again.data_key == new and "31%" in _text(again, document_id)
    assert ("Loopcoach", f"data-key-{old.key_id}") not in memory_keyring.entries
    again.close()


def test_a_folder_from_before_encryption_is_sealed_on_open(home: Path) -> None:
    home.mkdir(parents=True)
    plain = Database(home / "loopcoach.sqlite3")
    document_id = Library(plain).ingest_text(CV, "cv").document_id
    plain.close()
    services = build_services(home)
    assert "31%" in _text(services, document_id)
    assert plain_values(services.db) == 0
    services.close()
    for path in home.glob("loopcoach.sqlite3*"):
        assert b"Cut cloud spend" not in path.read_bytes()


@pytest.mark.usefixtures("no_keyring")
def test_changing_the_passphrase_keeps_the_key_and_the_data(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOPCOACH_PASSPHRASE", "the first passphrase")
    services = build_services(home)
    document_id = _add_cv(services)
    key = services.data_key
    services.keys.change_passphrase(key, "the second passphrase")
    services.close()
    with pytest.raises(WrongPassphraseError):
        build_services(home)
    monkeypatch.setenv("LOOPCOACH_PASSPHRASE", "the second passphrase")
    again = build_services(home)
    assert again.data_key == key and "31%" in _text(again, document_id)
    again.close()
