"""Loading the active chat model in the background, with the status bar following it.

The model lane runs one task at a time, so a load never overlaps an inference.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from coach.tasks import Lane, TaskContext
from models.host import ModelHost
from models.manager import ModelManager
from models.memory import memory_fit
from models.remote_store import RemoteModel
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

SPEECH_LOAD_WAIT_S = 120.0  # a transcription waits this long for a speech model loading


def _load(ctx: TaskContext, host: ModelHost, path: Path, allow_low_memory: bool) -> Any:
    ctx.progress(0, None, "reading the model file")
    return host.load_chat(path, allow_low_memory=allow_low_memory)


def _unload(ctx: TaskContext, host: ModelHost) -> None:
    host.unload()


def _connect_chat(
    ctx: TaskContext, host: ModelHost, models: ModelManager, remote: RemoteModel
) -> Any:
    ctx.progress(0, None, f"connecting to {remote.base_url}")
    return host.load_remote(remote, lambda: models.remote.connect_chat(remote))


def where(engine: Any) -> str:
    """The status bar's name of a loaded model: a server model says where it runs."""
    place = getattr(engine, "place", None)
    return f"{engine.name}, {place.describe()}" if place is not None else str(engine.name)


class ChatModelLoader:
    """Connects the window's choice of chat model to the model host. Keep a reference:
    a Qt connection to a plain object's method does not keep that object alive."""

    def __init__(self, window: MainWindow, host: ModelHost, models: ModelManager) -> None:
        self._window = window
        self._host = host
        self._models = models
        window.chat_model_chosen.connect(self.load)

    def load_active(self) -> None:
        remote = self._models.remote.active("chat")
        if remote is not None:
            self.load(remote)
            return
        active = self._models.active("chat")
        if active is not None and active.usable:
            self.load(active.path)

    def load(self, choice: Path | RemoteModel) -> None:
        """Load a GGUF file in-process, or connect to a server model."""
        if isinstance(choice, RemoteModel):
            self._connect(choice)
            return
        path = choice
        name = self._models.describe(path).name
        fit = memory_fit(path)
        allow = False
        if not fit.fits:
            # Warn before loading: a model larger than free memory can stall the machine.
            allow = self._window.confirm(
                f"{name} may not fit in memory",
                f"{fit.describe()} Loading it anyway may make this computer very slow.",
                "Load anyway",
            )
            if not allow:
                return
        self._window.set_model(None, loading=name)
        handle = self._window.run_task(
            _load, self._host, path, allow, title=f"Loading {name}", lane=Lane.MODEL
        )
        handle.succeeded.connect(self._loaded)
        handle.failed.connect(lambda _report: self._window.set_model(None))
        handle.cancelled.connect(self._cancelled)

    def _connect(self, remote: RemoteModel) -> None:
        self._window.set_model(None, loading=f"{remote.name} at {remote.base_url}")
        handle = self._window.run_task(
            _connect_chat, self._host, self._models, remote,
            title=f"Connecting to {remote.name}", lane=Lane.MODEL,
        )  # fmt: skip
        handle.succeeded.connect(self._loaded)
        handle.failed.connect(lambda _report: self._window.set_model(None))
        handle.cancelled.connect(self._cancelled)

    def _loaded(self, engine: Any) -> None:
        log.info("chat model loaded: %s (%s template)", engine.name, engine.template_source)
        self._window.set_model(where(engine))

    def _cancelled(self) -> None:
        # llama.cpp cannot stop a load half-way; drop the model once it is in.
        self._window.run_task(_unload, self._host, title="Unloading the model", lane=Lane.MODEL)
        self._window.set_model(None)


def _load_embedder(ctx: TaskContext, path: Path) -> Any:
    ctx.progress(0, None, "reading the model file")
    from models.embedder import Embedder  # noqa: PLC0415  (loads llama.cpp)

    return Embedder(path)


def _connect_embedder(ctx: TaskContext, models: ModelManager, remote: RemoteModel) -> Any:
    ctx.progress(0, None, f"connecting to {remote.base_url}")
    return models.remote.connect_embedder(remote)


