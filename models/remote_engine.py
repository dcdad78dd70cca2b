"""The chat engine on a model server that speaks the OpenAI API (llama.cpp's
llama-server, Ollama, LM Studio, vLLM), behind the same ChatModel protocol as the
in-process engine.

Answers stream over server-sent events (httpx-sse). Cancel closes the connection at
once, even while the server is still reading the prompt: a watcher shuts the socket
down, which wakes the blocked read. A connection that breaks mid-answer, a timeout,
an error status: each is a ServerError in words (remote_http), and a partial answer
is never passed on as a whole one.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Generator, Sequence
from typing import Any

import httpx
from httpx_sse import SSEError, connect_sse

from models.errors import ModelError
from models.generation import Generation, Message
from models.json_answers import answer_json
from models.remote_address import Resolve, ServerPlace, system_resolve
from models.remote_connection import Connection
from models.remote_http import (
    SchemaUnsupported,
    ServerDropped,
    ServerError,
    ServerNoModel,
    listed_models,
    open_client,
    status_error,
    transport_error,
)
from models.remote_structured import (
    MODES,
    PROBE_MAX_TOKENS,
    PROBE_PROMPT,
    PROBE_SCHEMA,
    mode_label,
    probe_passed,
    request_fields,
    schema_problem,
)

ShouldStop = Callable[[], bool]
CANCEL_POLL_SECONDS = 0.05
# Same sampling as the in-process engine's defaults; only the standard OpenAI fields,
# which every server takes.
TEMPERATURE = 0.7
TOP_P = 0.95


class _CancelWatch:
    """Shuts the response's socket down as soon as `should_stop` turns true, so a read
    blocked on a slow server returns at once instead of at the next piece."""

    def __init__(self, response: httpx.Response, should_stop: ShouldStop | None) -> None:
        self.fired = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        if should_stop is None:
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return

        def watch() -> None:
            while not self._done.wait(CANCEL_POLL_SECONDS):
                if should_stop():
                    self.fired = True
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    return

        self._thread = threading.Thread(target=watch, name="remote-cancel", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=1)


class RemoteChatEngine:
    """`RemoteChatEngine.connect(Connection(...))` checks the address, the model and the
    server's structured-output mode; then `stream` and `complete_json` as in-process."""

    template_source = "the server's"

    def __init__(
        self,
        client: httpx.Client,
        place: ServerPlace,
        connection: Connection,
        *,
        structured_mode: str | None,
        label: str = "",
    ) -> None:
        self._client = client
        self.place = place
        self.connection = connection
        self.structured_mode = structured_mode
        self.model = connection.model
        self.name = label or connection.model
        self.load_seconds = 0.0
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def connect(
        cls,
        connection: Connection,
        *,
        label: str = "",
        resolve: Resolve = system_resolve,
        structured_mode: str | None = None,
    ) -> RemoteChatEngine:
        """Check the address and the model, and find how the server takes a schema
        (unless `structured_mode` gives a mode already found)."""
        started = time.perf_counter()
        client, place = open_client(connection, resolve=resolve)
        try:
            models = listed_models(client, place)
            if models and connection.model not in models:
                raise ServerNoModel(
                    f"The model server at {place.url} has no model called "
                    f"{connection.model!r}; it lists {', '.join(models[:8])}.",
                    hint="Choose one of the models the server lists.",
                )
            engine = cls(client, place, connection, structured_mode=None, label=label)
            engine.structured_mode = structured_mode or engine.find_structured_mode()
        except BaseException:
            client.close()
            raise
        engine.load_seconds = time.perf_counter() - started
        return engine

    # ---- structured output -------------------------------------------------------------

    def find_structured_mode(self) -> str | None:
        """The first way of sending a schema that this server honours, or None."""
        ask = [Message("user", PROBE_PROMPT)]
        for mode in MODES:
            try:
                result = self.generate(
                    ask, max_tokens=PROBE_MAX_TOKENS, json_schema=PROBE_SCHEMA, mode=mode,
                    temperature=0.0,
                )  # fmt: skip
            except SchemaUnsupported:
                continue
            except ServerError as exc:
                # Refusing an unknown field, some servers answer 500 (llama-cpp-python's
                # does); a real fault (down, key, model, busy) has its own class.
                if type(exc) is ServerError:
                    continue
                raise
            if result.finish_reason == "stop" and probe_passed(result.text):
                return mode
        return None

    def _schema_fields(self, schema: dict[str, Any], mode: str | None) -> dict[str, Any]:
        mode = mode or self.structured_mode
        if mode is None:
            raise SchemaUnsupported(
                f"The model {self.model!r} on {self.place.url} cannot be held to a JSON "
                f"schema: the server ignored or refused every way of sending one "
                f"({', '.join(mode_label(m) for m in MODES)}).",
                hint="Drafts, scoring and posting checks need structured answers: use "
                "llama.cpp's llama-server, Ollama 0.5 or later, LM Studio or vLLM, or a "
                "model on this computer.",
            )
        return request_fields(mode, schema)

    # ---- generation ----------------------------------------------------------------------

    def stream(
        self,
        messages: Sequence[Any],
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        should_stop: ShouldStop | None = None,
        stop: Sequence[str] = (),
        mode: str | None = None,
        temperature: float = TEMPERATURE,
    ) -> Generator[str, None, Generation]:
        """Yield text as the server sends it; the return value is the Generation."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "top_p": TOP_P,
            "stream": True,
        }
        if stop:
            body["stop"] = list(stop)
        schema_field = ""
        if json_schema is not None:
            body.update(self._schema_fields(json_schema, mode))
            schema_field = mode_label(mode or self.structured_mode or "json_schema")
        with self._lock:
            if self._closed:
                raise ModelError(
                    "The chat model was changed or closed while this was waiting.",
                    hint="Try again: the new model is in place.",
                )
            result = Generation()
            pieces: list[str] = []
            started = time.perf_counter()
            watch: _CancelWatch | None = None
            try:
                with connect_sse(self._client, "POST", "/chat/completions", json=body) as source:
                    response = source.response
                    if response.status_code != 200:
                        raise status_error(
                            response, self.place, self.model, schema_field=schema_field
                        )
                    watch = _CancelWatch(response, should_stop)  # the answer has begun
                    try:
                        yield from self._events(source.iter_sse(), result, pieces, started,
                                                should_stop)  # fmt: skip
                    finally:
                        watch.close()
            except (httpx.HTTPError, SSEError) as exc:
                if not ((watch and watch.fired) or (should_stop is not None and should_stop())):
                    raise self._failure(exc, started=watch is not None) from exc
                result.finish_reason = "cancelled"
            if not result.finish_reason:
                raise ServerDropped(
                    f"The model server at {self.place.url} ended the answer without finishing "
                    "it; nothing of the cut-off answer is used.",
                    hint="Your answers are saved. Check the server, then try again.",
                )
            result.text = "".join(pieces)
            return result

    def _failure(self, exc: Exception, *, started: bool) -> ServerError:
        if isinstance(exc, SSEError):
            return ServerError(
                f"The server at {self.place.url} did not stream its answer as server-sent "
                f"events ({exc}).",
                hint="Check that the address is an OpenAI-compatible API.",
            )
        assert isinstance(exc, httpx.HTTPError)
        return transport_error(exc, self.place, started=started)

    def _events(
        self,
        events: Any,
        result: Generation,
        pieces: list[str],
        started: float,
        should_stop: ShouldStop | None,
    ) -> Generator[str, None, None]:
        """Pieces of the answer from the event stream; sets the result's finish reason."""
        for event in events:
            if event.data.strip() == "[DONE]":
                result.finish_reason = result.finish_reason or "stop"
                return
            try:
                chunk = json.loads(event.data)
            except ValueError:
                continue  # a comment or keep-alive line
            if isinstance(chunk, dict) and "error" in chunk:
                raise ServerError(
                    f"The model server at {self.place.url} failed in the middle of the "
                    f"answer: {str(chunk['error'])[:200]}",
                    hint="Your answers are saved. Try again.",
                )
            usage = chunk.get("usage") if isinstance(chunk, dict) else None
            if isinstance(usage, dict):
                result.prompt_tokens = int(usage.get("prompt_tokens") or 0)
            for choice in chunk.get("choices") or [] if isinstance(chunk, dict) else []:
                piece = (choice.get("delta") or {}).get("content") or ""
                if piece:
                    now = time.perf_counter()
                    if result.first_token_seconds is None:
                        result.first_token_seconds = now - started
                    result.decode_seconds = now - started - result.first_token_seconds
                    # One streamed piece is one token on llama.cpp, Ollama and vLLM.
                    result.completion_tokens += 1
                    pieces.append(piece)
                    yield piece
                reason = choice.get("finish_reason")
                if reason:
                    result.finish_reason = "length" if reason == "length" else "stop"
            if should_stop is not None and should_stop():
                result.finish_reason = "cancelled"
                return
        # The body ended: complete only if the server said why it stopped.

    def generate(self, messages: Sequence[Any], **kwargs: Any) -> Generation:
        """Run `stream` to the end and return the Generation."""
        stream = self.stream(messages, **kwargs)
        while True:
            try:
                next(stream)
            except StopIteration as done:
                value: Generation = done.value
                return value

    def complete_json(
        self,
        messages: Sequence[Any],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        should_stop: ShouldStop | None = None,
        attempts: int = 2,
    ) -> dict[str, Any]:
        """A schema-constrained answer, parsed and checked against the schema."""
        self._schema_fields(schema, None)  # says plainly when the server takes no schema
        return answer_json(
            lambda: self.generate(
                messages, max_tokens=max_tokens, json_schema=schema, should_stop=should_stop
            ),
            attempts=attempts,
            check=schema_problem(schema),
        )

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._client.close()
