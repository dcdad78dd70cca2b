from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.data_safety import ServicesDataSafety
from app.services import Services, build_services
from app.tasks import TaskRunner
from coach.profile import Profile
from models.manager import ModelManager
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_widget_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Delete every window a test leaves, now, rather than whenever Python's GC runs.

    A window kept alive only by a reference cycle is destroyed by whichever later
    allocation triggers a collection; if that happens while Qt walks all widgets (an
    app-wide restyle), Qt touches a freed widget and the run segfaults.
    """
    yield
    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot: QtBot, home: Path) -> Iterator[Callable[..., MainWindow]]:
    """Build a main window on the test's data folder, as the app does; cleans up after."""
    opened: list[tuple[MainWindow, TaskRunner, Services]] = []
    # Discovery looks in an empty stand-in for the user's home, never the real one.
    user_home = home.parent / "user-home"
    user_home.mkdir(exist_ok=True)

    def make(
        profile: Profile | None = None,
        embedder: Any = None,
        chat_model: Any = None,
        transcriber: Any = None,
    ) -> MainWindow:
        services = build_services(home)
        if profile is not None:
            services.profiles.save(profile)
        runner = TaskRunner()
        # The extra folders come from the settings at each scan, as in the app, so a test
        # adds a folder the way the candidate does: in Settings.
        models = ModelManager(
            services.paths.models,
            extra_folders=services.extra_model_folders,
            home=user_home,
            env={},
        )
        window = MainWindow(
            runner=runner,
            profiles=services.profiles,
            settings=services.settings,
            save_settings=services.save_settings,
            data_folder=services.paths.root,
            state_file=services.paths.window_state,
            models=models,
            library=(library := services.open_library(embedder=embedder)),
            refresh=services.refresh(),
            chat_model=lambda: chat_model,
            drills=services.drills(),
            stories=services.stories(),
            prep=services.prep(lambda: library.embedder),
            # Dictation as in the app: the bars are there; with no transcriber (no speech
            # model chosen) transcribing says to choose one.
            dictation=services.dictation(lambda: transcriber),
            data_safety=ServicesDataSafety(services, runner),
        )
        qtbot.addWidget(window)
        window.services = services  # type: ignore[attr-defined]
        window.models = models  # type: ignore[attr-defined]
        opened.append((window, runner, services))
        return window

    yield make
    for window, runner, services in opened:
        window.close()
        assert runner.shutdown(5000)
        services.close()
