from __future__ import annotations

import shutil
from pathlib import Path

from models.discovery import find_gguf_files, inspect_gguf


def test_finds_and_reads_a_real_embedding_model(tmp_path: Path, embedding_model: Path) -> None:
    folder = tmp_path / "models" / "nested"
    folder.mkdir(parents=True)
    target = folder / embedding_model.name
    shutil.copyfile(embedding_model, target)
    (tmp_path / "models" / "notes.txt").write_text("not a model")

    found = list(find_gguf_files([tmp_path / "models", tmp_path / "missing"]))
    assert found == [target]
    model = inspect_gguf(target)
    assert model.usable, model.problem
    assert model.architecture == "bert"
    assert model.kind == "embedding"
    assert model.context_length == 512
    assert model.size_bytes == embedding_model.stat().st_size


def test_a_file_named_gguf_that_is_not_one_is_reported(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"<html>404 Not Found</html>")
    model = inspect_gguf(bogus)
    assert not model.usable
    assert "not a GGUF file" in model.problem


def test_a_truncated_gguf_is_reported_as_damaged(tmp_path: Path, embedding_model: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(embedding_model.read_bytes()[:4096])
    model = inspect_gguf(cut)
    assert not model.usable
    assert "damaged" in model.problem


def test_links_are_not_followed_and_each_file_counts_once(
    tmp_path: Path, embedding_model: Path
) -> None:
    (tmp_path / "link.gguf").symlink_to(embedding_model)
    assert list(find_gguf_files([tmp_path])) == []
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copyfile(embedding_model, folder / "m.gguf")
    assert len(list(find_gguf_files([folder, folder, tmp_path]))) == 1
