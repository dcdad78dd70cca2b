"""What one chat call produced, whichever engine ran it (in-process or on a server)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass
class Generation:
    """The stream's return value: text, why it ended, and its timings."""

    text: str = ""
    finish_reason: str = ""  # "stop", "length" or "cancelled"
    prompt_tokens: int = 0
    reused_tokens: int = 0  # prompt tokens served from the KV cache
    completion_tokens: int = 0
    first_token_seconds: float | None = None
    decode_seconds: float = 0.0
    dropped_messages: int = 0  # oldest turns trimmed to fit the context

    @property
    def tokens_per_second(self) -> float:
        if self.completion_tokens < 2 or self.decode_seconds <= 0:
            return 0.0
        return (self.completion_tokens - 1) / self.decode_seconds
