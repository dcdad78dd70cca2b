from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.services import Services, build_services
from app.tasks import TaskRunner
from coach.profile import Profile
from ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot: QtBot, home) -> Iterator[Callable[..., MainWindow]]:
    """Build a main window on the test's data folder, as the app does; cleans up after."""
    opened: list[tuple[MainWindow, TaskRunner, Services]] = []

    def make(profile: Profile | None = None) -> MainWindow:
        services = build_services(home)
        if profile is not None:
            services.profiles.save(profile)
        runner = TaskRunner()
        window = MainWindow(
            runner=runner,
            profiles=services.profiles,
            settings=services.settings,
            save_settings=services.save_settings,
            data_folder=services.paths.root,
            state_file=services.paths.window_state,
        )
        qtbot.addWidget(window)
        window.services = services  # type: ignore[attr-defined]
        opened.append((window, runner, services))
        return window

    yield make
    for window, runner, services in opened:
        window.close()
        assert runner.shutdown(5000)
        services.close()
