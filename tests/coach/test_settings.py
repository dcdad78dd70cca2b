from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from coach.settings import SETTINGS_VERSION, Settings, SettingsStore


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert SettingsStore(tmp_path / "settings.json").load() == Settings()


def test_round_trip_is_versioned(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    wanted = Settings(theme="dark", recency_years=10, model_folders=["/models"], threads=2)
    store.save(wanted)
    assert store.load() == wanted
    raw = json.loads(store.path.read_text())
    assert raw["version"] == SETTINGS_VERSION
    assert list(tmp_path.iterdir()) == [store.path]  # no temp file left behind


def test_bad_values_fall_back_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "theme": "purple",
                "recency_years": "twelve",
                "threads": True,
                "model_folders": ["/ok", 3],
                "from_the_future": 1,
            }
        )
    )
    with caplog.at_level(logging.WARNING):
        loaded = SettingsStore(path).load()
    assert loaded == Settings()
    assert "from_the_future" in caplog.text
    assert "purple" in caplog.text


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", "\x00\x01"])
def test_unreadable_file_gives_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert SettingsStore(path).load() == Settings()
