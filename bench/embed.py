"""Embedding throughput: the app's embedder against llama-cpp-python's raw embed call
(default settings) on the same model and chunks, in one run. Last line is the figure."""

from __future__ import annotations

import statistics
import time

from _models import embedding_model
from llama_cpp import Llama

from models.embedder import Embedder

CHUNKS = [
    f"Led the migration of {i} services to Kubernetes across three teams, cutting deploy "
    f"time by {i % 50}% over two quarters while keeping the error budget."
    for i in range(300)
]
ROUNDS = 3


def rate(embed) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    vectors = embed(CHUNKS)
    assert len(vectors) == len(CHUNKS)
    return len(CHUNKS) / (time.perf_counter() - started)


def main() -> None:
    model = embedding_model()
    engine = Embedder(model, n_threads=2)
    raw = Llama(str(model), embedding=True, n_threads=2, verbose=False)
    engine.embed(CHUNKS[:8])
    raw.embed(CHUNKS[:8])
    engine_rates, raw_rates = [], []
    for _ in range(ROUNDS):
        raw_rates.append(rate(lambda texts: raw.embed(texts, normalize=True)))
        engine_rates.append(rate(engine.embed))
    raw_cps = statistics.median(raw_rates)
    engine_cps = statistics.median(engine_rates)
    print(f"model: {model.name}, {len(CHUNKS)} chunks of ~30 tokens, 2 threads")
    print(f"raw llama-cpp-python embed: {raw_cps:.1f} chunks/s")
    print(f"app embedder: {engine_cps:.1f} chunks/s")
    print(
        f"embed: engine {engine_cps:.1f} chunks/s vs raw {raw_cps:.1f} chunks/s = "
        f"{engine_cps / raw_cps:.2f}x"
    )


if __name__ == "__main__":
    main()
