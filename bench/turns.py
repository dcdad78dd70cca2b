"""Prefix reuse: time to first token at turns 1 to 10 of a growing conversation,
against a cold prompt of the same length in the same run.

Target: the first token of turn 10 within 1.3x of turn 1. The last line is the figure.
"""

from __future__ import annotations

import statistics

from _models import chat_model

from models.chat_engine import ChatEngine, Message, Sampling

EVIDENCE = " ".join(
    f"Role {i}: led a platform team of {i + 3} engineers; cut deploy time by {10 + i}% "
    f"over {i + 1} quarters by replacing hand-run scripts with a pipeline."
    for i in range(8)
)
QUESTIONS = [
    "What was the scale of the system you ran?",
    "Which decision was yours, not the team's?",
    "What changed measurably, from what baseline, over what time?",
    "Who else was involved and how did you bring them along?",
    "What was the hardest part?",
    "What would you do differently?",
    "How did you verify the change worked?",
    "What did it cost, and what did you give up?",
    "How did other teams adopt it?",
    "What did you learn?",
]
REPEATS = 3


def conversation_ttfts(engine: ChatEngine) -> tuple[list[float], float, int]:
    messages = [Message("system", f"You are an interview coach. Evidence:\n{EVIDENCE}")]
    ttfts = []
    sampling = Sampling(temperature=0.0, top_k=1)
    for question in QUESTIONS:
        messages.append(Message("user", question))
        result = engine.generate(messages, max_tokens=24, sampling=sampling)
        ttfts.append(result.first_token_seconds or 0.0)
        messages.append(Message("assistant", result.text))
    # The same last prompt, cold: nothing cached.
    engine.forget_cache()
    cold = engine.generate(messages[:-1], max_tokens=1, sampling=sampling)
    return ttfts, cold.first_token_seconds or 0.0, cold.prompt_tokens


def main() -> None:
    path = chat_model()
    engine = ChatEngine(path, n_ctx=4096, n_threads=2)
    runs = []
    for _ in range(REPEATS):
        engine.forget_cache()
        runs.append(conversation_ttfts(engine))
    per_turn = [statistics.median(run[0][i] for run in runs) for i in range(len(QUESTIONS))]
    cold = statistics.median(run[1] for run in runs)
    for turn, seconds in enumerate(per_turn, start=1):
        print(f"turn {turn:2d}: first token {seconds * 1000:6.1f} ms")
    print(f"cold prompt of turn 10's length ({runs[0][2]} tokens): {cold * 1000:.1f} ms")
    # Turn 1 also pays for the system text and evidence; turn 2 is the first turn
    # that only adds a question, so both ratios are shown.
    ratio = per_turn[-1] / per_turn[0]
    print(f"turn 10 / turn 2 (both cached system text): {per_turn[-1] / per_turn[1]:.2f}x")
    print(
        f"turns: turn-10 first token {per_turn[-1] * 1000:.0f} ms = {ratio:.2f}x turn 1 "
        f"(target <= 1.3x); the same prompt cold takes {cold / per_turn[-1]:.1f}x longer"
    )


if __name__ == "__main__":
    main()
