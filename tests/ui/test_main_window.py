from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from coach.profile import Level, Profile, Track
from coach.tasks import TaskContext
from ui.main_window import NO_MODEL_TEXT, MainWindow
from ui.pages.catalog import PAGES
from ui.pages.library_page import LibraryPage
from ui.pages.models_page import ModelsPage
from ui.pages.opportunities_page import OpportunitiesPage
from ui.pages.placeholder import PlaceholderPage
from ui.pages.practice_page import PracticePage
from ui.pages.resume_page import ResumePage
from ui.pages.settings_page import SettingsPage
from ui.pages.stories_page import StoriesPage

MakeWindow = Callable[..., MainWindow]


STAFF_SRE = Profile(Level.STAFF, Track.SRE)


def test_window_starts_and_shows_every_page(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF_SRE)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == [
        "Library",
        "Résumé",
        "Stories",
        "Opportunities",
        "Practice",
        "Models",
        "Settings",
    ]
    for row, spec in enumerate(PAGES):
        window.sidebar.setCurrentRow(row)
        page = window.stack.currentWidget()
        assert page.objectName() == f"page-{spec.key}"
        assert page.isVisible()
        if spec.key == "settings":
            assert isinstance(page, SettingsPage)
        elif spec.key == "models":
            assert isinstance(page, ModelsPage)
        elif spec.key == "library":
            assert isinstance(page, LibraryPage)
        elif spec.key == "resume":
            assert isinstance(page, ResumePage)
        elif spec.key == "practice":
            assert isinstance(page, PracticePage)
        elif spec.key == "stories":
            assert isinstance(page, StoriesPage)
        else:
            assert spec.key == "opportunities"
            assert isinstance(page, OpportunitiesPage)
        assert not isinstance(page, PlaceholderPage)


def test_keyboard_shortcuts_switch_pages(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF_SRE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    for number, spec in enumerate(PAGES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page == spec.key
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "settings"


def test_status_bar_says_which_mode_the_coach_is_in(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF_SRE)
    assert window.model_label.text() == NO_MODEL_TEXT == "No model loaded: rule-based coaching"
    assert window.profile_label.text() == "Target: Staff · SRE"
    window.set_model("Qwen2.5 3B Instruct")
    assert window.model_label.text() == "Model: Qwen2.5 3B Instruct"


def test_window_state_and_page_survive_a_restart(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF_SRE)
    window.show()
    qtbot.waitExposed(window)
    window.resize(720, 580)  # inside the offscreen screen (800x800), above the minimum
    window.show_page("practice")
    saved = window.size()
    window.close()

    again = make_window()
    assert again.current_page == "practice"
    assert again.size() == saved


def test_first_run_welcome_stores_the_profile_which_survives_restart(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    window.show()
    assert window.profile_label.text() == "No target level yet"
    assert window.show_welcome_if_needed()
    welcome = window.welcome
    assert welcome is not None and welcome.isVisible()
    welcome.level.set_value(Level.SENIOR_STAFF)
    welcome.track.set_value(Track.PLATFORM)
    welcome.name.setText("Grace")
    welcome.accept()
    assert window.profile_label.text() == "Target: Senior Staff · Platform"
    window.close()
    window.services.close()  # type: ignore[attr-defined]

    again = make_window()
    assert again.services.profiles.load() == Profile(  # type: ignore[attr-defined]
        Level.SENIOR_STAFF, Track.PLATFORM, "Grace"
    )
    assert not again.show_welcome_if_needed()
    assert again.settings_page.level.value() is Level.SENIOR_STAFF


def test_settings_page_changes_profile_and_preferences(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(STAFF_SRE)
    page = window.settings_page
    page.load()
    page.track.set_value(Track.DATA_ML)
    assert window.profile_label.text() == "Target: Staff · Data/ML"
    with qtbot.waitSignal(window.theme_requested) as blocker:
        page.theme.setCurrentIndex(page.theme.findData("dark"))
    assert blocker.args == ["dark"]
    page.recency.setValue(10)
    stored = window.services.settings_store.load()  # type: ignore[attr-defined]
    assert (stored.theme, stored.recency_years) == ("dark", 10)


def test_a_failing_task_shows_the_error_dialog_and_the_app_keeps_running(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(STAFF_SRE)
    window.show()

    def broken(ctx: TaskContext) -> None:
        raise ZeroDivisionError("division by zero")

    handle = window.run_task(broken, title="Scoring your answer")
    qtbot.waitUntil(lambda: bool(window.error_dialogs), timeout=5000)
    dialog = window.error_dialogs[-1]
    assert dialog.isVisible()
    assert dialog.message.text() == "Something went wrong while scoring your answer."
    visible = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "Traceback" not in visible
    assert not dialog.details.isVisible()
    dialog.toggle_button.click()
    assert dialog.details.isVisible()
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert "ZeroDivisionError" in QGuiApplication.clipboard().text()
    assert not handle.running
    dialog.reject()
    assert window.error_dialogs == []

    results: list[object] = []
    window.run_task(lambda ctx: 42, title="Still working", on_result=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert window.isVisible()


def test_cancel_button_stops_a_running_task(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(STAFF_SRE)
    window.show()
    started = threading.Event()
    stopped_at: list[float] = []

    def long_job(ctx: TaskContext) -> None:
        started.set()
        for i in range(100_000):
            ctx.progress(i, 100_000, f"item {i}")
            time.sleep(0.001)
        stopped_at.append(time.monotonic())

    handle = window.run_task(long_job, title="Indexing")
    assert started.wait(5)
    qtbot.waitUntil(window.task_progress.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: window.task_progress.bar.maximum() == 1000, timeout=2000)
    with qtbot.waitSignal(handle.cancelled, timeout=3000):
        window.task_progress.cancel_button.click()
    assert stopped_at == []  # it never ran to the end
    qtbot.waitUntil(lambda: not window.task_progress.isVisible(), timeout=2000)
    assert "cancelled" in window.statusBar().currentMessage()
