"""Settings → Your data: how it is sealed, back up, change the key, delete everything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coach.library.service import Library
from ui.main_window import MainWindow
from ui.pages import settings_data
from ui.pages.settings_data import CONFIRM_WORD, WipeDialog

CV = "Ada Example\nExperience\nStaff Engineer, Acme, 2019 - Present\n- Cut cloud spend by 31%\n"


def test_the_box_says_how_the_data_is_sealed_and_changes_the_key(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    services = window.services  # type: ignore[attr-defined]
    document_id = Library(services.db).ingest_text(CV, "cv").document_id
    box = window.settings_page.data_box
    assert "AES-256-GCM" in box.sealed.text() and "system keyring" in box.sealed.text()
    before = services.data_key.key_id
    box.rotate_button.click()
    assert services.data_key.key_id != before
    assert "new key" in box.status.text()
    assert "31%" in Library(services.db).store.document_text(document_id)


def test_backing_up_writes_a_sealed_archive_in_the_background(
    make_window: Callable[..., MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    Library(window.services.db).ingest_text(CV, "cv")  # type: ignore[attr-defined]
    target = tmp_path / "mine"
    monkeypatch.setattr(
        settings_data.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    monkeypatch.setattr(settings_data, "ask_passphrase", lambda *a, **k: "a long passphrase")
    box = window.settings_page.data_box
    box.backup_button.click()
    qtbot.waitUntil(lambda: box.status.text().startswith("Saved"), timeout=20000)
    archive = tmp_path / "mine.lcbackup"
    assert archive.exists() and b"Cut cloud spend" not in archive.read_bytes()


def test_deleting_everything_needs_the_word_typed(
    make_window: Callable[..., MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    dialog = WipeDialog(Path("/data"))
    qtbot.addWidget(dialog)
    assert not dialog.delete.isEnabled()
    qtbot.keyClicks(dialog.word, "delete")
    assert not dialog.delete.isEnabled()
    dialog.word.clear()
    qtbot.keyClicks(dialog.word, CONFIRM_WORD)
    assert dialog.delete.isEnabled()

    monkeypatch.setattr(settings_data.WipeDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(window.wipe_requested) as requested:
        qtbot.mouseClick(window.settings_page.data_box.wipe_button, Qt.MouseButton.LeftButton)
    assert requested.args == [False]
