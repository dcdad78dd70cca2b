"""Real chromadb: persistent, no telemetry, and no model download, ever."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.storage.vectors import get_collection, open_vector_store

LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Record every attempt to reach a non-loopback address; HOME points at an empty folder
    so any cache chromadb writes there (its ONNX model) would show."""
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    attempts: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if not active[0]:
            return
        if event == "socket.connect":
            address = args[1]
            host = address[0] if isinstance(address, tuple) else str(address)
            if not str(host).startswith(LOOPBACK) and not str(host).startswith("/"):
                attempts.append(f"connect {address}")
        elif event == "socket.getaddrinfo":
            host = str(args[0])
            if host not in ("localhost", "None") and not host.startswith(LOOPBACK):
                attempts.append(f"lookup {host}")

    sys.addaudithook(hook)  # audit hooks cannot be removed; the flag retires it
    yield attempts
    active[0] = False


def _vector(seed: int) -> list[float]:
    return [float((seed * 31 + i * 7) % 13) / 13.0 + 0.01 for i in range(384)]


def test_store_adds_and_queries_our_own_embeddings(tmp_path: Path, no_network: list[str]) -> None:
    client = open_vector_store(tmp_path / "vectors")
    collection = get_collection(client, "chunks", dimensions=384)
    collection.add(
        ids=["a", "b", "c"],
        embeddings=[_vector(1), _vector(2), _vector(3)],
        metadatas=[{"kind": "cv"}, {"kind": "posting"}, {"kind": "cv"}],
    )
    found = collection.query(query_embeddings=[_vector(2)], n_results=2)
    assert found["ids"][0][0] == "b"
    assert collection.count() == 3
    assert no_network == []
    assert not (tmp_path / "user-home" / ".cache" / "chroma").exists()


def test_store_persists_across_clients(tmp_path: Path) -> None:
    folder = tmp_path / "vectors"
    collection = get_collection(open_vector_store(folder), "chunks", dimensions=384)
    collection.add(ids=["only"], embeddings=[_vector(7)], metadatas=[{"kind": "cv"}])
    reopened = get_collection(open_vector_store(folder), "chunks", dimensions=384)
    assert reopened.get(ids=["only"])["ids"] == ["only"]
    assert any(folder.iterdir())
