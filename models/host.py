"""Keeps the active chat model loaded between turns, so llama.cpp's cached prompt
prefix survives from one question to the next. One chat model at a time: in-process
(a GGUF file) or on a model server (see remote_engine.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from models.chat_engine import ChatEngine
    from models.remote_engine import RemoteChatEngine

    Engine = ChatEngine | RemoteChatEngine

E = TypeVar("E", bound="Engine")


class ModelHost:
    def __init__(self, *, n_threads: int | None = None) -> None:
        self._n_threads = n_threads
        self._chat: Engine | None = None
        self._key: Any = None  # what is loaded: a path, or ("remote", settings)
        self._lock = threading.Lock()

    @property
    def chat(self) -> Engine | None:
        return self._chat

    def load_chat(self, path: Path, *, allow_low_memory: bool = False) -> ChatEngine:
        """Load `path` (closing the previous model); a no-op if it is already loaded."""

        def load() -> ChatEngine:
            # Imported here: llama.cpp and numpy take a quarter second to import, which
            # the window's start-up should not pay before anyone picks a model.
            from models.chat_engine import ChatEngine  # noqa: PLC0415

            return ChatEngine(path, n_threads=self._n_threads, allow_low_memory=allow_low_memory)

        return self._load(path, load)

    def load_remote(self, key: Any, connect: Callable[[], RemoteChatEngine]) -> RemoteChatEngine:
        """Connect to a server model (closing the previous model); `key` tells whether the
        same settings are already connected."""
        return self._load(("remote", key), connect)

    def _load(self, key: Any, make: Callable[[], E]) -> E:
        with self._lock:
            if self._chat is not None and self._key == key:
                # The same key means the same kind of engine.
                return self._chat  # type: ignore[return-value]
            self._close()
            engine = make()
            self._chat, self._key = engine, key
            return engine

    def unload(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._chat is not None:
            self._chat.close()
            self._chat = None
            self._key = None
