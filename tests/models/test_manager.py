"""The model manager on real files: catalog, downloads from a loopback server,
registration in place, choosing per kind, verification and the fitness check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from models.catalog import CatalogEntry, load_catalog
from models.download import RemoteFile
from models.errors import ModelError
from models.manager import ModelManager
from tests.models.http_server import FileServer
from tests.registry_models import minilm_sha256

# The file the embedding_model fixture gives (from ../shared, or built from its wheel).
MINILM_SHA256 = minilm_sha256()


@pytest.fixture
def server(embedding_model: Path) -> Iterator[FileServer]:
    with FileServer({"minilm.gguf": embedding_model}) as running:
        yield running


def served_entry(server: FileServer, embedding_model: Path, sha256: str) -> CatalogEntry:
    template = next(e for e in load_catalog() if e.kind == "embedding")
    remote = RemoteFile(
        "minilm.gguf",
        server.url("minilm.gguf"),
        size_bytes=embedding_model.stat().st_size,
        sha256=sha256,
    )
    return replace(template, id="test-minilm", name="Test MiniLM", files=(remote,))


def manager_for(tmp_path: Path, catalog: list[CatalogEntry] | None = None) -> ModelManager:
    return ModelManager(tmp_path / "models", home=tmp_path / "home", env={}, catalog=catalog)


def test_the_packaged_catalog_is_complete_and_pinned() -> None:
    catalog = load_catalog()
    kinds = {entry.kind for entry in catalog}
    assert kinds == {"chat", "embedding", "speech"}
    assert len({entry.id for entry in catalog}) == len(catalog) >= 9
    for entry in catalog:
        assert entry.licence and entry.min_ram_gb > 0
        for remote in entry.files:
            assert remote.url.startswith("https://")
            assert "/resolve/main/" not in remote.url  # pinned to a commit
            # A value is either confirmed or listed as unconfirmed, never invented.
            if remote.sha256 is None:
                assert "sha256" in entry.unconfirmed
            if remote.size_bytes is None:
                assert "size_bytes" in entry.unconfirmed


def test_download_installs_registers_and_verifies(
    tmp_path: Path, server: FileServer, embedding_model: Path
) -> None:
    entry = served_entry(server, embedding_model, MINILM_SHA256)
    manager = manager_for(tmp_path, [entry])
    assert manager.status(entry) == "available"
    seen: list[int] = []
    model = manager.download(entry.id, on_progress=lambda p: seen.append(p.done_bytes))
    assert manager.status(entry) == "installed"
    assert model.path == tmp_path / "models" / "minilm.gguf"
    assert seen[-1] == embedding_model.stat().st_size
    assert [m.catalog_id for m in manager.installed()] == ["test-minilm"]
    assert "matches" in manager.verify("test-minilm")

    with model.path.open("r+b") as handle:  # flip one byte in the middle
        handle.seek(1_000_000)
        byte = handle.read(1)[0]
        handle.seek(1_000_000)
        handle.write(bytes([byte ^ 0xFF]))
    with pytest.raises(ModelError, match="does not match its published checksum"):
        manager.verify("test-minilm")


def test_a_cut_download_is_partial_then_resumes(
    tmp_path: Path, server: FileServer, embedding_model: Path
) -> None:
    entry = served_entry(server, embedding_model, MINILM_SHA256)
    manager = manager_for(tmp_path, [entry])
    server.behaviour.cut_after["minilm.gguf"] = 5_000_000
    with pytest.raises(ModelError, match="resume"):
        from models import download

        download.download_file(entry.files[0], manager.models_dir, retries=0)
    assert manager.status(entry) == "partial"
    manager.download(entry.id)
    assert manager.status(entry) == "installed"


def test_a_wrong_hash_installs_nothing(
    tmp_path: Path, server: FileServer, embedding_model: Path
) -> None:
    entry = served_entry(server, embedding_model, "0" * 64)
    manager = manager_for(tmp_path, [entry])
    with pytest.raises(ModelError, match="checksum"):
        manager.download(entry.id)
    assert manager.status(entry) == "available"
    assert manager.installed() == []


def test_add_use_and_kinds(tmp_path: Path, embedding_model: Path, chat_model_path: Path) -> None:
    manager = manager_for(tmp_path)
    embed = manager.add(embedding_model)
    chat = manager.add(chat_model_path)
    assert (embed.kind, chat.kind) == ("embedding", "chat")
    assert chat.quantization == "Q4_K_M"
    with pytest.raises(ModelError, match="is an embedding model, not a chat model"):
        manager.use(str(embedding_model), kind="chat")
    with pytest.raises(ModelError, match="is a chat model, not an embedding model"):
        manager.use(str(chat_model_path), kind="embedding")
    assert manager.use(str(chat_model_path)).active
    assert manager.use(str(embedding_model)).active
    assert manager.active("chat").path == chat_model_path  # type: ignore[union-attr]
    assert manager.active("embedding").path == embedding_model  # type: ignore[union-attr]
    assert manager.active("speech") is None
    # Used in place: nothing was copied into the models folder.
    assert sorted(p.name for p in manager.models_dir.iterdir()) == ["registry.json"]
    registry = json.loads((manager.models_dir / "registry.json").read_text())
    assert registry["active"]["chat"] == str(chat_model_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"<html>404</html>", "not a GGUF file"), (b"GGUF\x03\x00\x00\x00", "damaged")],
)
def test_bad_files_are_refused_with_the_reason(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(content)
    manager = manager_for(tmp_path)
    with pytest.raises(ModelError, match=problem):
        manager.add(bad)
    with pytest.raises(ModelError, match="no file at"):
        manager.add(tmp_path / "missing.gguf")
    (tmp_path / "whisper").mkdir()
    with pytest.raises(ModelError, match=r"missing model\.bin"):
        manager.add(tmp_path / "whisper")


def test_discovery_finds_folders_and_skips_registered(
    tmp_path: Path, embedding_model: Path, chat_model_path: Path
) -> None:
    manager = ModelManager(
        tmp_path / "models",
        extra_folders=lambda: [embedding_model.parent, chat_model_path.parent],
        home=tmp_path / "home",
        env={},
    )
    names = {m.path.name for m in manager.discover()}
    assert {embedding_model.name, chat_model_path.name} <= names
    manager.add(embedding_model)
    assert embedding_model.name not in {m.path.name for m in manager.discover()}


def test_fitness_check_is_measured_and_stored(tmp_path: Path, chat_model_path: Path) -> None:
    manager = manager_for(tmp_path)
    steps: list[str] = []
    result = manager.check(
        str(chat_model_path), requests=2, report=lambda d, t, text: steps.append(text)
    )
    assert result.kind == "chat"
    assert result.load_seconds > 0 and result.memory_mb > 0
    assert result.tokens_per_second and result.tokens_per_second > 0
    assert result.structured_total == 2
    assert 0 <= (result.structured_valid or 0) <= 2
    assert result.verdict
    assert steps[0] == "Loading the model" and steps[-1] == "Done"
    stored = manager.describe(chat_model_path).fitness
    assert stored == result


@pytest.mark.slow
def test_a_sentence_transformers_folder_in_the_hugging_face_cache_becomes_an_embedder(
    tmp_path: Path,
) -> None:
    from models.embedder import Embedder
    from tests.registry_models import minilm_folder

    # The hub cache's layout: a snapshot of links into content-addressed blobs.
    repo = tmp_path / "home/.cache/huggingface/hub/models--sentence-transformers--all-MiniLM-L6-v2"
    snapshot = repo / "snapshots" / "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"
    source = minilm_folder()
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        blob = repo / "blobs" / file.relative_to(source).as_posix().replace("/", "-")
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.symlink_to(file)
        link = snapshot / file.relative_to(source)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(blob)
    manager = manager_for(tmp_path)

    model = manager.add(snapshot)
    assert model.kind == "embedding" and model.usable
    assert model.source == "Converted"
    assert model.path == manager.models_dir / "all-MiniLM-L6-v2-f16.gguf"
    assert model.name == "all-MiniLM-L6-v2"
    assert [m.path for m in manager.installed()] == [model.path]
    again = manager.add(snapshot)  # converted once; adding again finds the file
    assert again.path == model.path
    embedder = Embedder(model.path, n_threads=2)
    try:
        vectors = embedder.embed(["Led the migration to Kubernetes.", "Baked bread."])
    finally:
        embedder.close()
    assert len(vectors) == 2 and len(vectors[0]) == 384
