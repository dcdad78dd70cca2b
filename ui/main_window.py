"""The main window: a sidebar of pages, a status bar that tells the coaching mode,
background work with progress and cancel, and readable errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.profile import Profile, ProfileStore
from coach.settings import Settings
from coach.tasks import Lane
from models.manager import ModelManager
from ui.confirm import ask
from ui.error_dialog import ErrorDialog
from ui.pages.catalog import PAGES, PageSpec
from ui.pages.library_page import LibraryPage
from ui.pages.models_page import ModelsPage
from ui.pages.opportunities_page import OpportunitiesPage
from ui.pages.placeholder import PlaceholderPage
from ui.pages.practice_page import PracticePage
from ui.pages.resume_page import ResumePage
from ui.pages.settings_data import DataBox, DataSafety
from ui.pages.settings_page import SettingsPage
from ui.pages.stories_page import StoriesPage
from ui.task_progress import TaskProgress
from ui.tasking import TaskSubmitter
from ui.welcome import WelcomeDialog

if TYPE_CHECKING:
    from coach.delivery.service import DictationService
    from coach.drills.service import DrillService
    from coach.library.service import Library
    from coach.library.store import StoredRole
    from coach.prep.service import PrepService
    from coach.protocols import ChatModel
    from coach.refresh.service import RefreshService
    from coach.stories.bank import StoryBank

log = logging.getLogger(__name__)

NO_MODEL_TEXT = "No model loaded: rule-based coaching"


class MainWindow(QMainWindow):
    theme_requested = Signal(str)
    # The candidate made a model active on the Models page: the app loads it (on the
    # model lane) and calls set_model with its name.
    chat_model_chosen = Signal(object)  # pathlib.Path
    model_chosen = Signal(str, object)  # kind ("chat", "embedding", "speech"), pathlib.Path
    # Settings → Delete all my data, confirmed: the app closes everything, then deletes.
    wipe_requested = Signal(bool)  # keep downloaded models

    def __init__(
        self,
        *,
        runner: TaskSubmitter,
        profiles: ProfileStore,
        settings: Settings,
        save_settings: Callable[[Settings], None],
        data_folder: Path,
        state_file: Path,
        models: ModelManager,
        library: Library,
        refresh: RefreshService | None = None,
        chat_model: Callable[[], ChatModel | None] = lambda: None,
        drills: DrillService | None = None,
        stories: StoryBank | None = None,
        prep: PrepService | None = None,
        dictation: DictationService | None = None,
        data_safety: DataSafety | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Loopcoach")
        self._runner = runner
        self._profiles = profiles
        self.settings = settings
        self._state = QSettings(str(state_file), QSettings.Format.IniFormat)
        self.error_dialogs: list[ErrorDialog] = []
        self.welcome: WelcomeDialog | None = None

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.settings_page = SettingsPage(
            profiles,
            settings,
            save_settings,
            DataBox(data_folder, data_safety, self.run_task, self.show_error),
        )
        self.settings_page.data_box.wipe_requested.connect(self.wipe_requested)
        self.settings_page.profile_changed.connect(self._show_profile)
        self.settings_page.settings_changed.connect(self._settings_changed)
        self._model_folders = list(settings.model_folders)
        self.models_page = ModelsPage(models, run_task=self.run_task, show_error=self.show_error)
        self.models_page.chat_model_chosen.connect(self.chat_model_chosen)
        self.models_page.model_chosen.connect(self.model_chosen)
        self.library = library
        self.library_page = LibraryPage(library, run_task=self.run_task, show_error=self.show_error)
        self._refresh = refresh
        self.dictation = dictation  # None: no dictation bars, typing only
        self.resume_page = self._resume_page(refresh, chat_model) if refresh else None
        self.practice_page = self._practice_page(drills, chat_model) if drills else None
        self.stories_page = self._stories_page(stories) if stories else None
        self.opportunities_page = (
            self._opportunities_page(prep, chat_model, refresh is not None) if prep else None
        )
        for spec in PAGES:
            self._add_page(spec)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.task_progress = TaskProgress()
        self.model_label = QLabel(NO_MODEL_TEXT)
        self.model_label.setObjectName("modeBadge")
        self.profile_label = QLabel()
        self.profile_label.setObjectName("modeBadge")
        status = self.statusBar()
        status.addPermanentWidget(self.task_progress)
        status.addPermanentWidget(self.profile_label)
        status.addPermanentWidget(self.model_label)

        self._build_menus()
        self._show_profile(profiles.load())
        self._restore_state()

    # ---- pages and navigation -------------------------------------------------------

    def _resume_page(
        self, refresh: RefreshService, chat_model: Callable[[], ChatModel | None]
    ) -> ResumePage:
        page = ResumePage(
            refresh,
            profiles=self._profiles,
            cv_documents=lambda: self.library.documents("cv"),
            chat_model=chat_model,
            recency_years=lambda: self.settings.recency_years,
            show_page=self.show_page,
            dictation=self.dictation,
            **self._page_services(),
        )
        self.library_page.changed.connect(page.refresh)
        self.settings_page.profile_changed.connect(page.profile_changed)
        return page

    def _page_services(self) -> dict[str, Any]:
        """What every coaching page is handed: background work, errors, questions, status."""
        return {
            "run_task": self.run_task,
            "show_error": self.show_error,
            "confirm": self.confirm,
            "show_status": lambda text: self.statusBar().showMessage(text, 15000),
        }

    def _practice_page(
        self, drills: DrillService, chat_model: Callable[[], ChatModel | None]
    ) -> PracticePage:
        page = PracticePage(
            drills,
            profiles=self._profiles,
            chat_model=chat_model,
            postings=lambda: self.library.documents("posting"),
            posting_text=self.library.store.document_text,
            show_page=self.show_page,
            dictation=self.dictation,
            **self._page_services(),
        )
        self.settings_page.profile_changed.connect(page.profile_changed)
        return page

    def _stories_page(self, bank: StoryBank) -> StoriesPage:
        page = StoriesPage(
            bank,
            profiles=self._profiles,
            roles=self._cv_roles,
            dictation=self.dictation,
            **self._page_services(),
        )
        self.library_page.changed.connect(page.refresh)
        self.settings_page.profile_changed.connect(page.profile_changed)
        return page

    def _opportunities_page(
        self,
        prep: PrepService,
        chat_model: Callable[[], ChatModel | None],
        can_mine: bool,
    ) -> OpportunitiesPage:
        page = OpportunitiesPage(
            prep,
            profiles=self._profiles,
            **self._page_services(),
            mine_story=self.mine_story if can_mine else None,
            chat_model=chat_model,
        )
        self.library_page.changed.connect(page.refresh)
        self.settings_page.profile_changed.connect(page.profile_changed)
        return page

    def _cv_roles(self) -> list[StoredRole]:
        cvs = self.library.documents("cv")
        return self.library.roles(cvs[-1].id) if cvs else []

    def mine_story(self, role_id: int, question: str, note: str) -> None:
        """Put a prep gap's question to the candidate in Résumé refresh, and go there."""
        profile = self._profiles.load()
        if self._refresh is None or self.resume_page is None or profile is None:
            return
        try:
            self._refresh.ask_about(role_id, profile.level, question, note=note)
        except Exception as exc:  # shown in the error dialog, never a traceback
            self.show_error(report_for(exc, "sending the question to Résumé refresh"))
            return
        self.show_page("resume")
        self.resume_page.open_role(role_id)

    def _add_page(self, spec: PageSpec) -> None:
        built: dict[str, QWidget] = {
            "settings": self.settings_page,
            "models": self.models_page,
            "library": self.library_page,
        }
        if self.resume_page is not None:
            built["resume"] = self.resume_page
        if self.practice_page is not None:
            built["practice"] = self.practice_page
        if self.stories_page is not None:
            built["stories"] = self.stories_page
        if self.opportunities_page is not None:
            built["opportunities"] = self.opportunities_page
        page = (
            built[spec.key]
            if spec.key in built
            else PlaceholderPage(spec.title, spec.summary, list(spec.coming))
        )
        page.setObjectName(f"page-{spec.key}")
        self.pages[spec.key] = page
        self.stack.addWidget(page)
        item = QListWidgetItem(self.style().standardIcon(spec.icon), spec.title)
        item.setData(Qt.ItemDataRole.UserRole, spec.key)
        self.sidebar.addItem(item)

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow(list(self.pages).index(key))

    @property
    def current_page(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu("&Go")
        for number, spec in enumerate(PAGES, start=1):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=spec.key: self.show_page(key))
            go_menu.addAction(action)
        preferences = QAction("Settings…", self)
        preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        if preferences.shortcut().isEmpty():
            preferences.setShortcut(QKeySequence("Ctrl+,"))
        preferences.triggered.connect(lambda: self.show_page("settings"))
        go_menu.addSeparator()
        go_menu.addAction(preferences)

        help_menu = self.menuBar().addMenu("&Help")
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self._show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction("&About Loopcoach", self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel.activated.connect(self.task_progress.cancel_current)

    def _show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>Ctrl+{number}</td><td>{spec.title}</td></tr>"
            for number, spec in enumerate(PAGES, start=1)
        )
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            f"<table cellpadding=3>{rows}"
            "<tr><td>Ctrl+,</td><td>Settings</td></tr>"
            "<tr><td>Esc</td><td>Cancel the running task</td></tr>"
            "<tr><td>Ctrl+Enter</td><td>Résumé: send your answer</td></tr>"
            "<tr><td>Alt+S</td><td>Résumé: skip the question</td></tr>"
            "<tr><td>Alt+D</td><td>Résumé: enough questions, draft now</td></tr>"
            "<tr><td>Ctrl+E</td><td>Résumé: export</td></tr>"
            "<tr><td>Ctrl+Enter</td><td>Practice: send your answer</td></tr>"
            "<tr><td>Ctrl+Shift+Enter</td><td>Practice: finish and score the drill</td></tr>"
            "<tr><td>F9 (hold)</td><td>Dictate into the answer box; let go to stop</td></tr>"
            "<tr><td>Ctrl+Q</td><td>Quit</td></tr></table>",
        )

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Loopcoach",
            "<b>Loopcoach</b><p>A local-first coach for Senior to Principal engineering "
            "interviews. Everything stays on this computer.</p>",
        )

    # ---- status --------------------------------------------------------------------

    def set_model(self, name: str | None, *, loading: str = "") -> None:
        """The status bar's coaching mode: the loaded chat model, one being loaded, or none."""
        if loading:
            self.model_label.setText(f"Loading {loading}…")
        else:
            self.model_label.setText(f"Model: {name}" if name else NO_MODEL_TEXT)
        if self.resume_page is not None:
            self.resume_page.refresh_mode()
        if self.practice_page is not None:
            self.practice_page.refresh_mode()

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before something risky; Cancel is the default button."""
        return ask(self, title, text, action)

    def _settings_changed(self, settings: Settings) -> None:
        recency_changed = settings.recency_years != self.settings.recency_years
        self.settings = settings
        self.theme_requested.emit(settings.theme)
        if recency_changed and self.resume_page is not None:
            self.resume_page.refresh()
        if settings.model_folders != self._model_folders:
            self._model_folders = list(settings.model_folders)
            self.models_page.rescan_if_scanned()  # a new folder may hold models

    def _show_profile(self, profile: Profile | None) -> None:
        if profile is None:
            self.profile_label.setText("No target level yet")
        else:
            self.profile_label.setText(f"Target: {profile.level.label} · {profile.track.label}")

    # ---- first run -----------------------------------------------------------------

    def show_welcome_if_needed(self) -> bool:
        if self._profiles.load() is not None:
            return False
        self.welcome = WelcomeDialog(self)
        self.welcome.accepted.connect(self._welcome_done)
        self.welcome.open()
        return True

    def _welcome_done(self) -> None:
        assert self.welcome is not None
        profile = self.welcome.profile()
        self._profiles.save(profile)
        self._show_profile(profile)
        self.settings_page.load()
        if self.resume_page is not None:
            self.resume_page.profile_changed(profile)
        if self.practice_page is not None:
            self.practice_page.profile_changed(profile)
        self.statusBar().showMessage(
            f"Preparing for {profile.level.label} ({profile.track.label}).", 5000
        )

    # ---- background work -----------------------------------------------------------

    def run_task(
        self,
        fn: Callable[..., Any],
        *args: Any,
        title: str,
        lane: Lane = Lane.GENERAL,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[ErrorReport], Any] | None = None,
    ) -> Any:
        """Run `fn(ctx, *args)` in the background with progress, Cancel and error dialog.

        `on_error` replaces the error dialog (it may still call `show_error`), for a
        caller that can sometimes recover, e.g. by asking for a PDF's password."""
        handle = self._runner.submit(fn, *args, title=title, lane=lane)
        self.task_progress.track(handle)
        if on_result is not None:
            handle.succeeded.connect(on_result)
        handle.failed.connect(on_error or self.show_error)
        handle.cancelled.connect(lambda: self.statusBar().showMessage(f"{title}: cancelled.", 5000))
        return handle

    def show_error(self, report: ErrorReport) -> ErrorDialog:
        # The message stays on screen: it may quote a file name or the candidate's words.
        log.info("showing an error (%s)", "expected" if report.expected else "a bug")
        dialog = ErrorDialog(report, self)
        self.error_dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self.error_dialogs.remove(dialog))
        dialog.open()
        return dialog

    # ---- window state --------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self._state.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)
        state = self._state.value("window/state")
        if state is not None:
            self.restoreState(state)
        page = self._state.value("window/page", "library")
        self.show_page(page if page in self.pages else "library")

    def save_state(self) -> None:
        self._state.setValue("window/geometry", self.saveGeometry())
        self._state.setValue("window/state", self.saveState())
        self._state.setValue("window/page", self.current_page)
        self._state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and self.stories_page and not self.stories_page.may_close():
            event.ignore()  # the candidate chose to stay with unsaved story edits
            return
        self.save_state()
        super().closeEvent(event)