class EmbedderLoader:
    """Gives the library the active embedding model, loaded in the background, so search
    adds meaning to keywords. Keep a reference (see ChatModelLoader)."""

    def __init__(self, window: MainWindow, library: Any, models: ModelManager) -> None:
        self._window = window
        self._library = library
        self._models = models
        self._current: Any = None
        window.model_chosen.connect(self._chosen)

    def load_active(self) -> None:
        remote = self._models.remote.active("embedding")
        if remote is not None:
            self.load(remote)
            return
        active = self._models.active("embedding")
        if active is not None and active.usable:
            self.load(active.path)

    def _chosen(self, kind: str, choice: Path | RemoteModel) -> None:
        if kind == "embedding":
            self.load(choice)

    def load(self, choice: Path | RemoteModel) -> None:
        if isinstance(choice, RemoteModel):
            handle = self._window.run_task(
                _connect_embedder, self._models, choice,
                title=f"Connecting to {choice.name} for search", lane=Lane.MODEL,
            )  # fmt: skip
            handle.succeeded.connect(self._loaded)
            # The library keeps searching by keyword; the window says why.
            handle.failed.connect(
                lambda report: self._window.statusBar().showMessage(
                    f"Keyword search only: {report.message}", 15000
                )
            )
            return
        path = choice
        name = self._models.describe(path).name
        handle = self._window.run_task(
            _load_embedder, path, title=f"Loading {name} for search", lane=Lane.MODEL
        )
        handle.succeeded.connect(self._loaded)

    def _loaded(self, embedder: Any) -> None:
        previous, self._current = self._current, embedder
        self._library.use_embedder(embedder)
        if previous is not None:
            previous.close()
        log.info("embedding model loaded: %s", embedder.name)
        # Passages added with no model, under another one, or restored from a backup.
        self._window.run_task(
            _index_missing, self._library, title="Indexing your library for search",
            lane=Lane.INGEST,
        )  # fmt: skip

    def close(self) -> None:
        self._library.use_embedder(None)
        if self._current is not None:
            self._current.close()
            self._current = None


def _index_missing(ctx: TaskContext, library: Any) -> int:
    from coach.library.reindex import index_missing  # noqa: PLC0415

    return index_missing(library, ctx)


def _load_transcriber(ctx: TaskContext, path: Path, n_threads: int | None) -> Any:
    ctx.progress(0, None, "reading the speech model")
    from models.transcriber import WhisperTranscriber  # noqa: PLC0415  (loads CTranslate2)

    return WhisperTranscriber(path, n_threads=n_threads)


class SpeechModelLoader:
    """Holds the active speech model for dictation, loaded in the background at start
    and whenever one is chosen on the Models page. The dictation service asks
    `current()` each time it transcribes, so a newly loaded model applies at once.

    Built before the window (the window's dictation service asks it for the model), then
    `attach`ed to it. Keep a reference (see ChatModelLoader)."""

    def __init__(self, models: ModelManager, *, n_threads: int | None = None) -> None:
        self._models = models
        self._n_threads = n_threads
        self._window: MainWindow | None = None
        self.transcriber: Any = None
        self._loads = 0  # under way
        self._settled = threading.Event()  # set when none is
        self._settled.set()

    def current(self) -> Any:
        """The speech model, for the dictation service (which asks on a worker thread):
        while one is loading (the model lane may still be loading the chat model first),
        it waits for it rather than report that none is chosen."""
        self._settled.wait(SPEECH_LOAD_WAIT_S)
        return self.transcriber

    def attach(self, window: MainWindow) -> None:
        self._window = window
        window.model_chosen.connect(self._chosen)

    def load_active(self) -> None:
        active = self._models.active("speech")
        if active is not None and active.usable:
            self.load(active.path)

    def _chosen(self, kind: str, path: Path) -> None:
        if kind == "speech":
            self.load(path)

    def load(self, path: Path) -> Any:
        if self._window is None:
            raise RuntimeError("attach the loader to the window first")
        name = self._models.describe(path).name
        handle = self._window.run_task(
            _load_transcriber,
            path,
            self._n_threads,
            title=f"Loading {name} for dictation",
            lane=Lane.MODEL,
        )
        self._loads += 1
        self._settled.clear()
        handle.succeeded.connect(self._loaded)
        handle.finished.connect(self._load_ended)
        return handle

    def _load_ended(self) -> None:
        self._loads -= 1
        if self._loads == 0:
            self._settled.set()

    def _loaded(self, transcriber: Any) -> None:
        previous, self.transcriber = self.transcriber, transcriber
        if previous is not None:
            previous.close()
        log.info("speech model loaded: %s", transcriber.name)
        if self._window is not None:
            self._window.statusBar().showMessage(
                f"{transcriber.name} is loaded: dictation is ready.", 8000
            )

    def close(self) -> None:
        if self.transcriber is not None:
            self.transcriber.close()
            self.transcriber = None
