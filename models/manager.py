"""The model manager: one Qt-free facade over the catalog, downloads, discovery, the
registry and the fitness check, shared by the Models page and `loopcoach models`.

Everything slow takes `should_stop` and a progress callback and is meant to run on a
worker; nothing here loads a model except `check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from models.catalog import CatalogEntry, load_catalog
from models.discovery import FoundModel, discover, inspect_gguf
from models.errors import ModelError
from models.fitness import FitnessResult, check_chat_model, check_embedding_model
from models.registry import KINDS, Registry
from models.remote_models import ApiKeys, RemoteManager
from models.remote_store import RemoteModels
from models.transfer import INCOMPLETE_PREFIX, DownloadProgress

ShouldStop = Callable[[], bool]
OnDownload = Callable[[DownloadProgress], None]
Report = Callable[[int, int, str], None]

# A faster-whisper model is a folder holding these (CTranslate2 format).
SPEECH_FILES = ("model.bin", "config.json")


@dataclass(frozen=True)
class LocalModel:
    path: Path
    name: str
    kind: str  # "chat", "embedding", "speech" or "unknown"
    source: str  # "Catalog", "Added", "LM Studio", "Ollama", ...
    size_bytes: int = 0
    quantization: str = ""
    catalog_id: str = ""
    problem: str = ""
    fitness: FitnessResult | None = None
    active: bool = False

    @property
    def usable(self) -> bool:
        return not self.problem


def absolute(path: Path) -> Path:
    """An absolute path that keeps links as the person gave them: a model linked into
    LM Studio's folder stays known under that name. Paths are compared in this form."""
    return path.expanduser().absolute()


def inspect_speech_folder(path: Path) -> str:
    """The problem with a faster-whisper folder, or "" when it looks complete."""
    missing = [name for name in SPEECH_FILES if not (path / name).is_file()]
    if missing:
        return f"not a faster-whisper model folder (missing {', '.join(missing)})"
    return ""


