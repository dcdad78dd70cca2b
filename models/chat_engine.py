"""The chat engine on llama.cpp: streaming, stop sequences, JSON-schema grammar,
prompt-prefix reuse, cancellation inside a decode, and context trimming.

One `Llama` stays loaded for the engine's life, so llama.cpp keeps the KV cache of
the previous prompt: an append-only conversation only evaluates the new turn. Calls
are serialised by a lock, so the engine is safe to use from worker threads, one
inference at a time.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import llama_cpp
from llama_cpp import Llama, LlamaGrammar
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from llama_cpp.llama_grammar import json_schema_to_gbnf

from models.discovery import inspect_gguf
from models.errors import ContextOverflowError, ModelError, ModelLoadError
from models.generation import Generation, Message  # noqa: F401  (callers import both here)
from models.json_answers import answer_json
from models.llama_logs import route_llama_logs
from models.memory import memory_fit

ShouldStop = Callable[[], bool]

# Files without a chat template (base models) get ChatML, the most widely trained format.
FALLBACK_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
FALLBACK_STOPS = ("<|im_end|>", "<|im_start|>")
# Tokens slower than this keep the in-decode cancel check on (see _watch_decode).
SLOW_TOKEN_SECONDS = 0.05
# Enough earlier tokens for the detokenizer to place spaces right at a piece boundary.
DETOKENIZE_CONTEXT = 4


@dataclass(frozen=True)
class Sampling:
    temperature: float = 0.7
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1


@dataclass
class _StopMatcher:
    """Holds back text that might be the start of a stop sequence."""

    stops: tuple[str, ...]
    held: str = ""
    hit: bool = field(default=False)

    def feed(self, text: str) -> str:
        self.held += text
        for stop in self.stops:
            index = self.held.find(stop)
            if index >= 0:
                out, self.held, self.hit = self.held[:index], "", True
                return out
        keep = 0
        for stop in self.stops:
            for size in range(min(len(stop) - 1, len(self.held)), 0, -1):
                if self.held.endswith(stop[:size]):
                    keep = max(keep, size)
                    break
        out = self.held[: len(self.held) - keep]
        self.held = self.held[len(self.held) - keep :]
        return out

    def flush(self) -> str:
        out, self.held = self.held, ""
        return out


class _TextAssembler:
    """Tokens to text: UTF-8 split across tokens, spaces at piece boundaries, stops."""

    def __init__(self, llm: Llama, stops: tuple[str, ...]) -> None:
        self._llm = llm
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._matcher = _StopMatcher(stops)
        self._tokens: list[int] = []
        self._pieces: list[str] = []

    def add(self, token: int) -> str:
        raw = self._llm.detokenize([token], prev_tokens=self._tokens[-DETOKENIZE_CONTEXT:])
        self._tokens.append(token)
        piece = self._matcher.feed(self._decoder.decode(raw))
        if piece:
            self._pieces.append(piece)
        return piece

    def finish(self) -> str:
        tail = self._matcher.flush() + self._decoder.decode(b"", final=True)
        if tail:
            self._pieces.append(tail)
        return tail

    @property
    def hit_stop(self) -> bool:
        return self._matcher.hit

    @property
    def count(self) -> int:
        return len(self._tokens)

    @property
    def shown(self) -> str:
        return "".join(self._pieces)


class ChatEngine:
    def __init__(
        self,
        path: Path,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        sampling: Sampling | None = None,
        allow_low_memory: bool = False,
    ) -> None:
        info = inspect_gguf(path)
        if not info.usable:
            raise ModelLoadError(f"{path.name} cannot be loaded: {info.problem}.")
        if info.kind == "embedding":
            raise ModelLoadError(
                f"{path.name} is an embedding model ({info.architecture}); it cannot chat.",
                hint="Choose it as the embedding model, and pick a chat model here.",
            )
        if info.context_length:
            n_ctx = min(n_ctx, info.context_length)
        fit = memory_fit(path, n_ctx=n_ctx)
        if not fit.fits and not allow_low_memory:
            raise ModelLoadError(
                f"{path.name} may not fit in memory. {fit.describe()}",
                hint="Close other programs, or choose a smaller model.",
            )
        route_llama_logs()
        started = time.perf_counter()
        try:
            self._llm = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_batch=512,
                n_threads=n_threads,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(f"llama.cpp could not load {path.name}: {exc}") from exc
        self.load_seconds = time.perf_counter() - started
        self.path = path
        self.name = info.name or path.stem
        self.context_length = self._llm.n_ctx()
        self.sampling = sampling or Sampling()
        self._lock = threading.Lock()
        self._closed = False
        self._grammars: dict[str, LlamaGrammar] = {}
        self._should_stop: ShouldStop | None = None
        self._abort = llama_cpp.ggml_abort_callback(self._abort_requested)
        self._vocab = llama_cpp.llama_model_get_vocab(self._llm.model)
        template = self._llm.metadata.get("tokenizer.chat_template")
        self.template_source = "file" if template else "fallback (ChatML)"
        self._formatter = Jinja2ChatFormatter(
            template=template or FALLBACK_TEMPLATE,
            eos_token=self._token_text(self._llm.token_eos()),
            bos_token=self._token_text(self._llm.token_bos()),
        )
        self._template_stops = () if template else FALLBACK_STOPS

    # ---- prompt --------------------------------------------------------------------

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llm.detokenize([token], special=True).decode("utf-8", "replace")

    def render(self, messages: Sequence[Any]) -> tuple[list[int], tuple[str, ...]]:
        """Prompt tokens and the template's stop strings for `messages`."""
        result = self._formatter(
            messages=[{"role": m.role, "content": m.content} for m in messages]
        )
        tokens = self._llm.tokenize(
            result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True
        )
        stops = result.stop if isinstance(result.stop, list) else [result.stop or ""]
        return tokens, tuple(s for s in (*stops, *self._template_stops) if s)

    def count_text_tokens(self, text: str) -> int:
        """Tokens of plain text (benches count another engine's answer with it)."""
        with self._lock:
            return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def count_tokens(self, messages: Sequence[Any]) -> int:
        with self._lock:
            if self._closed:
                raise ModelError("The chat model was closed.")
            return len(self.render(messages)[0])

    def _fit(
        self, messages: Sequence[Any], max_tokens: int
    ) -> tuple[list[int], tuple[str, ...], int]:
        """Drop the oldest turns after the system message until prompt + answer fit."""
        kept = list(messages)
        dropped = 0
        while True:
            tokens, stops = self.render(kept)
            if len(tokens) + max_tokens <= self.context_length:
                return tokens, stops, dropped
            first = 1 if kept and kept[0].role == "system" else 0
            if len(kept) - first <= 1:
                raise ContextOverflowError(
                    f"The request needs {len(tokens) + max_tokens} tokens but this model's "
                    f"context holds {self.context_length}.",
                    hint="Shorten the text, or choose a model with a longer context.",
                )
            del kept[first]
            dropped += 1

    # ---- generation ----------------------------------------------------------------

    def _watch_decode(self, on: bool) -> None:
        """llama.cpp polls the abort callback between graph nodes, so a cancel lands
        inside a long prompt evaluation or a slow token. Each poll enters Python,
        which cost a quarter of the decode speed of a small model, so it is on for
        the prompt and for models slower than SLOW_TOKEN_SECONDS a token, and off
        otherwise (then the check between tokens is quick enough)."""
        callback = self._abort if on else llama_cpp.ggml_abort_callback()
        llama_cpp.llama_set_abort_callback(self._llm.ctx, callback, None)

    def _abort_requested(self, _data: ctypes.c_void_p) -> bool:
        should_stop = self._should_stop
        return bool(should_stop and should_stop())

    def _grammar(self, schema: dict[str, Any]) -> LlamaGrammar:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = LlamaGrammar.from_string(json_grammar(key), verbose=False)
        return self._grammars[key]

    def _is_end(self, token: int) -> bool:
        return bool(llama_cpp.llama_vocab_is_eog(self._vocab, token))

    def stream(
        self,
        messages: Sequence[Any],
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        should_stop: ShouldStop | None = None,
        stop: Sequence[str] = (),
        sampling: Sampling | None = None,
    ) -> Generator[str, None, Generation]:
        """Yield text as it is generated; the generator's return value is the Generation."""
        with self._lock:
            if self._closed:
                # The app swaps chat models; a caller may still hold the old engine.
                raise ModelError(
                    "The chat model was changed or closed while this was waiting.",
                    hint="Try again: the new model is in place.",
                )
            tokens, template_stops, dropped = self._fit(messages, max_tokens)
            # Under a JSON grammar the grammar ends the answer; a template stop string such
            # as "<|im_start|>" may appear inside a JSON string and must not cut it.
            stops = tuple(stop) if json_schema else tuple(stop) + template_stops
            text = _TextAssembler(self._llm, stops)
            result = Generation(
                prompt_tokens=len(tokens),
                reused_tokens=_common_prefix(self._llm.input_ids[: self._llm.n_tokens], tokens),
                dropped_messages=dropped,
            )
            self._should_stop = should_stop
            try:
                yield from self._decode(
                    tokens, result, text, max_tokens, grammar=json_schema, sampling=sampling
                )
            finally:
                self._watch_decode(False)
                self._should_stop = None
            if result.finish_reason != "cancelled":
                tail = text.finish()
                if tail:
                    yield tail
            result.finish_reason = result.finish_reason or "stop"
            result.text = text.shown
            result.completion_tokens = text.count
            return result

    def _decode(
        self,
        tokens: list[int],
        result: Generation,
        text: _TextAssembler,
        max_tokens: int,
        *,
        grammar: dict[str, Any] | None,
        sampling: Sampling | None,
    ) -> Iterator[str]:
        """The token loop; it sets result's finish reason and timings."""
        params = sampling or self.sampling
        should_stop = self._should_stop
        self._watch_decode(should_stop is not None)
        started = last_at = time.perf_counter()
        try:
            for token in self._llm.generate(
                tokens,
                temp=params.temperature,
                top_k=params.top_k,
                top_p=params.top_p,
                min_p=params.min_p,
                repeat_penalty=params.repeat_penalty,
                grammar=self._grammar(grammar) if grammar else None,
            ):
                now = time.perf_counter()
                if result.first_token_seconds is None:
                    result.first_token_seconds = now - started
                    self._watch_decode(False)
                elif should_stop is not None and now - last_at > SLOW_TOKEN_SECONDS:
                    self._watch_decode(True)
                last_at = now
                if self._is_end(token):
                    result.finish_reason = "stop"
                    return
                result.decode_seconds = now - started - result.first_token_seconds
                piece = text.add(token)
                if piece:
                    yield piece
                if text.hit_stop:
                    result.finish_reason = "stop"
                elif should_stop is not None and should_stop():
                    result.finish_reason = "cancelled"
                elif text.count >= max_tokens:
                    result.finish_reason = "length"
                if result.finish_reason:
                    return
        except RuntimeError:
            # llama_decode returns an error when the abort callback fired.
            if not (should_stop and should_stop()):
                raise
            result.finish_reason = "cancelled"

    def generate(self, messages: Sequence[Any], **kwargs: Any) -> Generation:
        """Run `stream` to the end and return the Generation."""
        stream = self.stream(messages, **kwargs)
        while True:
            try:
                next(stream)
            except StopIteration as done:
                return done.value

    def complete_json(
        self,
        messages: Sequence[Any],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        should_stop: ShouldStop | None = None,
        attempts: int = 2,
    ) -> dict[str, Any]:
        """A grammar-constrained answer, parsed (see json_answers)."""
        return answer_json(
            lambda: self.generate(
                messages, max_tokens=max_tokens, json_schema=schema, should_stop=should_stop
            ),
            attempts=attempts,
        )

    def forget_cache(self) -> None:
        """Drop the cached prompt (benches use it to time a cold start)."""
        with self._lock:
            self._llm.reset()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            llama_cpp.llama_set_abort_callback(self._llm.ctx, llama_cpp.ggml_abort_callback(), None)
            self._llm.close()


# llama-cpp-python's schema converter lets raw control characters into JSON strings
# (`char ::= [^"\\]`), which json.loads rejects: seen as a newline inside a string
# in 2 of 40 answers at temperature 1. llama.cpp's own converter excludes them.
_LOOSE_CHAR = r'char ::= [^"\\] |'
_STRICT_CHAR = r'char ::= [^"\\\x7F\x00-\x1F] |'


def json_grammar(schema_json: str) -> str:
    """GBNF for a JSON schema whose strings can only hold characters JSON allows."""
    return json_schema_to_gbnf(schema_json).replace(_LOOSE_CHAR, _STRICT_CHAR)


def _common_prefix(cached: Sequence[int], tokens: Sequence[int]) -> int:
    count = 0
    for a, b in zip(cached, tokens, strict=False):
        if a != b:
            break
        count += 1
    return count
