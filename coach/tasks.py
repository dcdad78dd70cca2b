"""Qt-free pieces of background work: cancellation and progress.

Domain code receives a `TaskContext` and calls `ctx.check()` between pages, chunks
and tokens, `ctx.progress(...)` as it goes and `ctx.partial(...)` for streamed
results. The app's Qt task runner turns those calls into signals; tests and the
CLI can use a plain context with no Qt at all.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Lane(enum.Enum):
    """Where a task runs. The model and ingestion lanes run one task at a time
    (one inference per loaded model; one writer of documents); general is parallel."""

    GENERAL = "general"
    MODEL = "model"
    INGEST = "ingest"


class Cancelled(Exception):
    """Raised inside a task when its cancel token was set."""


class CancelToken:
    """A thread-safe flag that the GUI sets and the worker polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; return True early if cancelled."""
        return self._event.wait(timeout)


@dataclass(frozen=True)
class Progress:
    done: float
    total: float | None = None  # None: indeterminate
    text: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


def _ignore(_: Any) -> None:
    return None


class TaskContext:
    """What a running task may do: report, stream, and notice cancellation."""

    def __init__(
        self,
        token: CancelToken | None = None,
        on_progress: Callable[[Progress], None] = _ignore,
        on_partial: Callable[[Any], None] = _ignore,
    ) -> None:
        self.token = token or CancelToken()
        self._on_progress = on_progress
        self._on_partial = on_partial

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def check(self) -> None:
        self.token.raise_if_cancelled()

    def progress(self, done: float, total: float | None = None, text: str = "") -> None:
        self.check()
        self._on_progress(Progress(done, total, text))

    def partial(self, value: Any) -> None:
        self.check()
        self._on_partial(value)
