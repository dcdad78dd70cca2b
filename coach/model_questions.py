"""Asking a chat model for one question: streamed to the window, checked, never fatal.

The résumé coach and the mock interviewer both let the model word a question and fall
back to a curated one when it cannot; this is the shared part. What counts as a
usable question: the text up to its first "?", of a sensible length, with no prompt
markup in it, and not the voice of an injected instruction (`question_problem`): no
request for private details, nothing that itself reads like an instruction to an AI,
and no topic that only a line of the material flagged as an instruction brought up
("ask about their favourite ski resort" must not become the next question).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Sequence

from coach.errors import outline, report_for
from coach.ingest.injection import asks_for_private_data, fold, is_suspicious
from coach.protocols import ChatMessage, ChatModel
from coach.tasks import Cancelled, TaskContext

log = logging.getLogger(__name__)

QUESTION_MIN_WORDS = 3
QUESTION_MAX_WORDS = 60
_SPEAKER_PREFIX = re.compile(r"^(?:interviewer|question|q|coach|loopcoach)\s*:\s*", re.I)
# A question sharing this many content words with flagged material, words found nowhere
# else (not in the clean material, not in the prompt's own instructions), took its topic
# from the injection. One shared word is chance; a shared pair of adjacent words is not.
ECHO_WORDS = 2
PRIVATE_DATA = (
    "The model's question asked for private details (a password, bank or card details, an "
    "address or an ID number) that a coach never needs."
)
INSTRUCTION_LIKE = "The model's question read like an instruction to an AI, not a question."
ECHOED = (
    "The model's question took its topic from a line of the material that reads like an "
    "instruction to an AI."
)
_FENCED = re.compile(r"<<<(\w+)\n.*?\n\1>>>", re.DOTALL)
_UNIT_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[a-z][a-z0-9'+#-]*")
_STOPWORDS = frozenset({
    "the", "and", "for", "with", "that", "this", "what", "which", "who", "whom", "how", "why",
    "when", "where", "your", "you", "their", "they", "them", "his", "her", "its", "our", "was",
    "were", "are", "has", "have", "had", "did", "does", "not", "but", "from", "into", "about",
    "over", "any", "all", "some", "more", "most", "can", "could", "would", "should", "will",
    "shall", "may", "might", "must", "just", "only", "also", "than", "then", "there", "here",
    "been", "being", "each", "other", "such", "very", "out", "off", "one", "two",
})  # fmt: skip


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


def _content(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    return [w.removesuffix("s") if len(w) > 3 else w for w in words if len(w) > 2]


def _meaningful(words: Iterable[str]) -> set[str]:
    return {w for w in words if w not in _STOPWORDS}


def _pairs(words: Sequence[str]) -> set[tuple[str, str]]:
    kept = [w for w in words if w not in _STOPWORDS]
    return set(itertools.pairwise(kept))


def question_problem(
    question: str,
    material: Sequence[str] = (),
    messages: Sequence[ChatMessage] = (),
    trusted: Sequence[str] = (),
) -> str:
    """Why a model's `question` must not reach the candidate, or "" when it may.

    `material` is the untrusted text the prompt carried (CV lines, answers); its lines
    and sentences that read like instructions to an AI are the flagged part. `messages`
    is the prompt: its text outside <<<NAME ... NAME>>> blocks is the coach's own words,
    which a question may always use, as it may use `trusted` (the coach's own text that
    sits in a block, such as a drill's scenario)."""
    if asks_for_private_data(question):
        return PRIVATE_DATA
    if is_suspicious(question):
        return INSTRUCTION_LIKE
    units = [unit for text in material for unit in _UNIT_BREAK.split(text) if unit.strip()]
    flagged = [unit for unit in units if is_suspicious(unit)]
    if not flagged:
        return ""
    clean = [unit for unit in units if not is_suspicious(unit)]
    own = [*(_FENCED.sub(" ", message.content) for message in messages), *trusted]
    known = _meaningful(w for text in [*clean, *own] for w in _content(text))
    injected = _meaningful(w for text in flagged for w in _content(text)) - known
    asked = _content(question)
    if len(_meaningful(asked) & injected) >= ECHO_WORDS:
        return ECHOED
    flagged_pairs = set().union(*(_pairs(_content(text)) for text in flagged))
    clean_pairs = set().union(*(_pairs(_content(text)) for text in clean))
    if (_pairs(asked) & flagged_pairs) - clean_pairs:
        return ECHOED
    return ""


def stream_question(
    model: ChatModel,
    messages: Sequence[ChatMessage],
    *,
    max_tokens: int,
    ctx: TaskContext,
    doing: str,
    material: Sequence[str] = (),
    trusted: Sequence[str] = (),
) -> tuple[str | None, str]:
    """(the question, "") or (None, why not, in words for the candidate). Each piece is
    passed on with `ctx.partial`; decoding stops at the first "?". `material` is the
    untrusted text in the prompt and `trusted` the coach's own text in it, for
    `question_problem`; a rejected question is logged with the reason."""
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
        log.warning("model question failed: %s", outline(exc))  # never the model's words
        return None, f"The model could not word a question ({report.message})."
    ctx.check()
    question = clean_question("".join(pieces))
    if question is None:
        return None, "The model's answer was not a single question."
    problem = question_problem(question, material, messages, trusted)
    if problem:
        log.warning("model question rejected: %s", problem)  # a fixed reason, not the question
        return None, problem
    return question, ""
