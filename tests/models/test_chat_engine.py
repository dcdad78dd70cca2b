"""The chat engine on the real llama.cpp build and the real Gemma 3 270M (a base model:
these tests prove the plumbing, not the quality of what it says)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.chat_engine import ChatEngine, Generation, Message, Sampling, json_grammar
from models.errors import ContextOverflowError, ModelError, ModelLoadError, ModelOutputError
from tests.models.gguf_files import write_gguf

GREEDY = Sampling(temperature=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.1)
ESSAY = [Message("user", "Write a long, detailed essay about operating databases.")]
QUESTION_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "maxLength": 80},
        "focus": {"type": "string", "enum": ["scope", "decision", "result"]},
    },
    "required": ["question", "focus"],
}


@pytest.fixture(scope="module")
def engine(chat_model_path: Path) -> Iterator[ChatEngine]:
    built = ChatEngine(chat_model_path, n_ctx=1024, n_threads=2, sampling=GREEDY)
    yield built
    built.close()


def drain(stream) -> tuple[list[str], Generation]:  # type: ignore[no-untyped-def]
    pieces = []
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as done:
            return pieces, done.value


def test_loads_with_the_fallback_template_for_a_file_without_one(engine: ChatEngine) -> None:
    assert engine.template_source == "fallback (ChatML)"
    assert engine.context_length == 1024
    assert engine.load_seconds > 0
    assert engine.count_tokens(ESSAY) > 10


def test_streams_pieces_that_add_up_to_the_result(engine: ChatEngine) -> None:
    pieces, result = drain(engine.stream(ESSAY, max_tokens=24))
    assert pieces and "".join(pieces) == result.text
    assert result.finish_reason in ("stop", "length")
    assert 0 < result.completion_tokens <= 24
    assert result.first_token_seconds is not None


def test_max_tokens_ends_with_length(engine: ChatEngine) -> None:
    result = engine.generate(ESSAY, max_tokens=6)
    assert result.finish_reason == "length"
    assert result.completion_tokens == 6


def test_stop_sequences_end_the_answer_and_are_not_shown(engine: ChatEngine) -> None:
    free = engine.generate(ESSAY, max_tokens=60)
    word = free.text.split()[0][-4:]  # greedy: the stopped run below sees the same text
    stopped = engine.generate(ESSAY, max_tokens=60, stop=[word])
    assert stopped.finish_reason == "stop"
    assert word not in stopped.text
    assert free.text.startswith(stopped.text)
    assert stopped.completion_tokens < free.completion_tokens


def test_json_schema_answers_always_parse(engine: ChatEngine) -> None:
    ask = [Message("user", "Give one clarifying question about the candidate's scope as JSON.")]
    for temperature in (0.0, 0.7, 1.0):
        # 256 covers the worst case the schema allows: 80 one-character tokens for the
        # string, the keys, and llama.cpp's bounded whitespace between them.
        result = engine.generate(
            ask,
            max_tokens=256,
            json_schema=QUESTION_SCHEMA,
            sampling=Sampling(temperature=temperature),
        )
        assert result.finish_reason == "stop", result.text
        value = json.loads(result.text)
        assert set(value) == {"question", "focus"}
        assert value["focus"] in ("scope", "decision", "result")
        assert len(value["question"]) <= 80
    parsed = engine.complete_json(ask, QUESTION_SCHEMA, max_tokens=256)
    assert parsed["focus"] in ("scope", "decision", "result")


def test_json_strings_cannot_hold_control_characters(engine: ChatEngine) -> None:
    """llama-cpp-python's own converter let a raw newline into a string (2 in 40 answers
    at temperature 1 here); the engine's grammar excludes control characters."""
    grammar = json_grammar(json.dumps(QUESTION_SCHEMA))
    assert r'char ::= [^"\\\x7F\x00-\x1F]' in grammar
    ask = [Message("user", "Give one clarifying question about the candidate's scope as JSON.")]
    for _ in range(12):
        result = engine.generate(
            ask, max_tokens=256, json_schema=QUESTION_SCHEMA, sampling=Sampling(temperature=1.0)
        )
        assert set(json.loads(result.text)) == {"question", "focus"}, result.text


def test_a_cut_off_json_answer_is_reported_not_handed_on(engine: ChatEngine) -> None:
    ask = [Message("user", "Give one clarifying question as JSON.")]
    with pytest.raises(ModelOutputError, match="cut off"):
        engine.complete_json(ask, QUESTION_SCHEMA, max_tokens=3)