class ModelManager:
    def __init__(
        self,
        models_dir: Path,
        *,
        extra_folders: Callable[[], Iterable[Path]] = tuple,
        home: Path | None = None,
        env: Mapping[str, str] | None = None,
        catalog: list[CatalogEntry] | None = None,
        api_keys: ApiKeys | None = None,
    ) -> None:
        self.models_dir = models_dir
        self.registry = Registry(models_dir / "registry.json")
        # Models on a server: their own store and facade (remote_models.py).
        self.remote = RemoteManager(
            RemoteModels(models_dir / "remote.json"), self.registry, keys=api_keys
        )
        self.catalog: list[CatalogEntry] = load_catalog() if catalog is None else catalog
        self._extra_folders = extra_folders
        self._home = home
        self._env = env

    # ---- catalog ---------------------------------------------------------------------

    def entry(self, entry_id: str) -> CatalogEntry:
        for entry in self.catalog:
            if entry.id == entry_id:
                return entry
        raise ModelError(
            f"No catalog model is called {entry_id!r}.",
            hint="See `loopcoach models list` for the names.",
        )

    def status(self, entry: CatalogEntry) -> str:
        """ "installed", "partial" (a download to resume) or "available"."""
        target = entry.install_path(self.models_dir)
        if target.exists():
            return "installed"
        if (target.parent / f"{INCOMPLETE_PREFIX}{target.name}").exists():
            return "partial"
        return "available"

    # ---- what is on this computer ----------------------------------------------------

    def installed(self) -> list[LocalModel]:
        """Catalog downloads and added models, from the registry (no disk scan)."""
        active = set(self.registry.active().values())
        found = []
        for path_text, info in self.registry.models().items():
            path = Path(path_text)
            problem = "" if path.exists() else "the file is gone"
            found.append(
                LocalModel(
                    path=path,
                    name=info.get("name", path.name),
                    kind=info.get("kind", "unknown"),
                    source=info.get("source", "Added"),
                    size_bytes=int(info.get("size_bytes", 0)),
                    quantization=info.get("quantization", ""),
                    catalog_id=info.get("catalog_id", ""),
                    problem=problem,
                    fitness=self.registry.fitness(path),
                    active=path in active,
                )
            )
        return found

    def discover(self, extra: Iterable[Path] = ()) -> list[LocalModel]:
        """Models of other apps and picked folders, used in place; a slow disk scan."""
        # Compared by real file, so a model added through a link is not listed again.
        known = {model.path.resolve() for model in self.installed()}
        active = set(self.registry.active().values())
        folders = [*extra, *self._extra_folders()]
        models = []
        for found in discover(self._home, folders, self._env):
            if found.path.resolve() in known:
                continue
            models.append(self._local(found, source=found.source, active=active))
        return models

    def _local(self, found: FoundModel, *, source: str, active: set[Path]) -> LocalModel:
        return LocalModel(
            path=found.path,
            name=found.name or found.path.name,
            kind=found.kind,
            source=source,
            size_bytes=found.size_bytes,
            quantization=found.quantization,
            problem=found.problem,
            fitness=self.registry.fitness(found.path),
            active=found.path in active,
        )

    def add(self, path: Path) -> LocalModel:
        """Register a model file (or faster-whisper folder) where it is, without copying; a
        sentence-transformers folder is converted to a GGUF embedder in the models folder."""
        from models.bert_gguf import is_sentence_bert_folder  # noqa: PLC0415  (gguf, numpy)

        path = absolute(path)
        if path.is_dir() and is_sentence_bert_folder(path):
            model = self._converted(path)
        elif path.is_dir():
            problem = inspect_speech_folder(path)
            if problem:
                raise ModelError(f"{path.name} cannot be added: {problem}.")
            model = LocalModel(path=path, name=path.name, kind="speech", source="Added")
        elif not path.exists():
            raise ModelError(f"There is no file at {path}.")
        else:
            found = inspect_gguf(path)
            if not found.usable:
                raise ModelError(f"{path.name} cannot be added: {found.problem}.")
            model = self._local(found, source="Added", active=set())
        self._remember(model)
        return model

    def _converted(self, folder: Path) -> LocalModel:
        """llama.cpp runs GGUF only: the folder's weights (as sentence-transformers and the
        Hugging Face cache keep them) become `<name>-f16.gguf` here, once."""
        from models.bert_gguf import convert, sentence_folder_name  # noqa: PLC0415

        target = self.models_dir / f"{sentence_folder_name(folder)}-f16.gguf"
        if not target.is_file():
            self.models_dir.mkdir(parents=True, exist_ok=True)
            convert(folder, target, name=sentence_folder_name(folder))
        found = inspect_gguf(target)
        if not found.usable or found.kind != "embedding":
            raise ModelError(
                f"{folder} was converted, but {target.name} is not usable: "
                f"{found.problem or found.kind}."
            )
        return self._local(found, source="Converted", active=set())

    def _remember(self, model: LocalModel) -> None:
        self.registry.remember(
            model.path,
            name=model.name,
            kind=model.kind,
            source=model.source,
            size_bytes=model.size_bytes,
            quantization=model.quantization,
            catalog_id=model.catalog_id,
        )

    # ---- download and verify ---------------------------------------------------------

    def download(
        self,
        entry_id: str,
        *,
        on_progress: OnDownload | None = None,
        should_stop: ShouldStop | None = None,
    ) -> LocalModel:
        from models.download import download_file, download_files  # noqa: PLC0415 (httpx)

        entry = self.entry(entry_id)
        target = entry.install_path(self.models_dir)
        if not target.exists():
            if entry.format == "gguf":
                download_file(
                    entry.files[0],
                    self.models_dir,
                    on_progress=on_progress,
                    should_stop=should_stop,
                )
            else:
                download_files(
                    entry.files, target, on_progress=on_progress, should_stop=should_stop
                )
        model = LocalModel(
            path=target,
            name=entry.name,
            kind=entry.kind,
            source="Catalog",
            size_bytes=entry.size_bytes or 0,
            quantization=entry.quantization,
            catalog_id=entry.id,
        )
        self._remember(model)
        return model

    def verify(
        self,
        name: str,
        *,
        on_progress: OnDownload | None = None,
        should_stop: ShouldStop | None = None,
    ) -> str:
        """Re-hash an installed catalog model against its published sha256."""
        from models.download import sha256_file  # noqa: PLC0415 (imports httpx)

        entry = self._entry_for(name)
        target = entry.install_path(self.models_dir)
        if not target.exists():
            raise ModelError(f"{entry.name} is not installed.", hint="Download it first.")
        paths = [target] if entry.format == "gguf" else [target / f.name for f in entry.files]
        for remote, path in zip(entry.files, paths, strict=True):
            if remote.sha256 is None:
                continue
            digest = sha256_file(path, should_stop=should_stop, on_progress=on_progress)
            if digest != remote.sha256:
                raise ModelError(
                    f"{path.name} does not match its published checksum: it is damaged "
                    "or was changed.",
                    hint="Delete it and download it again.",
                )
        return f"{entry.name}: every file matches its published sha256."

    def _entry_for(self, name: str) -> CatalogEntry:
        for entry in self.catalog:
            if name in (entry.id, entry.name):
                return entry
        path = self.resolve(name)
        catalog_id = self.registry.models().get(str(path), {}).get("catalog_id")
        if not catalog_id:
            raise ModelError(f"{name} did not come from the catalog: there is no hash to check.")
        return self.entry(catalog_id)

    # ---- choosing and testing --------------------------------------------------------

    def resolve(self, name: str) -> Path:
        """A catalog id or name, a registered model's name, or a path."""
        for entry in self.catalog:
            if name in (entry.id, entry.name):
                target = entry.install_path(self.models_dir)
                if not target.exists():
                    raise ModelError(
                        f"{entry.name} is not installed.",
                        hint=f"Download it: loopcoach models download {entry.id}",
                    )
                return target
        for model in self.installed():
            if name in (model.name, model.path.name):
                return model.path
        path = Path(name).expanduser()
        if path.exists():
            return absolute(path)
        raise ModelError(
            f"No model called {name!r} is installed, and there is no such file.",
            hint="See `loopcoach models list`, or give the path of a GGUF file.",
        )

    def describe(self, path: Path) -> LocalModel:
        """What a path holds, registered or not."""
        path = absolute(path)
        for model in self.installed():
            if model.path == path:
                return model
        if path.is_dir():
            return LocalModel(
                path=path,
                name=path.name,
                kind="speech",
                source="Folder",
                problem=inspect_speech_folder(path),
            )
        return self._local(inspect_gguf(path), source="Folder", active=set())

    def use(self, name: str, kind: str | None = None) -> LocalModel:
        """Make a model the active one of its kind (a wrong kind is a clear error)."""
        model = self.describe(self.resolve(name))
        if not model.usable:
            raise ModelError(f"{model.name} cannot be used: {model.problem}.")
        if kind is not None and model.kind != kind:
            raise ModelError(
                f"{model.name} is {_a(model.kind)} model, not {_a(kind)} model.",
                hint=f"Choose {_a(kind)} model here.",
            )
        if model.kind not in KINDS:
            raise ModelError(f"{model.name} is not a chat, embedding or speech model.")
        if model.source == "Folder" or model.path not in {m.path for m in self.installed()}:
            self._remember(model)
        self.registry.set_active(model.kind, model.path)
        self.remote.set_aside(model.kind)
        return self.describe(model.path)

    def active(self, kind: str) -> LocalModel | None:
        path = self.registry.active().get(kind)
        if path is None:
            return None
        return self.describe(path)

    def check(
        self,
        name: str,
        *,
        report: Report | None = None,
        should_stop: ShouldStop | None = None,
        requests: int = 5,
    ) -> FitnessResult:
        """Load the model and measure it on this computer; the result is stored."""
        model = self.describe(self.resolve(name))
        if not model.usable:
            raise ModelError(f"{model.name} cannot be tested: {model.problem}.")
        if model.kind == "chat":
            result = check_chat_model(
                model.path, requests=requests, should_stop=should_stop, report=report
            )
        elif model.kind == "embedding":
            result = check_embedding_model(model.path, should_stop=should_stop, report=report)
        else:
            raise ModelError(
                f"{model.name} is {_a(model.kind)} model; the check covers chat and embedding "
                "models."
            )
        if should_stop and should_stop():
            return result  # a partial measurement is not stored as the model's result
        if model.path not in {m.path for m in self.installed()}:
            self._remember(model)
        self.registry.record_fitness(model.path, result)
        return result


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
