"""Server models for the Models page and `loopcoach models remote`: add one (checked
against the privacy rule and the server's model list), choose it, connect to it, and
"Test this model" on it, measured like a local model.

API keys go through an `ApiKeys` store given by the app (the OS keyring, or sealed
with the data key where there is none); this package never sees the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from models.errors import ModelError
from models.fitness import FitnessResult, measure_chat
from models.registry import Registry
from models.remote_address import Resolve, check_place, system_resolve
from models.remote_connection import Connection
from models.remote_store import RemoteModel, RemoteModels, check_name

if TYPE_CHECKING:
    from models.remote_embedder import RemoteEmbedder
    from models.remote_engine import RemoteChatEngine

# The HTTP modules (httpx) load on first use, not when the window starts.

ShouldStop = Callable[[], bool]
Report = Callable[[int, int, str], None]


class ApiKeys(Protocol):
    def put(self, name: str, key: str) -> tuple[str, str]:
        """Keep `key` for server `name`; returns (key_store, sealed_key) for remote.json."""
        ...

    def get(self, model: RemoteModel) -> str: ...

    def delete(self, model: RemoteModel) -> None: ...


class NoApiKeys:
    """For a manager built without the app (tests, benches): servers without keys only."""

    def put(self, name: str, key: str) -> tuple[str, str]:
        raise ModelError("API keys cannot be kept here.", hint="Use the loopcoach app.")

    def get(self, model: RemoteModel) -> str:
        return ""

    def delete(self, model: RemoteModel) -> None:
        return None


class RemoteManager:
    def __init__(
        self,
        store: RemoteModels,
        registry: Registry,
        *,
        keys: ApiKeys | None = None,
        resolve: Resolve = system_resolve,
    ) -> None:
        self.store = store
        self._registry = registry
        self.keys: ApiKeys = keys or NoApiKeys()
        self._resolve = resolve

    def all(self) -> list[RemoteModel]:
        return self.store.all()

    def get(self, name: str) -> RemoteModel | None:
        return self.store.get(name)

    def server_models(
        self, url: str, *, api_key: str = "", allow_public: bool = False, timeout: float = 10.0
    ) -> tuple[list[str], str]:
        """The models a server lists, and where it runs in words (for the settings form)."""
        from models.remote_http import list_server_models  # noqa: PLC0415

        models, place = list_server_models(
            Connection(url, "", timeout, allow_public, api_key), resolve=self._resolve
        )
        return models, place.describe()

    def add(
        self,
        name: str,
        url: str,
        *,
        model: str = "",
        kind: str = "chat",
        timeout_seconds: float = 60.0,
        allow_public: bool = False,
        api_key: str = "",
    ) -> RemoteModel:
        """Check the address and the model list, then keep the server's settings. With no
        `model`, a server listing exactly one model gets that one."""
        check_name(name)
        place = check_place(url, allow_public=allow_public, resolve=self._resolve)
        from models.remote_http import list_server_models  # noqa: PLC0415

        listed, _ = list_server_models(
            Connection(place.url, model, min(timeout_seconds, 15.0), allow_public, api_key),
            resolve=self._resolve,
        )
        if not model:
            if len(listed) != 1:
                raise ModelError(
                    f"The server at {place.url} lists {len(listed)} models: "
                    f"{', '.join(listed[:12]) or 'none'}.",
                    hint="Say which one with --model (or pick it on the Models page).",
                )
            model = listed[0]
        elif listed and model not in listed:
            raise ModelError(
                f"The server at {place.url} has no model called {model!r}; it lists "
                f"{', '.join(listed[:12])}.",
                hint="Choose one of the models the server lists.",
            )
        previous = self.store.get(name)
        key_store, sealed = (previous.key_store, previous.sealed_key) if previous else ("", "")
        if api_key:
            key_store, sealed = self.keys.put(name, api_key)
        return self.store.save(
            RemoteModel(
                name=name,
                base_url=place.url,
                model=model,
                kind=kind,
                timeout_seconds=timeout_seconds,
                allow_public=allow_public,
                key_store=key_store,
                sealed_key=sealed,
                place=place.describe(),
            )
        )

    def remove(self, name: str) -> None:
        model = self.store.require(name)
        self.keys.delete(model)
        self.store.remove(name)

    def use(self, name: str) -> RemoteModel:
        """Make a server model the active one of its kind (the local one is set aside)."""
        model = self.store.require(name)
        self._registry.set_active(model.kind, None)
        self.store.set_active(model.kind, name)
        return self.store.require(name)

    def set_aside(self, kind: str) -> None:
        """A local model was chosen for `kind`: no server model is active for it."""
        if self.store.active(kind) is not None:
            self.store.set_active(kind, None)

    def active(self, kind: str) -> RemoteModel | None:
        return self.store.active(kind)

    def connection(self, model: RemoteModel) -> Connection:
        return model.connection(self.keys.get(model) if model.key_store else "")

    def connect_chat(self, model: RemoteModel) -> RemoteChatEngine:
        from models.remote_engine import RemoteChatEngine  # noqa: PLC0415

        engine = RemoteChatEngine.connect(
            self.connection(model), label=model.name, resolve=self._resolve
        )
        found = engine.structured_mode or ""
        if found != model.structured_mode or engine.place.describe() != model.place:
            self.store.save(replace(model, structured_mode=found, place=engine.place.describe()))
        return engine

    def connect_embedder(self, model: RemoteModel) -> RemoteEmbedder:
        from models.remote_embedder import RemoteEmbedder  # noqa: PLC0415

        return RemoteEmbedder(self.connection(model), resolve=self._resolve)

    def check(
        self,
        name: str,
        *,
        requests: int = 5,
        should_stop: ShouldStop | None = None,
        report: Report | None = None,
    ) -> FitnessResult:
        """'Test this model' on a server model: first token, tokens/s, structured answers."""
        model = self.store.require(name)
        if model.kind != "chat":
            raise ModelError(f"{name} is an embedding model; the server test covers chat models.")
        say = report or (lambda *_: None)
        say(0, requests + 2, f"Connecting to {model.base_url}")
        engine = self.connect_chat(model)
        try:
            result = measure_chat(
                engine,
                load_seconds=engine.load_seconds,
                memory_mb=lambda: -1.0,  # on the server: not measured here
                requests=requests,
                should_stop=should_stop,
                report=say,
            )
        finally:
            engine.close()
        if not (should_stop and should_stop()):
            self.store.save(replace(self.store.require(name), fitness=result))
        return result
