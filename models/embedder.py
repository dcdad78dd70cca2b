"""Sentence embeddings on llama.cpp, batched: many chunks share one decode.

Each text is cut to the model's training context (BERT-style models have no room
beyond it). Batch size: measured on MiniLM with ~30-token chunks on 2 cores, 512
tokens per decode gave 49 chunks/s, 256 gave 32 and 2048 gave 22 (attention spans
the whole batch), and 384 tripped a ggml assertion; so 512, fixed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from llama_cpp import Llama

from models.discovery import inspect_gguf
from models.errors import ModelError, ModelLoadError
from models.llama_logs import route_llama_logs

ShouldStop = Callable[[], bool]
BATCH_TOKENS = 512


class Embedder:
    def __init__(self, path: Path, *, n_threads: int | None = None) -> None:
        info = inspect_gguf(path)
        if not info.usable:
            raise ModelLoadError(f"{path.name} cannot be loaded: {info.problem}.")
        if info.kind != "embedding":
            raise ModelLoadError(
                f"{path.name} is a {info.kind} model ({info.architecture}), "
                "not an embedding model.",
                hint="Choose a sentence-embedding model such as all-MiniLM-L6-v2 here.",
            )
        route_llama_logs()
        self.max_tokens = info.context_length or 512
        try:
            # n_ubatch = n_batch: non-causal models need a whole sequence in one micro-batch.
            self._llm = Llama(
                model_path=str(path),
                embedding=True,
                n_ctx=BATCH_TOKENS,
                n_batch=BATCH_TOKENS,
                n_ubatch=BATCH_TOKENS,
                n_threads=n_threads,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(f"llama.cpp could not load {path.name}: {exc}") from exc
        self.path = path
        self.name = info.name or path.stem
        self.dimensions = self._llm.n_embd()
        self._lock = threading.Lock()
        self._closed = False

    def _fit(self, text: str) -> str:
        """Cut a text that is longer than the model's context, at a token boundary."""
        tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=True)
        if len(tokens) <= self.max_tokens:
            return text
        kept = self._llm.detokenize(tokens[1 : self.max_tokens - 8])
        return kept.decode("utf-8", "ignore")

    def embed(
        self, texts: Sequence[str], *, should_stop: ShouldStop | None = None
    ) -> list[list[float]]:
        """Unit-length vectors, one per text, in order."""
        if not texts:
            return []
        with self._lock:
            if self._closed:
                # The app swaps models while a search may still hold the old one.
                raise ModelError(
                    "The embedding model was changed while this was running.",
                    hint="Try again: the new model is in place.",
                )
            if should_stop and should_stop():
                return []
            # Only a text longer in characters than the context in tokens can overflow it.
            fitted = [self._fit(t) if len(t) > self.max_tokens else t for t in texts]
            vectors: list[list[float]] = self._llm.embed(fitted, normalize=True)
            return vectors

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._llm.close()
