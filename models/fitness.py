"""'Test this model': how a model behaves on this computer, in numbers and plain words.

Load time, first-token time, decoding speed, how many of N structured (JSON-schema)
requests came back complete and valid, and the memory the loaded model takes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import psutil

from models.errors import ModelOutputError
from models.generation import Generation, Message

ShouldStop = Callable[[], bool]
Report = Callable[[int, int, str], None]  # done, total, what is happening

# Below these a model is too slow for a live conversation on this computer.
LIVE_TOKENS_PER_SECOND = 8.0
USABLE_TOKENS_PER_SECOND = 3.0

PROBE_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "maxLength": 160},
        "missing": {
            "type": "array",
            "items": {"type": "string", "enum": ["scope", "decision", "metric", "people"]},
            "maxItems": 4,
        },
    },
    "required": ["question", "missing"],
}
PROBE_PROMPTS = [
    "Bullet: 'Worked on the payments service.' Ask one clarifying question and list what is "
    "missing. Answer in JSON.",
    "Bullet: 'Led migration to Kubernetes, improving reliability.' Ask one question about the "
    "measurable result. Answer in JSON.",
    "Bullet: 'Helped other teams adopt the new CI.' Ask who decided what. Answer in JSON.",
    "Bullet: 'Reduced costs.' Ask for baseline and time frame. Answer in JSON.",
    "Bullet: 'Mentored engineers.' Ask about scope and outcome. Answer in JSON.",
]


@dataclass
class FitnessResult:
    kind: str
    load_seconds: float
    memory_mb: float
    checked_at: str
    first_token_seconds: float | None = None
    tokens_per_second: float | None = None
    structured_valid: int | None = None
    structured_total: int | None = None
    chunks_per_second: float | None = None
    verdict: str = ""


def _rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def check_chat_model(
    path: Path,
    *,
    requests: int = 5,
    n_threads: int | None = None,
    should_stop: ShouldStop | None = None,
    report: Report | None = None,
) -> FitnessResult:
    from models.chat_engine import ChatEngine  # noqa: PLC0415  (loads llama.cpp)

    say = report or (lambda *_: None)
    say(0, requests + 2, "Loading the model")
    before = _rss_mb()
    engine = ChatEngine(path, n_ctx=2048, n_threads=n_threads)
    try:
        return measure_chat(
            engine,
            load_seconds=engine.load_seconds,
            memory_mb=lambda: _rss_mb() - before,
            requests=requests,
            should_stop=should_stop,
            report=say,
        )
    finally:
        engine.close()


class _Measurable(Protocol):
    def generate(self, messages: Sequence[Any], **kwargs: Any) -> Generation: ...

    def complete_json(
        self,
        messages: Sequence[Any],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        should_stop: ShouldStop | None = None,
        attempts: int = 2,
    ) -> dict[str, Any]: ...


def measure_chat(
    engine: _Measurable,
    *,
    load_seconds: float,
    memory_mb: Callable[[], float],
    requests: int,
    should_stop: ShouldStop | None,
    report: Report,
) -> FitnessResult:
    """The same measurement for an in-process engine and a server's."""
    steps = requests + 2
    report(1, steps, "Measuring speed")
    speed = engine.generate(
        [Message("user", "In three sentences, what makes a good incident review?")],
        max_tokens=64,
        should_stop=should_stop,
    )
    valid = 0
    for index in range(requests):
        if should_stop and should_stop():
            break
        report(2 + index, steps, f"Structured request {index + 1} of {requests}")
        try:
            engine.complete_json(
                [Message("user", PROBE_PROMPTS[index % len(PROBE_PROMPTS)])],
                PROBE_SCHEMA,
                max_tokens=160,
                should_stop=should_stop,
                attempts=1,
            )
            valid += 1
        except ModelOutputError:
            pass
    report(steps, steps, "Done")
    result = FitnessResult(
        kind="chat",
        load_seconds=round(load_seconds, 3),
        memory_mb=round(memory_mb(), 1),
        checked_at=_now(),
        first_token_seconds=round(speed.first_token_seconds or 0.0, 3),
        tokens_per_second=round(speed.tokens_per_second, 1),
        structured_valid=valid,
        structured_total=requests,
    )
    result.verdict = chat_verdict(result)
    return result


def chat_verdict(result: FitnessResult) -> str:
    tps = result.tokens_per_second or 0.0
    valid = (result.structured_valid or 0) / max(1, result.structured_total or 1)
    if valid < 0.6:
        return "Unreliable: many structured answers failed; choose a larger model."
    if tps >= LIVE_TOKENS_PER_SECOND:
        return "Good: fast enough for live coaching on this computer."
    if tps >= USABLE_TOKENS_PER_SECOND:
        return "Usable: answers take a few seconds on this computer."
    return "Too slow for live coaching on this computer; choose a smaller model."


def check_embedding_model(
    path: Path,
    *,
    n_threads: int | None = None,
    should_stop: ShouldStop | None = None,
    report: Report | None = None,
) -> FitnessResult:
    from models.embedder import Embedder  # noqa: PLC0415  (loads llama.cpp)

    say = report or (lambda *_: None)
    say(0, 2, "Loading the model")
    before = _rss_mb()
    started = time.perf_counter()
    embedder = Embedder(path, n_threads=n_threads)
    load_seconds = time.perf_counter() - started
    try:
        say(1, 2, "Embedding sample chunks")
        chunks = [
            f"Reduced p99 latency of service {i} by {10 + i}% over a quarter by caching reads."
            for i in range(64)
        ]
        started = time.perf_counter()
        embedder.embed(chunks, should_stop=should_stop)
        rate = len(chunks) / (time.perf_counter() - started)
        memory = _rss_mb() - before
    finally:
        embedder.close()
    say(2, 2, "Done")
    return FitnessResult(
        kind="embedding",
        load_seconds=round(load_seconds, 3),
        memory_mb=round(memory, 1),
        checked_at=_now(),
        chunks_per_second=round(rate, 1),
        verdict=(
            "Good: indexes a CV in seconds."
            if rate >= 10
            else "Slow: indexing large libraries will take a while."
        ),
    )
