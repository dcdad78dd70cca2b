"""The Models page on the real model manager: the catalog, adding and choosing real GGUF
models, refusing bad files, the fitness check on a real model, discovery in a folder from
Settings, and a real download from a loopback server."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from coach.profile import Level, Profile, Track
from coach.tasks import Cancelled, CancelToken, Progress, TaskContext
from models.catalog import CatalogEntry, load_catalog
from models.describe import download_text, fitness_text
from models.download import DownloadProgress, RemoteFile, download_file
from models.fitness import FitnessResult
from models.manager import ModelManager
from tests.models.http_server import FileServer
from tests.registry_models import minilm_sha256
from ui.main_window import MainWindow
from ui.pages.model_tables import CatalogTable, LocalTable
from ui.pages.model_tasks import download_task
from ui.pages.models_page import ModelsPage

MakeWindow = Callable[..., MainWindow]
# The file the embedding_model fixture gives (from ../shared, or built from its wheel).
MINILM_SHA256 = minilm_sha256()
TASK_TIMEOUT_MS = 20_000


@pytest.fixture
def window(make_window: MakeWindow) -> MainWindow:
    return make_window(Profile(Level.STAFF, Track.SRE))


@pytest.fixture
def page(window: MainWindow) -> ModelsPage:
    return window.models_page


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # Downloads go to 127.0.0.1; a proxy from the environment must not get in between.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def manager_of(window: MainWindow) -> ModelManager:
    return window.models  # type: ignore[attr-defined, no-any-return]


def finish(qtbot: QtBot, handle: Any) -> list[Any]:
    """Wait for a task started by the page; returns what it succeeded with (or nothing)."""
    results: list[Any] = []
    handle.succeeded.connect(results.append)
    with qtbot.waitSignal(handle.finished, timeout=TASK_TIMEOUT_MS):
        pass
    return results


def cell(table: CatalogTable | LocalTable, row: int, column: str, role: Any = None) -> Any:
    index = table.index(row, table.column(column))
    return table.data(index, role if role is not None else Qt.ItemDataRole.DisplayRole)


def local_row(page: ModelsPage, path: Path) -> int:
    row = page.local_model.row_of(path)
    assert row >= 0, f"{path} is not listed"
    return row


def add(qtbot: QtBot, page: ModelsPage, path: Path) -> None:
    assert finish(qtbot, page.add_model(path)), "adding the model failed"


# ---- the catalog ---------------------------------------------------------------------


def test_the_catalog_lists_every_recommended_model_with_its_status(
    page: ModelsPage, window: MainWindow
) -> None:
    catalog = manager_of(window).catalog
    table = page.catalog_model
    assert table.rowCount() == len(catalog) == 9
    assert [cell(table, row, "Name") for row in range(9)] == [e.name for e in catalog]
    assert {cell(table, row, "Status") for row in range(9)} == {"Not installed"}
    qwen = table.row_of("qwen2.5-3b-instruct-q4_k_m")
    assert cell(table, qwen, "Kind") == "Chat"
    assert cell(table, qwen, "Size") == "2.1 GB"
    assert cell(table, qwen, "Needs RAM") == "4 GB"
    assert "Qwen Research License" in cell(table, qwen, "Licence")
    minilm = table.row_of("all-minilm-l6-v2-q8_0")
    assert cell(table, minilm, "Size") == "25 MB"  # under a GB: in MB, never "0.0 GB"

    # A download that stopped halfway reads as one to resume.
    entry = manager_of(window).entry("gemma-2-2b-it-q4_k_m")
    (manager_of(window).models_dir / f"incomplete-{entry.files[0].name}").write_bytes(b"x" * 10)
    page.refresh()
    gemma = table.row_of(entry.id)
    assert cell(table, gemma, "Status") == "Download paused: resume"
    page.select_entry(entry.id)
    assert page.download_button.text() == "&Resume download"
    assert page.download_button.isEnabled()
    details = page.catalog_details.text()
    assert entry.recommended_for in details
    assert f'href="{entry.publisher_page}"' in details
    assert f'href="{entry.licence_url}"' in details

    page.select_entry("qwen2.5-7b-instruct-q4_k_m")
    assert page.download_button.text() == "&Download"
    assert "Best answer quality" in page.catalog_details.text()


def test_with_no_models_the_page_says_what_each_kind_falls_back_to(
    qtbot: QtBot, page: ModelsPage, window: MainWindow
) -> None:
    box = page.active_box
    assert box.text("chat") == "None: rule-based coaching"
    assert box.text("embedding") == "None: keyword search only"
    assert box.text("speech") == "None: typing only"
    window.show()
    window.show_page("models")  # the first look scans the (empty) stand-in home
    assert not page.scan_button.isEnabled()  # scanning
    qtbot.waitUntil(page.scan_button.isEnabled, timeout=TASK_TIMEOUT_MS)
    assert page.local_model.rowCount() == 0
    assert page.local_stack.currentWidget() is page.empty_local
    assert "No models on this computer yet" in page.empty_local.text()
    assert not page.use_button.isEnabled()
    assert not page.test_button.isEnabled()


# ---- adding and choosing -------------------------------------------------------------


def test_adding_and_using_the_chat_model_updates_the_page_and_tells_the_app(
    qtbot: QtBot, page: ModelsPage, window: MainWindow, chat_model_path: Path
) -> None:
    add(qtbot, page, chat_model_path)
    row = local_row(page, chat_model_path)
    table = page.local_model
    assert cell(table, row, "Kind") == "Chat"
    assert cell(table, row, "Quantisation") == "Q4_K_M"
    assert cell(table, row, "Size") == "253 MB"
    assert cell(table, row, "Where") == "Added"
    assert cell(table, row, "Test result") == "Not tested yet"
    assert cell(table, row, "In use") == ""
    assert page.selected_local() is not None
    assert page.selected_local().path == chat_model_path  # type: ignore[union-attr]
    assert page.use_button.text() == "&Use as chat model"

    with qtbot.waitSignal(window.chat_model_chosen, timeout=2000) as chosen:
        page.use_button.click()
    assert chosen.args == [chat_model_path]
    name = cell(table, local_row(page, chat_model_path), "Name")
    assert page.active_box.text("chat") == name
    assert cell(table, local_row(page, chat_model_path), "In use") == "✓"
    assert not page.use_button.isEnabled()  # already the chat model
    assert manager_of(window).active("chat").path == chat_model_path  # type: ignore[union-attr]
    assert window.error_dialogs == []


def test_an_embedding_model_is_used_for_search_and_never_as_the_chat_model(
    qtbot: QtBot, page: ModelsPage, window: MainWindow, embedding_model: Path
) -> None:
    chat_chosen: list[object] = []
    window.chat_model_chosen.connect(chat_chosen.append)
    add(qtbot, page, embedding_model)
    row = local_row(page, embedding_model)
    assert cell(page.local_model, row, "Kind") == "Embedding"
    assert "cannot chat" in cell(page.local_model, row, "Kind", Qt.ItemDataRole.ToolTipRole)
    page.select_local(embedding_model)
    assert page.use_button.text() == "&Use as embedding model"

    with qtbot.waitSignal(window.model_chosen, timeout=2000) as chosen:
        qtbot.keyClick(page.local_view, Qt.Key.Key_Return)  # Enter on a row uses it
    assert chosen.args == ["embedding", embedding_model]
    assert chat_chosen == []
    assert page.active_box.text("chat") == "None: rule-based coaching"
    assert page.active_box.text("embedding") == cell(page.local_model, row, "Name")
    assert manager_of(window).active("chat") is None


def test_the_add_menu_asks_for_a_file_and_adds_it(
    qtbot: QtBot, page: ModelsPage, embedding_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the dialog is replaced: it would wait for a person to pick the file.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(embedding_model), ""))
    page.add_file_action.trigger()
    qtbot.waitUntil(lambda: page.local_model.row_of(embedding_model) >= 0, timeout=TASK_TIMEOUT_MS)
    assert "Added" in page.notice.text()


def test_a_file_that_is_not_a_model_is_refused_with_the_reason(
    qtbot: QtBot, page: ModelsPage, window: MainWindow, tmp_path: Path
) -> None:
    window.show()
    bogus = tmp_path / "x.gguf"
    bogus.write_bytes(b"not a model")
    handle = page.add_model(bogus)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=TASK_TIMEOUT_MS)
    dialog = window.error_dialogs[-1]
    assert "x.gguf cannot be added" in dialog.message.text()
    assert "not a GGUF file" in dialog.message.text()
    assert dialog.report.expected  # a plain sentence, not a bug report
    assert not handle.running
    assert page.local_model.row_of(bogus) < 0
    dialog.reject()


def test_a_model_whose_file_is_gone_is_shown_greyed_and_cannot_be_used(
    qtbot: QtBot, page: ModelsPage, embedding_model: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "minilm-copy.gguf"
    shutil.copyfile(embedding_model, copy)
    add(qtbot, page, copy)
    copy.unlink()
    page.refresh()
    row = local_row(page, copy)
    assert cell(page.local_model, row, "Test result") == "Cannot be used: the file is gone"
    assert "the file is gone" in cell(page.local_model, row, "Name", Qt.ItemDataRole.ToolTipRole)
    assert cell(page.local_model, row, "Name", Qt.ItemDataRole.ForegroundRole) is not None
    page.select_local(copy)
    assert not page.use_button.isEnabled()
    assert not page.test_button.isEnabled()
    assert "the file is gone" in page.local_details.text()


# ---- testing, discovering ------------------------------------------------------------


@pytest.mark.slow
def test_test_this_model_measures_the_embedding_model_in_the_background(
    qtbot: QtBot, page: ModelsPage, window: MainWindow, embedding_model: Path
) -> None:
    window.show()
    add(qtbot, page, embedding_model)
    page.select_local(embedding_model)
    assert page.test_button.isEnabled()
    progress: list[Progress] = []
    page.test_button.click()
    handle = window.task_progress.current()
    assert handle is not None and handle.title.startswith("Testing")
    handle.progress.connect(progress.append)
    assert not page.test_button.isEnabled()  # no second test of the same model meanwhile
    qtbot.waitUntil(
        lambda: (
            "chunks/s" in cell(page.local_model, local_row(page, embedding_model), "Test result")
        ),
        timeout=TASK_TIMEOUT_MS,
    )
    row = local_row(page, embedding_model)
    assert "Good" in cell(page.local_model, row, "Test result", Qt.ItemDataRole.ToolTipRole)
    assert progress and progress[-1].text == "Done"
    stored = manager_of(window).describe(embedding_model).fitness
    assert stored is not None and stored.chunks_per_second
    assert "chunks/s" in page.notice.text()
    qtbot.waitUntil(page.test_button.isEnabled, timeout=2000)


def test_scanning_finds_a_model_in_a_folder_added_in_settings(
    qtbot: QtBot, page: ModelsPage, window: MainWindow, embedding_model: Path, tmp_path: Path
) -> None:
    # A folder of its own: the fixture's folder may hold the other test models too.
    model = tmp_path / "my-models" / embedding_model.name
    model.parent.mkdir()
    shutil.copyfile(embedding_model, model)
    window.show()
    window.show_page("models")
    assert not page.scan_button.isEnabled()  # the first look scans
    qtbot.waitUntil(page.scan_button.isEnabled, timeout=TASK_TIMEOUT_MS)
    assert page.local_model.rowCount() == 0

    services = window.services  # type: ignore[attr-defined]
    folders = [str(model.parent)]
    services.save_settings(dataclasses.replace(services.settings, model_folders=folders))
    # As the Settings page does after a change: the Models page looks again.
    with qtbot.waitSignal(page.local_model.modelReset, timeout=TASK_TIMEOUT_MS):
        window.settings_page.settings_changed.emit(services.settings)
    row = local_row(page, model)
    assert cell(page.local_model, row, "Where") == "Folder"
    assert cell(page.local_model, row, "Kind") == "Embedding"
    assert "Found 1 model file" in page.scan_state.text()

    # Found models are used in place: choosing one registers it, listed once.
    page.use(model)
    assert [m.path for m in page.local_model.rows()].count(model) == 1
    assert cell(page.local_model, local_row(page, model), "In use") == "✓"
    page.scan_button.click()
    qtbot.waitUntil(page.scan_button.isEnabled, timeout=TASK_TIMEOUT_MS)
    assert [m.path for m in page.local_model.rows()].count(model) == 1


# ---- downloads -----------------------------------------------------------------------


@pytest.fixture
def server(embedding_model: Path) -> Iterator[FileServer]:
    with FileServer({"minilm.gguf": embedding_model, "other.gguf": embedding_model}) as running:
        yield running


def served(server: FileServer, embedding_model: Path, name: str) -> CatalogEntry:
    template = next(e for e in load_catalog() if e.kind == "embedding")
    remote = RemoteFile(
        name, server.url(name), size_bytes=embedding_model.stat().st_size, sha256=MINILM_SHA256
    )
    return dataclasses.replace(template, id=f"test-{name}", name=f"Test {name}", files=(remote,))


def test_a_download_resumes_installs_verifies_and_one_runs_at_a_time(
    qtbot: QtBot,
    page: ModelsPage,
    window: MainWindow,
    server: FileServer,
    embedding_model: Path,
) -> None:
    window.show()
    manager = manager_of(window)
    first, second = (
        served(server, embedding_model, "minilm.gguf"),
        served(server, embedding_model, "other.gguf"),
    )
    manager.catalog = [first, second, *manager.catalog]
    # A download cut short earlier: the page offers to resume it.
    server.behaviour.cut_after["minilm.gguf"] = 5_000_000
    with pytest.raises(Exception, match="resume"):
        download_file(first.files[0], manager.models_dir, retries=0)
    page.refresh()
    page.select_entry(first.id)
    assert cell(page.catalog_model, 0, "Status") == "Download paused: resume"
    assert page.download_button.text() == "&Resume download"

    progress: list[Progress] = []
    page.download_button.click()
    handle = window.task_progress.current()
    assert handle is not None and handle.title == "Downloading Test minilm.gguf"
    handle.progress.connect(progress.append)
    # A second download while one runs is refused with a note, not started.
    assert page.download(second.id) is None
    assert "one download at a time" in page.notice.text()
    finish(qtbot, handle)

    assert cell(page.catalog_model, 0, "Status") == "Installed"
    assert not page.download_button.isEnabled()
    assert any(" of " in p.text for p in progress)
    installed = manager.models_dir / "minilm.gguf"
    row = local_row(page, installed)
    assert cell(page.local_model, row, "Where") == "Catalog"
    assert page.selected_local().path == installed  # type: ignore[union-attr]
    assert "downloaded and verified" in page.notice.text()
    assert window.error_dialogs == []

    assert page.verify_button.isEnabled()
    page.verify_button.click()
    verify = window.task_progress.current()
    assert verify is not None
    finish(qtbot, verify)
    assert "matches its published sha256" in page.notice.text()


def test_cancelling_a_download_is_a_cancel_not_an_error_and_keeps_the_partial_file(
    tmp_path: Path, server: FileServer, embedding_model: Path
) -> None:
    entry = served(server, embedding_model, "minilm.gguf")
    manager = ModelManager(tmp_path / "models", home=tmp_path, env={}, catalog=[entry])
    token = CancelToken()
    # Cancel as soon as the first progress arrives, as the Cancel button would.
    ctx = TaskContext(token, on_progress=lambda _: token.cancel())
    with pytest.raises(Cancelled):
        download_task(ctx, manager, entry.id)
    assert manager.status(entry) == "partial"


# ---- words ---------------------------------------------------------------------------


def test_progress_and_results_read_as_plain_sentences() -> None:
    progress = DownloadProgress(1_200_000_000, 2_000_000_000, 8_400_000, 95, "downloading")
    assert download_text(progress) == "1.2 GB of 2.0 GB · 8.4 MB/s · 2 min left"
    small = DownloadProgress(12_000_000, 25_000_000, 0, None, "verifying")
    assert download_text(small) == "checking 12 MB of 25 MB"
    chat = FitnessResult(
        kind="chat",
        load_seconds=0.4,
        memory_mb=521.3,
        checked_at="",
        first_token_seconds=0.13,
        tokens_per_second=20.1,
        structured_valid=4,
        structured_total=5,
    )
    assert fitness_text(chat) == "20.1 tok/s · first token 0.13 s · 4/5 valid · 521 MB"
    embedding = FitnessResult(
        kind="embedding", load_seconds=0.21, memory_mb=45, checked_at="", chunks_per_second=64.2
    )
    assert fitness_text(embedding) == "64 chunks/s · loads in 0.2 s · 45 MB"


# ---- models on a server ----------------------------------------------------------------


def test_a_server_model_is_listed_added_and_chosen_and_the_page_says_where_it_runs(
    qtbot: QtBot, page: ModelsPage, window: MainWindow
) -> None:
    """A real HTTP server on 127.0.0.1 plays the model server (the words do not matter
    here; tests/models/test_remote_pipelines.py runs the real llama.cpp server)."""
    from tests.models.status_server import Script, StatusServer

    window.show()
    with StatusServer(Script(models=["qwen2.5-7b", "nomic-embed"])) as server:
        dialog = page.servers.open_dialog()
        dialog.url.setText(server.url)
        finish(qtbot, dialog.list_models())
        assert [dialog.model.itemText(i) for i in range(dialog.model.count())] == [
            "qwen2.5-7b",
            "nomic-embed",
        ]
        assert "on this computer" in dialog.where.text()
        dialog.name.setText("desktop")
        fields = dialog.fields()
        dialog.reject()
        added = finish(qtbot, page.servers.add(fields))
        assert added and added[0].model == "qwen2.5-7b"
        assert "desktop added" in page.notice.text()

        page.servers.list.setCurrentRow(0)
        assert page.servers.use_button.isEnabled() and page.servers.test_button.isEnabled()
        with qtbot.waitSignal(page.chat_model_chosen) as chosen:
            page.servers.use_button.click()
        assert chosen.args[0].name == "desktop"
    assert "desktop (qwen2.5-7b), on this computer" in page.active_box.text("chat")
    assert manager_of(window).active("chat") is None  # the local one is set aside


def test_a_public_server_address_is_refused_in_words(
    qtbot: QtBot, page: ModelsPage, window: MainWindow
) -> None:
    window.show()
    page.servers.add({"name": "cloud", "url": "http://8.8.8.8:8080/v1", "model": "x"})
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=TASK_TIMEOUT_MS)
    text = window.error_dialogs[-1].message.text()
    assert "public address" in text and "CV and answers" in text
    assert manager_of(window).remote.all() == []
    window.error_dialogs[-1].reject()
