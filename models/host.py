"""Keeps the active chat model loaded between turns, so llama.cpp's cached prompt
prefix survives from one question to the next. One chat model at a time."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.chat_engine import ChatEngine


class ModelHost:
    def __init__(self, *, n_threads: int | None = None) -> None:
        self._n_threads = n_threads
        self._chat: ChatEngine | None = None
        self._lock = threading.Lock()

    @property
    def chat(self) -> ChatEngine | None:
        return self._chat

    def load_chat(self, path: Path, *, allow_low_memory: bool = False) -> ChatEngine:
        """Load `path` (closing the previous model); a no-op if it is already loaded."""
        with self._lock:
            if self._chat is not None and self._chat.path == path:
                return self._chat
            self._close()
            # Imported here: llama.cpp and numpy take a quarter second to import, which
            # the window's start-up should not pay before anyone picks a model.
            from models.chat_engine import ChatEngine  # noqa: PLC0415

            self._chat = ChatEngine(
                path, n_threads=self._n_threads, allow_low_memory=allow_low_memory
            )
            return self._chat

    def unload(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._chat is not None:
            self._chat.close()
            self._chat = None
