"""The embedder on the real llama.cpp build and the shared all-MiniLM-L6-v2 GGUF."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.embedder import Embedder
from models.errors import ModelError, ModelLoadError


@pytest.fixture(scope="module")
def embedder(embedding_model: Path) -> Iterator[Embedder]:
    built = Embedder(embedding_model, n_threads=2)
    yield built
    built.close()


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vectors_are_unit_length_and_384_wide(embedder: Embedder) -> None:
    vectors = embedder.embed(["Led a migration to Kubernetes.", "Mentored two engineers."])
    assert embedder.dimensions == 384
    assert [len(v) for v in vectors] == [384, 384]
    for vector in vectors:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)


def test_meaning_decides_distance(embedder: Embedder) -> None:
    query, near, far = embedder.embed(
        [
            "reduced cloud spending",
            "Cut the AWS bill by 30% by rightsizing instances.",
            "Organised the team's summer picnic.",
        ]
    )
    assert cosine(query, near) > cosine(query, far) + 0.1


def test_a_batch_gives_the_same_vectors_as_one_by_one(embedder: Embedder) -> None:
    texts = [f"Owned the on-call rotation for {n} services." for n in range(40)]
    batch = embedder.embed(texts)
    for text, vector in zip(texts[::13], batch[::13], strict=True):
        assert cosine(embedder.embed([text])[0], vector) > 0.999


def test_text_longer_than_the_model_context_is_cut_not_failed(embedder: Embedder) -> None:
    long_text = "Designed the incident review process across the organisation. " * 200
    (vector,) = embedder.embed([long_text])
    assert len(vector) == 384


def test_nothing_in_nothing_out(embedder: Embedder) -> None:
    assert embedder.embed([]) == []


def test_a_chat_model_is_refused_as_an_embedder(chat_model_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="not an embedding model"):
        Embedder(chat_model_path)


def test_a_closed_embedder_refuses_work_instead_of_crashing(embedding_model: Path) -> None:
    model = Embedder(embedding_model, n_threads=2)
    model.close()
    model.close()  # twice is fine
    with pytest.raises(ModelError, match="was changed"):
        model.embed(["anything"])
    with pytest.raises(ModelError, match="was changed"):
        model.embed(["a long text that would need tokenizing " * 40])
