"""Builds the Qt-free services for one data folder; the window and the CLI share them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.data_keys import AskPassphrase, KeyKeeper, SystemKeyring, terminal_prompt
from app.paths import DataPaths, move_models_out, resolve_home
from app.sealed_database import open_sealed_database
from coach.errors import UserError
from coach.profile import ProfileStore
from coach.settings import Settings, SettingsStore
from coach.storage.db import Database
from coach.storage.keyfile import DataKey
from models.catalog import CatalogEntry, load_catalog
from models.errors import ModelError
from models.manager import ModelManager

if TYPE_CHECKING:
    from app.backup import BackupReport
    from coach.delivery.service import DictationService
    from coach.drills.service import DrillService
    from coach.library.service import Library
    from coach.prep.service import PrepService
    from coach.refresh.service import RefreshService
    from coach.stories.bank import StoryBank
    from coach.tasks import TaskContext

CATALOG_ENV = "LOOPCOACH_CATALOG"


@dataclass
class Services:
    paths: DataPaths
    settings_store: SettingsStore
    settings: Settings
    db: Database
    profiles: ProfileStore
    keys: KeyKeeper
    data_key: DataKey
    damage: list[str] = field(default_factory=list)  # a sentence per damaged value
    models: ModelManager = field(init=False)

    def __post_init__(self) -> None:
        # The manager asks for the folders each time, so a change in Settings applies at once.
        from app.remote_keys import RemoteApiKeys  # noqa: PLC0415

        self.models = ModelManager(
            self.paths.models,
            extra_folders=self.extra_model_folders,
            catalog=_catalog_override(),
            api_keys=RemoteApiKeys(SystemKeyring(), lambda: self.data_key),
        )

    def model_folders(self) -> list[Path]:
        """Where to look for models: the data folder's, then the candidate's extra folders."""
        return [self.paths.models, *self.extra_model_folders()]

    def extra_model_folders(self) -> list[Path]:
        return [Path(folder).expanduser() for folder in self.settings.model_folders]

    def save_settings(self, settings: Settings) -> None:
        self.settings_store.save(settings)
        self.settings = settings.validated()

    def open_library(self, *, embedder: Any = None) -> Library:
        """The library over this data folder. `embedder` is the loaded embedding model,
        or None for keyword search only; chromadb is opened only when vectors are used."""
        from coach.library.service import Library  # noqa: PLC0415

        # chromadb takes about a second to import: only when vectors are touched.
        def open_vectors(model: Any) -> Any:
            from coach.storage import vectors  # noqa: PLC0415

            client = vectors.open_vector_store(self.paths.vectors)
            return vectors.ChunkVectors(client, model.name, model.dimensions)

        def purge(ids: Any) -> None:
            if ids and self.paths.vectors.exists():
                from coach.storage import vectors  # noqa: PLC0415

                vectors.delete_chunks_everywhere(vectors.open_vector_store(self.paths.vectors), ids)

        return Library(self.db, embedder=embedder, open_vectors=open_vectors, purge_vectors=purge)

    def load_embedder(self) -> tuple[Any, str]:
        """The active embedding model, loaded; or (None, why not)."""
        remote = self.models.remote.active("embedding")
        if remote is not None:
            try:
                return self.models.remote.connect_embedder(remote), ""
            except ModelError as exc:
                # The library works without it: keyword search, and the reason shown.
                return None, f"The embedding server is not reachable ({exc}): keyword search only."
        active = self.models.active("embedding")
        if active is None:
            return None, "No embedding model is chosen: keyword search only."
        if not active.usable:
            return (
                None,
                f"The embedding model cannot be used ({active.problem}): keyword search only.",
            )
        from models.embedder import Embedder  # noqa: PLC0415  (loads llama.cpp)

        return Embedder(active.path, n_threads=self.settings.threads or None), ""

    def load_chat_model(self) -> tuple[Any, str]:
        """The active chat model, loaded or connected; or (None, why not: coaching is
        rule-based). A server that cannot be reached is an error, not rule-based
        coaching in silence."""
        remote = self.models.remote.active("chat")
        if remote is not None:
            return self.models.remote.connect_chat(remote), ""
        active = self.models.active("chat")
        if active is None:
            return None, "No chat model is chosen: questions come from the question bank."
        if not active.usable:
            return None, f"The chat model cannot be used ({active.problem}): rule-based coaching."
        from models.chat_engine import ChatEngine  # noqa: PLC0415  (loads llama.cpp)

        return ChatEngine(active.path, n_threads=self.settings.threads or None), ""

    def load_transcriber(self) -> tuple[Any, str]:
        """The active speech model, loaded; or (None, why not: no dictation)."""
        active = self.models.active("speech")
        if active is None:
            return None, "No speech model is chosen: type your answers, or choose one to dictate."
        if not active.usable:
            return None, f"The speech model cannot be used ({active.problem}): no dictation."
        from models.transcriber import WhisperTranscriber  # noqa: PLC0415  (loads CTranslate2)

        return WhisperTranscriber(active.path, n_threads=self.settings.threads or None), ""

    def dictation(self, transcriber: Callable[[], Any] = lambda: None) -> DictationService:
        """Recordings and their transcripts; `transcriber` returns the speech model in
        use, or None (transcribing then says how to choose one)."""
        from coach.delivery.service import DictationService  # noqa: PLC0415

        return DictationService(self.db, self.paths.audio, transcriber)

    def refresh(self) -> RefreshService:
        from coach.library.store import LibraryStore  # noqa: PLC0415
        from coach.refresh.service import RefreshService  # noqa: PLC0415

        return RefreshService(self.db, LibraryStore(self.db), stories=self.stories())

    def stories(self) -> StoryBank:
        from coach.stories.bank import StoryBank  # noqa: PLC0415

        return StoryBank(self.db)

    def prep(self, embedder: Callable[[], Any] = lambda: None) -> PrepService:
        """Per-opportunity prep; `embedder` returns the embedding model in use, or None."""
        from coach.library.store import LibraryStore  # noqa: PLC0415
        from coach.prep.notes import NotesStore  # noqa: PLC0415
        from coach.prep.service import PrepService  # noqa: PLC0415

        return PrepService(
            LibraryStore(self.db), self.stories(), NotesStore(self.db), embedder=embedder
        )

    def drills(self) -> DrillService:
        from coach.drills.service import DrillService  # noqa: PLC0415

        return DrillService(self.db)

    def rotate_key(self, passphrase: str | None = None) -> None:
        """Re-seal everything under a new data key (see sealed_database.py)."""
        from app.sealed_database import rotate_data_key  # noqa: PLC0415

        self.data_key = rotate_data_key(self.db, self.keys, passphrase=passphrase)

    def export_backup(
        self, target: Path, passphrase: str, ctx: TaskContext | None = None
    ) -> BackupReport:
        """Everything in one archive sealed under `passphrase` (see app/backup.py)."""
        from app.backup import export_backup  # noqa: PLC0415

        return export_backup(
            self.paths,
            self.data_key,
            target,
            passphrase,
            schema_version=self.db.schema_version,
            ctx=ctx,
        )

    def close(self) -> None:
        self.db.close()


def _catalog_override() -> list[CatalogEntry] | None:
    """LOOPCOACH_CATALOG names a catalog file to use instead of the packaged one
    (an organisation's own mirror, or a test's loopback server)."""
    path = os.environ.get(CATALOG_ENV)
    if not path:
        return None
    try:
        return load_catalog(Path(path).read_text("utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise UserError(
            f"The model catalog in {CATALOG_ENV} ({path}) cannot be read: {exc}."
        ) from exc


def tell_on_stderr(sentences: list[str]) -> None:
    """The command line's way to say what is damaged: before the command's own output."""
    for sentence in sentences:
        print(f"loopcoach: {sentence}", file=sys.stderr)


def build_services(
    home: str | Path | None = None,
    *,
    ask_passphrase: AskPassphrase = terminal_prompt,
    tell_damage: Callable[[list[str]], None] = tell_on_stderr,
) -> Services:
    """The services of one data folder, its database unlocked (from the keyring, or by
    asking for the passphrase) and sealed. Damaged values are told to `tell_damage`."""
    paths = DataPaths(resolve_home(home)).ensure()
    move_models_out(paths)
    store = SettingsStore(paths.settings)
    keys = KeyKeeper(paths.key_file, SystemKeyring(), ask_passphrase)
    db, data_key, damage = open_sealed_database(paths, keys)
    if damage:
        tell_damage(damage)
    return Services(
        paths=paths,
        settings_store=store,
        settings=store.load(),
        db=db,
        profiles=ProfileStore(db),
        keys=keys,
        data_key=data_key,
        damage=damage,
    )
