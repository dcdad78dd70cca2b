"""Each fault of a model server gives its own message, and Cancel closes the request at
once. Error statuses, a schema the server ignores and stalls come from a real HTTP
server on 127.0.0.1 (status_server.py); a server killed in the middle of an answer and
a connection dropped halfway are the real llama.cpp server (llama_server.py)."""

from __future__ import annotations

import threading

import pytest

from models.errors import ModelOutputError
from models.generation import Message
from models.remote_connection import Connection
from models.remote_engine import RemoteChatEngine
from models.remote_http import (
    SchemaUnsupported,
    ServerBusy,
    ServerDown,
    ServerDropped,
    ServerNoModel,
    ServerRefusedKey,
    ServerTimeout,
)
from models.remote_structured import MODES
from tests.models.llama_server import CuttingRelay, LlamaServer, ServedModel, free_port
from tests.models.status_server import Script, StatusServer

ASK = [Message("user", "Name three things a good incident review covers.")]
SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string", "maxLength": 80}},
    "required": ["answer"],
}


def connect(url: str, model: str = "stub-model", **kwargs: object) -> RemoteChatEngine:
    return RemoteChatEngine.connect(Connection(url, model, **kwargs), structured_mode="json_schema")  # type: ignore[arg-type]


def test_nothing_listening_is_server_down() -> None:
    with pytest.raises(ServerDown) as down:
        connect(f"http://127.0.0.1:{free_port()}")
    assert "Nothing answers at" in down.value.message and "Start the server" in down.value.hint


def test_a_401_asks_for_the_api_key() -> None:
    with (
        StatusServer(Script(models_status=401)) as server,
        pytest.raises(ServerRefusedKey) as refused,
    ):
        connect(server.url)
    assert "API key" in refused.value.message and "401" in refused.value.message


def test_a_model_the_server_does_not_list_and_a_404_name_the_model() -> None:
    with StatusServer() as server:
        with pytest.raises(ServerNoModel) as missing:
            connect(server.url, model="qwen-7b")
        assert "'qwen-7b'" in missing.value.message and "stub-model" in missing.value.message
        server.script.models = []  # a server that lists nothing, then 404s the model
        server.script.chat_status = 404
        engine = connect(server.url, model="qwen-7b")
        with pytest.raises(ServerNoModel, match="no model called 'qwen-7b'"):
            engine.generate(ASK, max_tokens=8)
        engine.close()


def test_a_429_says_the_server_is_busy_and_when_to_retry() -> None:
    with StatusServer() as server:
        engine = connect(server.url)
        server.script.chat_status = 429
        with pytest.raises(ServerBusy) as busy:
            engine.generate(ASK, max_tokens=8)
        engine.close()
    assert "busy" in busy.value.message and "Wait 7 seconds" in busy.value.hint


def test_a_server_that_ignores_every_schema_field_is_found_at_connect_and_said_plainly() -> None:
    with StatusServer() as server:
        engine = RemoteChatEngine.connect(Connection(server.url, "stub-model"))
        # Each way of sending the schema was tried once, then plain streaming still works.
        assert engine.structured_mode is None
        assert len(server.bodies) == len(MODES)
        assert "".join(engine.stream(ASK, max_tokens=16)).startswith("Hello there")
        with pytest.raises(SchemaUnsupported) as unsupported:
            engine.complete_json(ASK, SCHEMA, max_tokens=32)
        engine.close()
    assert "cannot be held to a JSON schema" in unsupported.value.message


def test_an_answer_that_breaks_the_schema_is_the_same_clear_error_as_in_process() -> None:
    """The server took the schema field and ignored it: the app's own check catches it."""
    with StatusServer(Script(reply='{"answer": 42}')) as server:
        engine = connect(server.url)
        with pytest.raises(ModelOutputError) as invalid:
            engine.complete_json(ASK, SCHEMA, max_tokens=32)
        engine.close()
    assert "did not fit the answer's schema" in invalid.value.message
    assert "after 2 tries" in invalid.value.message and len(server.bodies) == 2
    assert server.bodies[0]["response_format"]["type"] == "json_schema"  # type: ignore[index]


def test_a_stream_that_stops_mid_answer_is_a_timeout_in_words() -> None:
    with StatusServer(Script(after_first="silent")) as server:
        engine = connect(server.url, timeout_seconds=1.0)
        pieces: list[str] = []
        with pytest.raises(ServerTimeout) as timeout:
            for piece in engine.stream(ASK, max_tokens=32):
                pieces.append(piece)
        engine.close()
    assert pieces == ["Hello "]
    assert "stopped sending in the middle of the answer" in timeout.value.message


def test_cancel_closes_the_connection_while_the_read_is_blocked() -> None:
    """The server sends one piece, then only keep-alives: no piece for the loop to
    check the flag at. Cancel must still end the stream and hang up."""
    with StatusServer(Script(after_first="ping")) as server:
        engine = connect(server.url, timeout_seconds=60.0)
        cancelled = threading.Event()
        threading.Timer(0.3, cancelled.set).start()
        result = engine.generate(ASK, max_tokens=32, should_stop=cancelled.is_set)
        assert result.finish_reason == "cancelled" and result.text == "Hello "
        # The server finds the connection gone at its next keep-alive.
        assert server.disconnected.wait(5)
        engine.close()


@pytest.mark.slow
def test_a_server_killed_mid_stream_is_a_dropped_connection(instruct_model_path, tmp_path) -> None:
    with LlamaServer(
        [ServedModel("qwen-0.5b", instruct_model_path, n_ctx=1024)], tmp_path
    ) as server:
        engine = connect(server.url, model="qwen-0.5b")
        pieces: list[str] = []
        with pytest.raises((ServerDropped, ServerDown)) as dropped:
            for piece in engine.stream(ASK, max_tokens=200):
                pieces.append(piece)
                if len(pieces) == 3:
                    server.kill()
        engine.close()
    assert len(pieces) >= 3
    assert "in the middle of the answer" in dropped.value.message
    assert "Your answers are saved" in dropped.value.hint


@pytest.mark.slow
def test_a_connection_dropped_halfway_through_a_real_answer(llama_server) -> None:
    with CuttingRelay(llama_server.port, cut_after=1500) as relay:
        engine = RemoteChatEngine.connect(
            Connection(relay.url, "qwen-0.5b"), structured_mode="grammar"
        )
        with pytest.raises(ServerDropped) as dropped:
            engine.complete_json(ASK, SCHEMA, max_tokens=120)
        engine.close()
    assert relay.cuts == 1  # one try: a dropped answer is not retried behind the candidate
    assert "dropped in the middle of the answer" in dropped.value.message
