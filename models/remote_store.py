"""The model servers the candidate added: address, model, timeout, consent to a public
address, how the API key is kept (never the key itself in the clear), and which one is
active for chat and for embeddings. Kept in remote.json beside registry.json.

A server model and a local model of the same kind are never both active: choosing one
clears the other (ModelManager.use and RemoteModels.use).
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from models.errors import ModelError
from models.fitness import FitnessResult
from models.json_file import read_object, write_object
from models.remote_address import normalise_url
from models.remote_connection import DEFAULT_TIMEOUT_SECONDS, Connection

REMOTE_KINDS = ("chat", "embedding")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 3600.0


@dataclass(frozen=True)
class RemoteModel:
    name: str
    base_url: str
    model: str
    kind: str = "chat"
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    allow_public: bool = False
    key_store: str = ""  # "", "keyring" or "sealed"
    sealed_key: str = ""  # the API key sealed with the data key, when key_store == "sealed"
    structured_mode: str = ""  # found by the last test; connect finds it again anyway
    place: str = ""  # where it ran when last reached, in words
    fitness: FitnessResult | None = None
    active: bool = False

    def connection(self, api_key: str = "") -> Connection:
        return Connection(
            base_url=self.base_url,
            model=self.model,
            timeout_seconds=self.timeout_seconds,
            allow_public=self.allow_public,
            api_key=api_key,
        )


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise ModelError(
            f"{name!r} cannot name a server model.",
            hint="Use up to 40 letters, digits, dots, dashes or underscores.",
        )
    return name


class RemoteModels:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Any]:
        return read_object(self.path, version=1, servers={}, active={})

    def _write(self, data: dict[str, Any]) -> None:
        write_object(self.path, data)

    def _model(self, name: str, raw: dict[str, Any], active: dict[str, str]) -> RemoteModel:
        fitness = raw.get("fitness")
        fields = {k: v for k, v in raw.items() if k not in ("fitness", "name", "active")}
        return RemoteModel(
            name=name,
            fitness=FitnessResult(**fitness) if isinstance(fitness, dict) else None,
            active=active.get(str(raw.get("kind", "chat"))) == name,
            **fields,
        )

    def all(self) -> list[RemoteModel]:
        with self._lock:
            data = self._read()
        return [self._model(n, raw, data["active"]) for n, raw in sorted(data["servers"].items())]

    def get(self, name: str) -> RemoteModel | None:
        for model in self.all():
            if model.name == name:
                return model
        return None

    def require(self, name: str) -> RemoteModel:
        model = self.get(name)
        if model is None:
            raise ModelError(
                f"No server model is called {name!r}.",
                hint="See `loopcoach models remote list`.",
            )
        return model

    def save(self, model: RemoteModel) -> RemoteModel:
        check_name(model.name)
        if model.kind not in REMOTE_KINDS:
            raise ModelError(f"A server model is a chat or an embedding model, not {model.kind!r}.")
        if not MIN_TIMEOUT <= model.timeout_seconds <= MAX_TIMEOUT:
            raise ModelError(
                f"A timeout of {model.timeout_seconds:g} s is out of range.",
                hint=f"Give {MIN_TIMEOUT:g} to {MAX_TIMEOUT:g} seconds.",
            )
        if not model.model.strip():
            raise ModelError("Choose which of the server's models to use.")
        model = replace(model, base_url=normalise_url(model.base_url))
        raw = asdict(model)
        for key in ("name", "active"):
            raw.pop(key)
        if raw["fitness"] is None:
            raw.pop("fitness")
        with self._lock:
            data = self._read()
            data["servers"][model.name] = raw
            self._write(data)
        return self.require(model.name)

    def remove(self, name: str) -> None:
        with self._lock:
            data = self._read()
            data["servers"].pop(name, None)
            data["active"] = {k: v for k, v in data["active"].items() if v != name}
            self._write(data)

    def active(self, kind: str) -> RemoteModel | None:
        with self._lock:
            data = self._read()
        name = data["active"].get(kind)
        raw = data["servers"].get(name) if name else None
        return self._model(name, raw, data["active"]) if raw is not None and name else None

    def set_active(self, kind: str, name: str | None) -> None:
        with self._lock:
            data = self._read()
            if name is None:
                data["active"].pop(kind, None)
            else:
                data["active"][kind] = name
            self._write(data)
