"""What the domain needs from local models, stated without naming an engine.

`models/` provides the llama.cpp and faster-whisper implementations; tests of UI
flows may pass a scripted stand-in. Cancellation is a zero-argument callable so
that engines need not import the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

ShouldStop = Callable[[], bool]


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


class ChatModel(Protocol):
    name: str

    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Iterator[str]: ...

    def complete_json(
        self,
        messages: Sequence[ChatMessage],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        should_stop: ShouldStop | None = None,
    ) -> dict[str, Any]:
        """A schema-constrained answer, parsed; raises a user-facing error when the
        model's answer is cut off, cancelled or not valid JSON."""
        ...


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class TranscriptWord:
    start: float  # seconds from the start of the audio
    end: float
    text: str  # as transcribed, with its punctuation


@dataclass(frozen=True)
class TranscriptSegment:
    start: float
    end: float
    text: str
    words: tuple[TranscriptWord, ...] = ()  # word timings, when the engine gives them


class Transcriber(Protocol):
    name: str

    def transcribe(
        self, audio_path: str, *, should_stop: ShouldStop | None = None
    ) -> Iterator[TranscriptSegment]: ...
