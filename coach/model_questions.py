"""Asking a chat model for one question: streamed to the window, checked, never fatal.

The résumé coach and the mock interviewer both let the model word a question and fall
back to a curated one when it cannot; this is the shared part. What counts as a
usable question: the text up to its first "?", of a sensible length, with no prompt
markup in it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from coach.errors import report_for
from coach.protocols import ChatMessage, ChatModel
from coach.tasks import Cancelled, TaskContext

log = logging.getLogger(__name__)

QUESTION_MIN_WORDS = 3
QUESTION_MAX_WORDS = 60
_SPEAKER_PREFIX = re.compile(r"^(?:interviewer|question|q|coach|loopcoach)\s*:\s*", re.I)


def clean_question(text: str) -> str | None:
    """The model's first question, one line, or None when what it wrote is not one."""
    text = text.strip().strip('"“”').strip()
    text = _SPEAKER_PREFIX.sub("", text)
    end = text.find("?")
    if end < 0:
        return None
    question = " ".join(text[: end + 1].split()).strip('"“” ')
    if "<<<" in question or ">>>" in question or question.startswith("["):
        return None
    words = len(question.split())
    return question if QUESTION_MIN_WORDS <= words <= QUESTION_MAX_WORDS else None


def stream_question(
    model: ChatModel,
    messages: Sequence[ChatMessage],
    *,
    max_tokens: int,
    ctx: TaskContext,
    doing: str,
) -> tuple[str | None, str]:
    """(the question, "") or (None, why not, in words for the candidate). Each piece is
    passed on with `ctx.partial`; decoding stops at the first "?"."""
    pieces: list[str] = []
    try:
        for piece in model.stream(
            messages, max_tokens=max_tokens, should_stop=lambda: ctx.cancelled
        ):
            pieces.append(piece)
            ctx.partial(piece)
            if "?" in piece:  # one question is all that is used
                break
    except Cancelled:
        raise
    except Exception as exc:  # a model failure must not end the session: the caller falls back
        report = report_for(exc, doing)
        log.warning("model question failed: %s", report.details)
        return None, f"The model could not word a question ({report.message})."
    ctx.check()
    question = clean_question("".join(pieces))
    if question is None:
        return None, "The model's answer was not a single question."
    return question, ""
