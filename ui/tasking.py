"""What the window needs from the app's task runner (app/tasks.py), as a protocol.

The runner is built by the app and handed in; ui/ never imports app/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from coach.tasks import Lane


class TaskSubmitter(Protocol):
    def submit(
        self, fn: Callable[..., Any], *args: Any, title: str, lane: Lane = Lane.GENERAL
    ) -> Any:
        """Start `fn(ctx, *args)` in the background; returns a handle with the signals
        progress, partial, succeeded, failed, cancelled and finished, and `cancel()`."""
        ...
