"""Proof that the data folder keeps the candidate's words to itself: a CV carries a
canary sentence and e-mail address through every flow (tests/trust/workflow.py), then
every byte of every file under the data folder is read (the SQLite database and its
WAL and SHM, chromadb's files, logs, settings, the model registry, recordings) and
neither the canary nor a distinctive part of it may appear, in UTF-8 or UTF-16, in any
letter case, in a file's contents or in its name."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.offline import OFFLINE_ENV
from tests.trust.workflow import CANARY_NEEDLES, ModelPaths, run_workflow

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class Leak:
    path: str  # relative to the data folder
    needle: str
    encoding: str  # "utf-8", "utf-16-le", "utf-16-be", or "file name"
    count: int
    sample: str  # the bytes around the first hit

    def __str__(self) -> str:
        return f"{self.path}: {self.needle!r} x{self.count} ({self.encoding}) near {self.sample}"


def scan(folder: Path, needles: tuple[str, ...] = CANARY_NEEDLES) -> list[Leak]:
    """Every occurrence of a needle under `folder`, case-insensitive (ASCII needles)."""
    leaks: list[Leak] = []
    for path in sorted(p for p in folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        for needle in needles:
            if needle.lower() in relative.lower():
                leaks.append(Leak(relative, needle, "file name", 1, relative))
        if not path.is_file():
            continue
        data = path.read_bytes().lower()  # ASCII letters only: the needles are ASCII
        for needle in needles:
            for encoding in ENCODINGS:
                pattern = needle.lower().encode(encoding)
                count = data.count(pattern)
                if count:
                    at = data.find(pattern)
                    sample = data[max(0, at - 40) : at + len(pattern) + 40]
                    leaks.append(Leak(relative, needle, encoding, count, repr(sample)))
    return leaks


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scanner itself: every encoding, any case, names, nested folders."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.bin").write_bytes(b"\x00\x01ZANZIBAR\x00")
    (tmp_path / "a" / "y.txt").write_bytes("quokka".encode("utf-16-le"))
    (tmp_path / "canary.7731.wav").write_bytes(b"RIFF")
    (tmp_path / "clean").write_bytes(b"nothing to see")
    found = {(leak.path, leak.needle, leak.encoding) for leak in scan(tmp_path)}
    assert found == {
        ("a/b/x.bin", "zanzibar", "utf-8"),
        ("a/y.txt", "quokka", "utf-16-le"),
        ("canary.7731.wav", "canary.7731", "file name"),
    }


@pytest.fixture
def models(embedding_model: Path, chat_model_path: Path, whisper_model_path: Path) -> ModelPaths:
    return ModelPaths(embedding_model, chat_model_path, whisper_model_path)


@pytest.mark.slow
def test_no_canary_anywhere_in_the_data_folder(
    home: Path, tmp_path: Path, models: ModelPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the app starts (app/main.py): onnxruntime, for one, would otherwise write a
    # device id under ~/.cache and try to post telemetry while this test transcribes.
    for name, value in OFFLINE_ENV.items():
        monkeypatch.setenv(name, os.environ.get(name) or value)
    outside = tmp_path / "outside"
    while_open: dict[str, Any] = {}

    def scan_while_open() -> None:
        while_open["files"] = _files(home)
        while_open["leaks"] = scan(home)
        while_open["plain audio"] = _plain_audio(home)

    summary = run_workflow(
        home,
        outside,
        models,
        say=lambda text: print(text, flush=True),
        while_open=scan_while_open,
    )
    print(json.dumps(summary.as_dict(), indent=1))  # shown with -s: what each step did
    assert home.is_dir() and outside.is_dir()
    assert not outside.is_relative_to(home)
    # The exports are the candidate's to keep: the canary is there, outside the folder.
    exported = {leak.path for leak in scan(outside)}
    assert {"brief.md", "resume.md"} <= exported, exported  # .docx and .pdf are compressed

    # Read twice: with every database open (their WAL and SHM files there), and after
    # the last close (checkpointed into the main files).
    assert "loopcoach.sqlite3-wal" in while_open["files"], while_open["files"]
    files = _files(home)
    assert "loopcoach.sqlite3" in files and any(f.startswith("vectors/") for f in files)
    assert any(f.startswith("audio/") for f in files) and any(f.startswith("logs/") for f in files)
    # A spoken canary is sound, not text: what proves a recording unreadable is that no
    # file holds a plain WAV any more (each is sealed once transcribed).
    assert while_open["plain audio"] == [] and _plain_audio(home) == []
    leaks = [("while open", leak) for leak in while_open["leaks"]]
    leaks += [("after closing", leak) for leak in scan(home)]
    report = "\n".join(f"{when}: {leak}" for when, leak in leaks)
    assert not leaks, (
        f"the canary is readable in {len(leaks)} places under the data folder:\n{report}\n"
        f"files while open: {while_open['files']}\nafter: {files}\n"
        f"workflow: {summary.as_dict()}"
    )


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _plain_audio(folder: Path) -> list[str]:
    """Files holding a WAV header ("WAVEfmt "): a recording in the clear."""
    return [f for f in _files(folder) if b"WAVEfmt " in (folder / f).read_bytes()]