def test_cancel_mid_generation(engine: ChatEngine) -> None:
    # Stopped after the third piece of text, not after a delay: on a loaded machine the
    # prompt alone can outlast any fixed delay, and then nothing was generated to cancel.
    stop = threading.Event()
    stream = engine.stream(ESSAY, max_tokens=900, should_stop=stop.is_set)
    pieces = 0
    while True:
        try:
            next(stream)
        except StopIteration as done:
            result = done.value
            break
        pieces += 1
        if pieces == 3:
            stop.set()
    assert result.finish_reason == "cancelled"
    assert 3 <= result.completion_tokens < 900
    after = engine.generate(ESSAY, max_tokens=4)  # the engine is still usable
    assert after.completion_tokens == 4


def test_cancel_during_a_long_prompt_stops_inside_llama_cpp(engine: ChatEngine) -> None:
    long_prompt = [Message("user", "Evidence: " + "led the platform team; " * 140)]
    engine.forget_cache()
    stop = threading.Event()
    timer = threading.Timer(0.05, stop.set)
    timer.start()
    result = engine.generate(long_prompt, max_tokens=10, should_stop=stop.is_set)
    timer.cancel()
    assert result.finish_reason == "cancelled"
    assert result.completion_tokens == 0
    again = engine.generate(ESSAY, max_tokens=3)
    assert again.completion_tokens == 3


def test_a_growing_conversation_reuses_the_cached_prefix(engine: ChatEngine) -> None:
    engine.forget_cache()
    messages = [Message("system", "You coach engineers. " * 20), Message("user", "First?")]
    first = engine.generate(messages, max_tokens=8)
    assert first.reused_tokens == 0
    messages += [Message("assistant", first.text), Message("user", "And then?")]
    second = engine.generate(messages, max_tokens=8)
    assert second.reused_tokens >= first.prompt_tokens - 1
    assert second.prompt_tokens > first.prompt_tokens


def test_oldest_turns_are_trimmed_to_fit_the_context(chat_model_path: Path) -> None:
    small = ChatEngine(chat_model_path, n_ctx=256, n_threads=2, sampling=GREEDY)
    try:
        messages = [Message("system", "Be brief.")]
        for i in range(12):
            messages += [
                Message("user", f"Question {i}: tell me about your scale and decisions."),
                Message("assistant", f"Answer {i}: I led three teams and decided the plan."),
            ]
        messages.append(Message("user", "Last question?"))
        result = small.generate(messages, max_tokens=16)
        assert result.dropped_messages > 0
        assert result.prompt_tokens + 16 <= 256
        with pytest.raises(ContextOverflowError, match="context holds 256"):
            small.generate([Message("user", "word " * 400)], max_tokens=16)
    finally:
        small.close()


def test_calls_from_two_threads_take_turns(engine: ChatEngine) -> None:
    results: list[Generation] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            results.append(engine.generate(ESSAY, max_tokens=8))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert [r.completion_tokens for r in results] == [8, 8, 8]


def test_an_embedding_model_is_refused_as_a_chat_model(embedding_model: Path) -> None:
    with pytest.raises(ModelLoadError, match="embedding model"):
        ChatEngine(embedding_model)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"<html>Not Found</html>", "not a GGUF file"), (b"", "empty")],
)
def test_files_that_are_not_models_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelLoadError) as caught:
        ChatEngine(path)
    assert "cannot be loaded" in caught.value.message


def test_truncated_and_vocab_only_files_are_refused(tmp_path: Path, chat_model_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    with chat_model_path.open("rb") as handle:
        cut.write_bytes(handle.read(20_000_000))
    with pytest.raises(ModelLoadError, match="cannot be loaded"):
        ChatEngine(cut)
    vocab = write_gguf(tmp_path / "ggml-vocab.gguf", with_tensors=False)
    with pytest.raises(ModelLoadError, match="vocab-only"):
        ChatEngine(vocab)


def test_a_model_larger_than_free_memory_is_refused_before_loading(tmp_path: Path) -> None:
    """A real GGUF made sparse-large (10 TB on paper, a few KB on disk)."""
    huge = write_gguf(tmp_path / "huge.gguf")
    with huge.open("r+b") as handle:
        handle.truncate(10**13)
    with pytest.raises(ModelLoadError, match="may not fit in memory") as caught:
        ChatEngine(huge)
    assert "GB is free" in caught.value.message


def test_a_closed_engine_refuses_work_instead_of_crashing(chat_model_path: Path) -> None:
    engine = ChatEngine(chat_model_path, n_ctx=256, n_threads=2)
    engine.close()
    engine.close()  # twice is fine
    with pytest.raises(ModelError, match="changed or closed"):
        engine.generate(ESSAY, max_tokens=2)
