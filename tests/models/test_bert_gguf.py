"""The sentence-transformers → GGUF converter, on the real all-MiniLM-L6-v2 wheel."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFReader

from models.bert_gguf import ConversionError, convert, is_sentence_bert_folder, read_safetensors
from models.embedder import Embedder
from tests.registry_models import MINILM_SHARED, built_minilm, minilm_folder

SENTENCES = [
    "I led the migration of 15 services from a shared PostgreSQL cluster to Kubernetes.",
    "Reduced p99 checkout latency by 40% over two quarters.",
    "The incident review found nobody owned the retry budget.",
    "Mentored three engineers toward senior; two were promoted.",
    "Führung eines Teams von acht Ingenieurinnen und Ingenieuren, naïve café résumé.",
    "short",
]


@pytest.fixture(scope="module")
def built() -> Path:
    return built_minilm()


def _cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    left, right = np.asarray(a), np.asarray(b)
    return (left * right).sum(axis=1) / (
        np.linalg.norm(left, axis=1) * np.linalg.norm(right, axis=1)
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not MINILM_SHARED.is_file(),
    reason=f"the reference GGUF {MINILM_SHARED} is not beside the checkout",
)
def test_built_model_embeds_as_the_reference_gguf_does(built: Path) -> None:
    reference = Embedder(MINILM_SHARED, n_threads=2)
    ours = Embedder(built, n_threads=2)
    try:
        cosines = _cosines(reference.embed(SENTENCES), ours.embed(SENTENCES))
    finally:
        reference.close()
        ours.close()
    assert cosines.min() >= 0.999, cosines


@pytest.mark.skipif(
    not MINILM_SHARED.is_file(),
    reason=f"the reference GGUF {MINILM_SHARED} is not beside the checkout",
)
def test_built_model_has_the_reference_tensors_vocabulary_and_metadata(built: Path) -> None:
    reference, ours = GGUFReader(MINILM_SHARED), GGUFReader(built)
    theirs = {t.name: t for t in reference.tensors}
    assert sorted(theirs) == sorted(t.name for t in ours.tensors)
    for tensor in ours.tensors:
        other = theirs[tensor.name]
        assert tensor.tensor_type == other.tensor_type, tensor.name
        np.testing.assert_array_equal(np.asarray(tensor.data), np.asarray(other.data))
    for key in ("tokenizer.ggml.tokens", "tokenizer.ggml.token_type"):
        assert ours.fields[key].contents() == reference.fields[key].contents(), key
    # Everything else as llama.cpp's converter wrote it, but the pre-tokenizer name, which
    # it finds by hashing a transformers tokenizer's output (WordPiece does not use it).
    skipped = {"tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "tokenizer.ggml.pre"}
    skipped |= {"tokenizer.ggml.token_type_count", "GGUF.kv_count"}  # 2 types, per config
    for key, field in reference.fields.items():
        if key not in skipped:
            assert ours.fields[key].contents() == field.contents(), key


@pytest.mark.slow
def test_built_model_is_a_working_embedder(built: Path) -> None:
    embedder = Embedder(built, n_threads=2)
    try:
        assert embedder.dimensions == 384
        assert embedder.max_tokens == 512
        vectors = embedder.embed(
            [
                "Cut cloud spend by a third by right-sizing the clusters.",
                "Reduced infrastructure cost 33% by resizing our Kubernetes nodes.",
                "My grandmother bakes bread on Sundays.",
            ]
        )
    finally:
        embedder.close()
    same, other = _cosines(vectors[:1] * 2, vectors[1:])
    assert same > 0.5 > other, (same, other)


def test_wheel_folder_is_recognised_and_a_chat_folder_is_not(tmp_path: Path) -> None:
    assert is_sentence_bert_folder(minilm_folder())
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama"}))
    (tmp_path / "model.safetensors").write_bytes(b"")
    (tmp_path / "vocab.txt").write_text("[PAD]\n")
    assert not is_sentence_bert_folder(tmp_path)
    with pytest.raises(ConversionError, match="not a BERT sentence-transformers folder"):
        convert(tmp_path, tmp_path / "out.gguf")
    assert not list(tmp_path.glob("out.gguf*"))


def _write_safetensors(path: Path, tensors: dict[str, tuple[str, list[int], bytes]]) -> None:
    header: dict[str, object] = {}
    offset = 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {
            "dtype": dtype,
            "shape": shape,
            "data_offsets": [offset, offset + len(data)],
        }
        offset += len(data)
    encoded = json.dumps(header).encode()
    path.write_bytes(
        struct.pack("<Q", len(encoded)) + encoded + b"".join(d for _, _, d in tensors.values())
    )


def test_safetensors_reader_widens_bfloat16_and_refuses_unknown_dtypes(tmp_path: Path) -> None:
    values = np.array([1.5, -2.0, 0.15625, 3.0], dtype=np.float32)
    bf16 = (values.view(np.uint32) >> 16).astype(np.uint16).tobytes()
    path = tmp_path / "model.safetensors"
    _write_safetensors(
        path,
        {
            "a": ("BF16", [2, 2], bf16),
            "b": ("F16", [4], values.astype(np.float16).tobytes()),
        },
    )
    read = dict(read_safetensors(path))
    np.testing.assert_array_equal(read["a"], values.reshape(2, 2))
    np.testing.assert_array_equal(read["b"], values)
    _write_safetensors(path, {"c": ("F8_E4M3", [1], b"\x00")})
    with pytest.raises(ConversionError, match="unsupported dtype F8_E4M3"):
        list(read_safetensors(path))
