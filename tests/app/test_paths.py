from __future__ import annotations

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
