"""Starts the window: services, logging, Qt, theme, task runner, main window."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.data_keys import PassphraseRequest
from app.data_safety import ServicesDataSafety
from app.logs import setup_logging, stop_logging
from app.model_loading import ChatModelLoader, EmbedderLoader, SpeechModelLoader
from app.services import Services, build_services
from app.tasks import TaskRunner
from app.wipe import wipe
from coach.errors import ErrorReport, UserError, outline, report_for
from models.host import ModelHost
from ui.error_dialog import ErrorDialog
from ui.main_window import MainWindow
from ui.pages.settings_data import tell_wiped
from ui.passphrase_dialog import ask_passphrase
from ui.theme import ThemeFollower

log = logging.getLogger("loopcoach")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


def _peak_rss_kib() -> int:
    try:
        import resource  # noqa: PLC0415  (POSIX only)
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class _QuitWhenPainted(QObject):
    """For bench/startup.py: report the moment the window first paints, then quit."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"window-shown {time.time():.6f} {_peak_rss_kib()}", flush=True)
            watched.removeEventFilter(self)
            QApplication.quit()
        return False


def run_gui(home: str | None = None, *, quit_after_show: bool = False) -> int:
    app = cast(QApplication | None, QApplication.instance()) or QApplication(sys.argv)
    app.setApplicationName("Loopcoach")
    app.setApplicationDisplayName("Loopcoach")
    app.setDesktopFileName("loopcoach")
    try:
        services = build_services(
            home, ask_passphrase=_ask_in_window, tell_damage=lambda _: None
        )  # damage is shown once the window is up
    except UserError as exc:
        ErrorDialog(report_for(exc, "opening your data folder")).exec()
        return 1
    log_path = setup_logging(services.paths.logs)
    qInstallMessageHandler(_qt_message)
    log.info("starting; data folder %s", services.paths.root)

    theme = ThemeFollower(app, services.settings.theme)
    runner = TaskRunner(on_task_end=services.db.release_thread)
    host = ModelHost(n_threads=services.settings.threads or None)
    # Dictation asks for the speech model each time it transcribes: loaded (when one is
    # chosen) after the window is up, like the chat and embedding models.
    speech = SpeechModelLoader(services.models, n_threads=services.settings.threads or None)
    window = MainWindow(
        runner=runner,
        profiles=services.profiles,
        settings=services.settings,
        save_settings=services.save_settings,
        data_folder=services.paths.root,
        state_file=services.paths.window_state,
        models=services.models,
        library=(library := services.open_library()),
        refresh=services.refresh(),
        chat_model=lambda: host.chat,
        drills=services.drills(),
        stories=services.stories(),
        prep=services.prep(lambda: library.embedder),
        dictation=services.dictation(speech.current),
        data_safety=ServicesDataSafety(services, runner),
    )
    window.theme_requested.connect(theme.set_mode)
    wipe = _WipeRequest(window)
    speech.attach(window)
    loader = ChatModelLoader(window, host, services.models)
    embedders = EmbedderLoader(window, library, services.models)

    def unexpected(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """A bug in a slot: log it, tell the candidate, keep running."""
        log.error("unhandled exception: %s", outline(exc))
        report = report_for(exc, "handling that")
        window.show_error(
            ErrorReport(
                message=report.message,
                hint=f"{report.hint} The log is at {log_path}.",
                details=report.details,
                expected=report.expected,
            )
        )

    sys.excepthook = unexpected
    if quit_after_show:
        painted = _QuitWhenPainted(window)
        window.installEventFilter(painted)
    window.show()
    _tell_damage(window, services.damage)
    if not quit_after_show:
        window.show_welcome_if_needed()
        # After the window is up: loading a model never delays the first paint.
        QTimer.singleShot(0, loader.load_active)
        QTimer.singleShot(0, embedders.load_active)
        QTimer.singleShot(0, speech.load_active)
    code = app.exec()
    if not runner.shutdown():
        log.warning("a background task did not stop within the shutdown timeout")
    host.unload()
    embedders.close()
    speech.close()
    services.close()
    log.info("stopped with code %s", code)
    if wipe.keep_models is not None:
        _wipe_after_exit(services, keep_models=wipe.keep_models)
    return code


def _tell_damage(window: MainWindow, sentences: list[str]) -> None:
    """Damaged values, said when the window opens (see coach/storage/damage.py)."""
    if not sentences:
        return
    first, *rest = sentences
    more = f" {len(rest)} more damaged: see Details." if rest else ""
    window.show_error(
        ErrorReport(first, more.strip(), details="\n\n".join(sentences), expected=True)
    )


class _WipeRequest:
    """Settings → Delete all my data: close the window; the deleting happens once every
    service is closed (see _wipe_after_exit). Staying open (the candidate kept unsaved
    edits) cancels the request."""

    def __init__(self, window: MainWindow) -> None:
        self.keep_models: bool | None = None
        self._window = window
        window.wipe_requested.connect(self._requested)

    def _requested(self, keep_models: bool) -> None:
        self.keep_models = keep_models
        self._window.close()
        if self._window.isVisible():
            self.keep_models = None


def _wipe_after_exit(services: Services, *, keep_models: bool) -> None:
    stop_logging()  # the log file is in the data folder
    try:
        report = wipe(services.paths, services.keys, keep_models=keep_models)
    except (OSError, UserError) as exc:
        tell_wiped([f"Not everything could be deleted: {exc}"])
        return
    lines = [f"Your data and its keys are deleted from {services.paths.root}."]
    if report.left:
        lines.append("Files that are not Loopcoach's were left alone:")
        lines += [f"  {path.name}" for path in report.left]
    tell_wiped(lines)


def _ask_in_window(request: PassphraseRequest) -> str | None:
    if request.purpose == "new":
        return ask_passphrase(
            "Choose a passphrase",
            "This computer has no keyring to keep Loopcoach's key, so your data is sealed "
            "with a passphrase you choose. Loopcoach asks for it each time it starts. "
            "Without it your data cannot be opened: keep it somewhere safe.",
            choose=True,
        )
    return ask_passphrase(
        "Unlock Loopcoach",
        f"Type the passphrase of your data in {request.folder}.",
        choose=False,
        problem=request.problem,
    )
