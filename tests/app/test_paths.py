from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.paths import DataPaths, resolve_home


def test_explicit_home_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOPCOACH_HOME", str(tmp_path / "env"))
    assert resolve_home(tmp_path / "flag") == (tmp_path / "flag").resolve()


def test_environment_overrides_platform_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOOPCOACH_HOME", str(tmp_path / "env"))
    assert resolve_home() == (tmp_path / "env").resolve()


def test_platform_folder_is_named_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOOPCOACH_HOME", raising=False)
    assert resolve_home().name == "Loopcoach"


def test_ensure_creates_the_layout(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "h").ensure()
    assert paths.models.is_dir()
    assert paths.logs.is_dir()
    assert paths.database.parent == paths.root


def test_models_live_beside_the_data_folder_in_the_platform_data_dir(
    own_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOOPCOACH_MODELS", raising=False)
    paths = DataPaths(resolve_home())
    assert paths.models.name == "loopcoach-models"
    assert paths.models.is_relative_to(own_home)  # the platform's user data dir
    assert not paths.models.is_relative_to(paths.root)
    monkeypatch.setenv("LOOPCOACH_MODELS", str(own_home / "elsewhere"))
    assert DataPaths(resolve_home()).models == (own_home / "elsewhere").resolve()


def test_models_in_an_older_data_folder_move_out_with_their_registry(
    tmp_path: Path, embedding_model: Path
) -> None:
    from app.services import build_services
    from models.registry import Registry

    root = tmp_path / "data"
    old = root / "models"
    (old / "faster-whisper-base").mkdir(parents=True)
    (old / "faster-whisper-base" / "model.bin").write_bytes(b"weights")
    shutil.copy(embedding_model, old / "minilm.gguf")
    outside = tmp_path / "lm-studio" / "chat.gguf"
    older = Registry(old / "registry.json")
    older.remember(
        old / "minilm.gguf", source="Catalog", catalog_id="all-minilm-l6-v2", kind="embedding"
    )
    older.remember(outside, source="Added")
    older.set_active("embedding", old / "minilm.gguf")
    older.set_active("speech", old / "faster-whisper-base")

    services = build_services(root)
    try:
        new = services.paths.models
        assert not old.exists()
        assert (new / "minilm.gguf").read_bytes() == embedding_model.read_bytes()
        assert (new / "faster-whisper-base" / "model.bin").read_bytes() == b"weights"
        registry = services.models.registry
        assert registry.active() == {
            "embedding": new / "minilm.gguf",
            "speech": new / "faster-whisper-base",
        }
        assert set(registry.models()) == {str(new / "minilm.gguf"), str(outside)}
        assert registry.models()[str(new / "minilm.gguf")]["catalog_id"] == "all-minilm-l6-v2"
        found = {m.path: m for m in services.models.installed()}
        assert found[new / "minilm.gguf"].usable  # found where it now is
        assert found[new / "minilm.gguf"].kind == "embedding"
    finally:
        services.close()
