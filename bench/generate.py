"""Streaming overhead: the app's chat engine against a raw llama-cpp-python decode loop.

Same model, context, threads and greedy sampling, alternating runs in one process.
Target: the engine streams at least 0.95x the raw loop's tokens per second.
The last line printed is the figure.
"""

from __future__ import annotations

import statistics
import threading
import time

from _models import chat_model
from llama_cpp import Llama

from models.chat_engine import ChatEngine, Message, Sampling

TOKENS = 160
ROUNDS = 5
GREEDY = Sampling(temperature=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.1)


def raw_rate(llm: Llama, prompt: str) -> float:
    tokens = llm.tokenize(prompt.encode(), add_bos=True, special=True)
    llm.reset()
    stamps = []
    for token in llm.generate(tokens, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.1):
        stamps.append(time.perf_counter())
        llm.detokenize([token])
        if len(stamps) >= TOKENS:
            break
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])


def engine_rate(engine: ChatEngine, prompt: str) -> float:
    """Tokens, not text pieces: some tokens yield no text of their own (a partial
    UTF-8 character, text held back while it could still be a stop sequence)."""
    engine.forget_cache()
    result = engine.generate([Message("user", prompt)], max_tokens=TOKENS, sampling=GREEDY)
    return result.tokens_per_second


def cancel_latency(engine: ChatEngine, messages: list[Message], after: float) -> float:
    """Seconds from setting the cancel flag to the engine handing control back."""
    stop = threading.Event()
    flagged: list[float] = []

    def flag() -> None:
        flagged.append(time.perf_counter())
        stop.set()

    engine.forget_cache()
    timer = threading.Timer(after, flag)
    timer.start()
    engine.generate(messages, max_tokens=400, should_stop=stop.is_set)
    returned = time.perf_counter()
    timer.cancel()
    return returned - flagged[0] if flagged else float("nan")


def main() -> None:
    path = chat_model()
    engine = ChatEngine(path, n_ctx=2048, n_threads=2)
    raw = Llama(str(path), n_ctx=2048, n_batch=512, n_threads=2, verbose=False)
    prompt = "Write a detailed essay about running databases in production."
    raw_rates, engine_rates = [], []
    raw_rate(raw, prompt)  # warm-up
    engine_rate(engine, prompt)
    for _ in range(ROUNDS):
        raw_rates.append(raw_rate(raw, prompt))
        engine_rates.append(engine_rate(engine, prompt))
    raw_tps = statistics.median(raw_rates)
    engine_tps = statistics.median(engine_rates)
    decode_cancel = max(cancel_latency(engine, [Message("user", prompt)], 0.5) for _ in range(3))
    long_prompt = [Message("user", "Evidence: " + "led the platform team; " * 250)]
    prompt_cancel = max(cancel_latency(engine, long_prompt, 0.2) for _ in range(3))
    print(f"model: {path.name}, 2 threads, greedy, up to {TOKENS} tokens, {ROUNDS} rounds")
    print(
        f"cancel latency (worst of 3): while decoding {decode_cancel * 1000:.1f} ms, "
        f"inside a long prompt {prompt_cancel * 1000:.1f} ms (target 100 ms)"
    )
    print(f"raw llama-cpp-python loop: {raw_tps:.1f} tokens/s")
    print(f"app chat engine (streaming): {engine_tps:.1f} tokens/s")
    print(
        f"generate: engine {engine_tps:.1f} tok/s vs raw {raw_tps:.1f} tok/s = "
        f"{engine_tps / raw_tps:.3f}x (target >= 0.95x)"
    )


if __name__ == "__main__":
    main()
