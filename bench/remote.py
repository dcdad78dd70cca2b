"""The same prompts through the in-process llama.cpp engine and through a local
`python -m llama_cpp.server` (the remote engine over HTTP and SSE), in one run.

Prints decode tokens/s and first-token time for each, their ratios (target: the
server at >= 0.9x of in-process on the same machine), and what a structured answer
costs over HTTP: the per-call time of a schema-constrained answer both ways, and the
connect-time probe that finds how the server takes a schema.

Runs alternate (in-process, server, in-process, ...) so a busy machine slows both alike.
Tokens are counted with the model's own tokenizer on the returned text, both ways.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _models import instruct_model

from models.chat_engine import ChatEngine, Sampling
from models.errors import ModelError
from models.fitness import PROBE_PROMPTS, PROBE_SCHEMA
from models.generation import Generation, Message
from models.remote_connection import Connection
from models.remote_engine import RemoteChatEngine
from tests.models.llama_server import LlamaServer, ServedModel

PROMPTS = [
    "In three sentences, what makes a good incident review?",
    "Give two ways to cut a service's p99 latency, one sentence each.",
    "What should a staff engineer check before a database migration? Three short points.",
]
MAX_TOKENS = 48
REPEATS = 2
THREADS = 2
PROMPTS_JSON = PROBE_PROMPTS[:3]


def rate(engine: ChatEngine, result: Generation) -> float:
    tokens = engine.count_text_tokens(result.text)
    return (tokens - 1) / result.decode_seconds if tokens > 1 and result.decode_seconds else 0.0


def main() -> None:
    model = instruct_model()
    local = ChatEngine(model, n_ctx=2048, n_threads=THREADS)
    folder = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    with LlamaServer([ServedModel("qwen", model, n_ctx=2048)], folder, threads=THREADS) as srv:
        started = time.perf_counter()
        remote = RemoteChatEngine.connect(Connection(srv.url, "qwen"))
        connect_seconds = time.perf_counter() - started
        probe_only = RemoteChatEngine.connect(
            Connection(srv.url, "qwen"), structured_mode="grammar"
        )
        bare_connect = probe_only.load_seconds
        probe_only.close()

        greedy = Sampling(temperature=0.0, top_k=1)
        speed: dict[str, list[float]] = {"local": [], "remote": []}
        first: dict[str, list[float]] = {"local": [], "remote": []}
        for _ in range(REPEATS):
            for prompt in PROMPTS:
                ask = [Message("user", prompt)]
                a = local.generate(ask, max_tokens=MAX_TOKENS, sampling=greedy)
                b = remote.generate(ask, max_tokens=MAX_TOKENS, temperature=0.0)
                speed["local"].append(rate(local, a))
                speed["remote"].append(rate(local, b))
                first["local"].append(a.first_token_seconds or 0.0)
                first["remote"].append(b.first_token_seconds or 0.0)

        structured: dict[str, list[float]] = {"local": [], "remote": []}
        valid = {"local": 0, "remote": 0}
        for prompt in PROMPTS_JSON:
            ask = [Message("user", prompt)]
            for name, engine in (("local", local), ("remote", remote)):
                t = time.perf_counter()
                try:
                    engine.complete_json(ask, PROBE_SCHEMA, max_tokens=160, attempts=1)
                    valid[name] += 1
                except ModelError as exc:  # counted, and the reason shown
                    print(f"  {name} structured answer failed: {exc}")
                structured[name].append(time.perf_counter() - t)
        remote.close()
    local.close()

    med = statistics.median
    print(
        f"model: {model.name}, {THREADS} threads, {MAX_TOKENS} tokens, "
        f"{REPEATS}x{len(PROMPTS)} prompts"
    )
    for name in ("local", "remote"):
        print(
            f"  {name:<7} decode {med(speed[name]):6.1f} tok/s   first token "
            f"{med(first[name]) * 1000:6.0f} ms   structured call {med(structured[name]):5.2f} s "
            f"({valid[name]}/{len(PROMPTS_JSON)} valid)"
        )
    tps_ratio = med(speed["remote"]) / med(speed["local"])
    # First-token ratio as speed: in-process time over server time (1.0 = as fast).
    ttft_ratio = med(first["local"]) / med(first["remote"])
    print(
        f"  connect: {connect_seconds:.2f} s with the structured-output probe, "
        f"{bare_connect:.2f} s without it"
    )
    print(
        f"  structured round trip over HTTP: "
        f"{med(structured['remote']) / med(structured['local']):.2f}x the in-process call"
    )
    print(f"tokens/s ratio (server / in-process): {tps_ratio:.2f}x (target >= 0.90x)")
    print(f"first-token ratio (in-process / server time): {ttft_ratio:.2f}x (target >= 0.90x)")


if __name__ == "__main__":
    main()
