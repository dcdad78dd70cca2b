"""The one background-task runner for Qt.

A plain callable `fn(ctx, *args)` (or a generator function, whose yields are partial
results) runs on a QThreadPool worker. Progress, partial results, the result and
errors come back as signals of a `TaskHandle` that lives on the GUI thread;
cancellation is the Qt-free `CancelToken` in `ctx`. Workers never touch widgets and
pass no Qt objects across threads.

The window depends only on `submit` (see ui/tasking.py), so ui/ needs no import of app/.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from coach.errors import ErrorReport, outline, report_for
from coach.tasks import Cancelled, CancelToken, Lane, Progress, TaskContext

log = logging.getLogger(__name__)


class _WorkerSignals(QObject):
    """Emitted from the worker thread; delivered queued to the handle on the GUI thread."""

    progress = Signal(object)
    partial = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class TaskHandle(QObject):
    """The GUI thread's view of one task. Exactly one of succeeded, failed or
    cancelled fires, then finished."""

    progress = Signal(object)  # coach.tasks.Progress
    partial = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # coach.errors.ErrorReport
    cancelled = Signal()
    finished = Signal()

    def __init__(self, title: str, token: CancelToken) -> None:
        super().__init__()
        self.title = title
        self.token = token
        self.running = True
        self.last_progress: Progress | None = None

    def cancel(self) -> None:
        self.token.cancel()

    @Slot(object)
    def _on_progress(self, value: Progress) -> None:
        self.last_progress = value
        self.progress.emit(value)

    @Slot(object)
    def _on_partial(self, value: object) -> None:
        self.partial.emit(value)

    @Slot(object)
    def _on_succeeded(self, value: object) -> None:
        self._end(self.succeeded, value)

    @Slot(object)
    def _on_failed(self, report: ErrorReport) -> None:
        self._end(self.failed, report)

    @Slot()
    def _on_cancelled(self) -> None:
        self._end(self.cancelled)

    def _end(self, signal: Any, *value: object) -> None:
        self.running = False
        signal.emit(*value)
        self.finished.emit()


class _Worker(QRunnable):
    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        title: str,
        token: CancelToken,
        signals: _WorkerSignals,
        *,
        on_end: Callable[[], None],
    ) -> None:
        super().__init__()
        self._on_end = on_end
        self._fn = fn
        self._args = args
        self._title = title
        self._token = token
        self._signals = signals

    def run(self) -> None:
        try:
            self._run()
        finally:
            # Before the next task reuses this pool thread: its database connection goes.
            self._on_end()

    def _run(self) -> None:
        signals = self._signals
        ctx = TaskContext(self._token, signals.progress.emit, signals.partial.emit)
        try:
            ctx.check()
            result = self._fn(ctx, *self._args)
            if inspect.isgenerator(result):
                result = _drain(result, ctx)
            ctx.check()
        except Cancelled:
            signals.cancelled.emit()
        except Exception as exc:
            # Not the title nor the message: either can hold the candidate's words.
            log.error("a background task failed: %s", outline(exc))
            signals.failed.emit(report_for(exc, _as_activity(self._title)))
        else:
            signals.succeeded.emit(result)


def _as_activity(title: str) -> str:
    """ "Reading your CV" -> "reading your CV", to follow "while"."""
    return title[:1].lower() + title[1:]


def _drain(gen: Any, ctx: TaskContext) -> Any:
    """Run a generator task: each yield is a partial result; its return value is the result."""
    try:
        while True:
            try:
                item = next(gen)
            except StopIteration as stop:
                return stop.value
            ctx.partial(item)
    finally:
        gen.close()


def _nothing() -> None:
    pass


class TaskRunner(QObject):
    def __init__(
        self, parent: QObject | None = None, *, on_task_end: Callable[[], None] = _nothing
    ) -> None:
        """`on_task_end` runs on the worker thread after each task (app/gui.py closes that
        thread's database connection there)."""
        super().__init__(parent)
        self._on_task_end = on_task_end
        self._pools = {lane: QThreadPool(self) for lane in Lane}
        self._pools[Lane.MODEL].setMaxThreadCount(1)
        self._pools[Lane.INGEST].setMaxThreadCount(1)
        self._active: set[TaskHandle] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        title: str,
        lane: Lane = Lane.GENERAL,
    ) -> TaskHandle:
        """Start `fn(ctx, *args)` in the background. `title` reads as an activity
        ("Reading your CV") and names the task in progress and error messages."""
        token = CancelToken()
        # No Qt parent: the runner's set owns the handle until it finishes, so a runner
        # torn down from inside a handle's destructor cannot delete that handle twice.
        handle = TaskHandle(title, token)
        signals = _WorkerSignals()
        queued = Qt.ConnectionType.QueuedConnection
        signals.progress.connect(handle._on_progress, queued)
        signals.partial.connect(handle._on_partial, queued)
        signals.succeeded.connect(handle._on_succeeded, queued)
        signals.failed.connect(handle._on_failed, queued)
        signals.cancelled.connect(handle._on_cancelled, queued)
        # The handle keeps its worker's signals object alive until the task ends.
        handle._signals = signals  # type: ignore[attr-defined]
        self._active.add(handle)
        handle.finished.connect(self._forget)
        self._pools[lane].start(_Worker(fn, args, title, token, signals, on_end=self._on_task_end))
        return handle

    @Slot()
    def _forget(self) -> None:
        handle = self.sender()
        if isinstance(handle, TaskHandle):
            self._active.discard(handle)
            handle.deleteLater()

    @property
    def active(self) -> list[TaskHandle]:
        return [handle for handle in self._active if handle.running]

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel everything and wait for the workers; False if one would not stop."""
        for handle in list(self._active):
            handle.cancel()
        return all(pool.waitForDone(timeout_ms) for pool in self._pools.values())
