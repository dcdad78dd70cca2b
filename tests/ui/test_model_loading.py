"""Choosing a chat model loads it in the background on the real llama.cpp engine,
and the status bar follows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.model_loading import ChatModelLoader
from models.host import ModelHost
from ui.main_window import NO_MODEL_TEXT, MainWindow


def test_choosing_a_chat_model_loads_it_and_the_status_bar_follows(
    qtbot: QtBot, make_window: Callable[..., MainWindow], chat_model_path: Path
) -> None:
    window = make_window()
    host = ModelHost(n_threads=2)
    manager = window.services.models  # type: ignore[attr-defined]
    loader = ChatModelLoader(window, host, manager)  # Qt holds only a weak reference
    try:
        with qtbot.waitSignal(window.models_page.add_model(chat_model_path).succeeded):
            pass
        window.models_page.use(chat_model_path)
        qtbot.waitUntil(lambda: window.model_label.text().startswith("Loading"), timeout=5000)
        qtbot.waitUntil(lambda: window.model_label.text() == "Model: Gemma 3 270m", timeout=60000)
        assert host.chat is not None and host.chat.path == chat_model_path
        assert manager.active("chat").path == chat_model_path
        assert loader is not None
    finally:
        host.unload()


def test_a_model_that_fails_to_load_leaves_rule_based_coaching(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path, chat_model_path: Path
) -> None:
    window = make_window()
    host = ModelHost(n_threads=2)
    loader = ChatModelLoader(window, host, window.services.models)  # type: ignore[attr-defined]
    cut = tmp_path / "cut.gguf"
    with chat_model_path.open("rb") as handle:
        cut.write_bytes(handle.read(30_000_000))
    loader.load(cut)
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=10000)
    assert "cannot be loaded" in window.error_dialogs[-1].message.text()
    assert window.model_label.text() == NO_MODEL_TEXT
    assert host.chat is None
