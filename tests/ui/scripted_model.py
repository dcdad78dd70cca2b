"""A scripted stand-in for a chat model, for UI-flow tests where the words do not matter.

It implements `coach.protocols.ChatModel`: `stream` yields the next scripted question
word by word (or, asked for one number under a grammar, as the scoring checks do, the
next scripted reply), `complete_json` returns the next scripted draft (or raises). The
refresh pipeline's steps have their own scripts: a stream under a JSON schema answers the
next of `picks` (or raises it), and a bullet step (its prompt ends with an <<<OUTCOME
block) the next of `lines`; with those scripts empty, both fall back to the questions.
Every call is recorded with its messages, so a test can check what the model was shown
(for example that an answer was already committed when the next question was asked). A
`gate` lets a test hold the stream after its first words, to see the partial text on
screen.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.protocols import ChatMessage, ShouldStop


@dataclass
class Call:
    kind: str  # "stream", "check" or "json"
    messages: tuple[ChatMessage, ...]

    @property
    def text(self) -> str:
        return "\n".join(message.content for message in self.messages)


@dataclass
class ScriptedChatModel:
    name: str = "Scripted Model 1B"
    questions: list[str] = field(default_factory=list)
    drafts: list[dict[str, Any] | BaseException] = field(default_factory=list)
    # Replies to scoring checks (a sentence number, 0 for "not met"), in call order.
    replies: list[int | BaseException] = field(default_factory=list)
    picks: list[dict[str, Any] | BaseException] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # When set, `stream` yields `hold_after` words, then waits for the gate to open.
    gate: threading.Event | None = None
    hold_after: int = 3
    calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def stream(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Iterator[str]:
        if json_schema is not None and json_schema.get("type") == "integer":
            with self._lock:
                self.calls.append(Call("check", tuple(messages)))
                reply = self.replies.pop(0) if self.replies else "no number"
            if isinstance(reply, BaseException):
                raise reply
            yield str(reply)
            return
        with self._lock:
            self.calls.append(Call("stream", tuple(messages)))
            bullet_step = bool(messages) and "<<<OUTCOME" in messages[-1].content
            if json_schema is not None and self.picks:
                scripted = self.picks.pop(0)
                if isinstance(scripted, BaseException):
                    raise scripted
                text = json.dumps(scripted)
            elif bullet_step and self.lines:
                text = self.lines.pop(0)
            else:
                text = self.questions.pop(0) if self.questions else "What else did you change?"
        for number, word in enumerate(text.split(" ")):
            if should_stop is not None and should_stop():
                return
            if self.gate is not None and number == self.hold_after:
                while not self.gate.wait(0.05):
                    if should_stop is not None and should_stop():
                        return
            yield word if number == 0 else " " + word

    def complete_json(
        self,
        messages: Sequence[ChatMessage],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        should_stop: ShouldStop | None = None,
    ) -> dict[str, Any]:
        with self._lock:
            self.calls.append(Call("json", tuple(messages)))
            scripted = self.drafts.pop(0) if self.drafts else {"bullets": [], "stories": []}
        if isinstance(scripted, BaseException):
            raise scripted
        return scripted

    def stream_calls(self) -> list[Call]:
        return [call for call in self.calls if call.kind == "stream"]
