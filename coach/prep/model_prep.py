"""The chat model's optional part in prep: requirements the rules missed, and one-line
explanations of why a piece of evidence shows a requirement.

The grammar makes the answer parse; this module checks it is what was asked. A
requirement is kept only when it is a verbatim span of the posting (the same words in the
same order; case, spaces, glyphs and punctuation aside), it is not pay, benefits or how to
apply, and it is not listed already; posting lines that talk to an AI are never
requirements. Rules and model are reconciled per item: an item the model returns that the
rules already list is an agreement, and when the two give it different kinds (must or
nice) the disagreement is kept with the result, for the window to show; the rules' kind
stands. An explanation is shown only when
claim provenance traces every number, team size, scope word and ownership verb in it to
the candidate's own material; otherwise it is withheld with the reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.errors import UserError
from coach.ingest.posting import is_suspicious
from coach.ingest.requirement_language import is_benefit
from coach.prep.evidence import Evidence
from coach.prep.posting_view import PostingRequirement
from coach.prep.prep_prompts import (
    EXPLANATION_CHARS,
    MAX_EXPLAINED,
    REQUIREMENT_CHARS,
    explain_messages,
    explain_schema,
    requirement_messages,
    requirement_schema,
)
from coach.protocols import ChatMessage, ChatModel
from coach.provenance import ClaimCheck, Source, check_line
from coach.tasks import TaskContext

__all__ = [
    "MODEL_SECTION",
    "Explanation",
    "KindDisagreement",
    "PrepAnswerError",
    "RequirementExtraction",
    "explain_matches",
    "extract_requirements",
]

REQUIREMENTS_MAX_TOKENS = 1536
EXPLAIN_MAX_TOKENS = 1024
MODEL_SECTION = "found by the model"
MIN_WORDS = 3

NOT_IN_POSTING = "not in the posting"
ALREADY_LISTED = "already listed"
TOO_SHORT = "too short"
TOO_LONG = "too long"
TALKS_TO_AI = "reads like an instruction to an AI"
NOT_A_REQUIREMENT = "pay, benefits or how to apply, not a requirement"

_HINT = "Try again, or use prep without the model."


class PrepAnswerError(UserError):
    """The model answered, but not with anything prep can use."""


@dataclass(frozen=True)
class KindDisagreement:
    text: str  # the requirement as the posting writes it
    rules: str  # the kind the rules gave it, which stands
    model: str  # the kind the model gave it


@dataclass(frozen=True)
class RequirementExtraction:
    added: tuple[PostingRequirement, ...]
    dropped: tuple[tuple[str, str], ...]  # (the model's text, why it was not kept)
    agreed: int = 0  # items the model returned that the rules list already
    disagreements: tuple[KindDisagreement, ...] = ()


@dataclass(frozen=True)
class Explanation:
    index: int  # position in the `pairs` given to explain_matches, from 0
    text: str  # "" when withheld
    withheld: str  # why the model's explanation is not shown; "" when it is


# ---- asking -------------------------------------------------------------------------------


def _ask(
    model: ChatModel,
    messages: list[ChatMessage],
    schema: dict[str, Any],
    max_tokens: int,
    ctx: TaskContext,
) -> dict[str, Any]:
    try:
        data = model.complete_json(
            messages, schema, max_tokens=max_tokens, should_stop=lambda: ctx.cancelled
        )
    except Exception:
        ctx.check()  # a cancelled answer is a cancellation, not a model failure
        raise
    ctx.check()
    return data


# ---- requirements ---------------------------------------------------------------------------


def extract_requirements(
    model: ChatModel, posting_text: str, known: Sequence[PostingRequirement], ctx: TaskContext
) -> RequirementExtraction:
    """Requirements the model found in the posting that are not in `known`, each checked
    against the posting's own words; the rest come back in `dropped` with a reason."""
    ctx.progress(0, None, f"{model.name} is reading the posting")
    data = _ask(
        model,
        requirement_messages(posting_text, [r.text for r in known]),
        requirement_schema(),
        REQUIREMENTS_MAX_TOKENS,
        ctx,
    )
    items = data.get("requirements")
    if not isinstance(items, list):
        raise PrepAnswerError("The model's answer had no list of requirements.", hint=_HINT)
    posting = _PostingText(posting_text)
    listed = [_normalise(r.text) for r in known]
    kinds = {_normalise(r.text): r.kind for r in known}
    added: list[PostingRequirement] = []
    dropped: list[tuple[str, str]] = []
    agreed = 0
    disagreements: dict[str, KindDisagreement] = {}
    for item in items:
        text, kind = _requirement_item(item)
        found, reason = _check_requirement(text, posting, listed)
        if found is None:
            dropped.append((text, reason))
            if reason == ALREADY_LISTED and (rule := _listed_kind(_normalise(text), kinds)):
                agreed += 1
                if rule[1] != kind and rule[0] not in disagreements:
                    disagreements[rule[0]] = KindDisagreement(rule[0], rule[1], kind)
            continue
        listed.append(_normalise(found))
        added.append(PostingRequirement(found, kind, MODEL_SECTION))
    originals = {_normalise(r.text): r.text for r in known}
    return RequirementExtraction(
        tuple(added),
        tuple(dropped),
        agreed,
        tuple(
            dataclasses.replace(d, text=originals.get(d.text, d.text))
            for d in disagreements.values()
        ),
    )


def _listed_kind(norm: str, kinds: dict[str, str]) -> tuple[str, str] | None:
    """The listed requirement (normalised) the model's item repeats, and its kind."""
    return next(((listed, kind) for listed, kind in kinds.items() if _overlaps(norm, listed)), None)


def _requirement_item(item: Any) -> tuple[str, str]:
    if not isinstance(item, dict):
        return "", "must"
    text = _strip_glyph(" ".join(str(item.get("text", "")).split()))
    return text, "nice" if item.get("kind") == "nice" else "must"


def _check_requirement(
    text: str, posting: _PostingText, listed: list[str]
) -> tuple[str | None, str]:
    """The requirement as the posting writes it, or None and why it is dropped."""
    if problem := _shape_problem(text):
        return None, problem
    found = posting.find(text)
    if found is None:
        return None, NOT_IN_POSTING
    if is_suspicious(found):
        return None, TALKS_TO_AI
    if is_benefit(found):
        return None, NOT_A_REQUIREMENT
    if any(_overlaps(_normalise(found), other) for other in listed):
        return None, ALREADY_LISTED
    return found, ""


def _shape_problem(text: str) -> str:
    if len(_normalise(text).split()) < MIN_WORDS:
        return TOO_SHORT
    if len(text) > REQUIREMENT_CHARS:
        return TOO_LONG
    return TALKS_TO_AI if is_suspicious(text) else ""


def _overlaps(a: str, b: str) -> bool:
    """Same words, or one holds the other on word boundaries."""
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


# ---- matching a requirement to the posting ------------------------------------------------

_KEEP = re.compile(r"[^\W_]|[+#]")  # letters, digits, and the + and # of C++ and C#
_GLYPHS = "•▪◦‣∙·*-–—►●○■□➢➤✓✔ "


def _strip_glyph(text: str) -> str:
    return text.strip().lstrip(_GLYPHS).strip()


def _normalise(text: str) -> str:
    """Lower case, every run of punctuation, glyphs and spaces one space."""
    return _mapped(text)[0]


def _mapped(text: str) -> tuple[str, list[int]]:
    """`_normalise(text)` and, for each of its characters, its index in `text`, so a
    span found in the normalised text can be cut from the original."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        lower = char.lower()
        if len(lower) == 1 and _KEEP.match(lower):
            chars.append(lower)
        elif chars and chars[-1] != " ":
            chars.append(" ")
        else:
            continue
        where.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


class _PostingText:
    """The posting without its instruction-like lines, ready to look requirements up in."""

    def __init__(self, text: str) -> None:
        lines = [line for line in text.splitlines() if line.strip() and not is_suspicious(line)]
        self.text = "\n".join(lines)
        self.norm, self._where = _mapped(self.text)

    def find(self, requirement: str) -> str | None:
        """The span of the posting that `requirement` repeats word for word, cut from the
        posting as written; None when the posting does not say it in these words."""
        norm = _normalise(requirement)
        if not norm:
            return None
        start = f" {self.norm} ".find(f" {norm} ")
        if start < 0:
            return None
        cut = self.text[self._where[start] : self._where[start + len(norm) - 1] + 1]
        return " ".join(cut.split())


# ---- explanations ---------------------------------------------------------------------------


def explain_matches(
    model: ChatModel,
    pairs: Sequence[tuple[str, Evidence]],
    sources: Sequence[Source],
    ctx: TaskContext,
) -> tuple[Explanation, ...]:
    """One sentence per (requirement, evidence) pair on why the evidence shows it, in one
    model call for the first MAX_EXPLAINED pairs. Each is checked against `sources` (the
    candidate's own material) and withheld with the reason when a claim is not in it.
    Pairs the model did not explain are missing from the result, which is in pair order."""
    asked = list(pairs[:MAX_EXPLAINED])
    if not asked:
        return ()
    ctx.progress(0, None, f"{model.name} is explaining matches")
    data = _ask(model, explain_messages(asked), explain_schema(len(asked)), EXPLAIN_MAX_TOKENS, ctx)
    texts = _explanation_texts(data.get("explanations"), len(asked))
    if not texts:
        raise PrepAnswerError("The model's answer had no usable explanation.", hint=_HINT)
    return tuple(_checked(index, texts[index], sources) for index in sorted(texts))


def _explanation_texts(items: Any, count: int) -> dict[int, str]:
    """Explanation text by pair position (from 0). Entries for no pair, repeats of a pair
    already answered, and text that is over-long or has too few words are ignored."""
    texts: dict[int, str] = {}
    seen: set[int] = set()
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        number = item.get("index")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= count:
            continue
        if number in seen:  # a second answer for one pair: the first stands
            continue
        seen.add(number)
        text = " ".join(str(item.get("text", "")).split())
        if len(_normalise(text).split()) >= MIN_WORDS and len(text) <= EXPLANATION_CHARS:
            texts[number - 1] = text
    return texts


def _checked(index: int, text: str, sources: Sequence[Source]) -> Explanation:
    unsupported = check_line(text, sources).unsupported
    if not unsupported:
        return Explanation(index, text, "")
    return Explanation(index, "", _withheld(unsupported))


def _withheld(unsupported: Sequence[ClaimCheck]) -> str:
    claims = " and ".join(f"“{check.claim.text}” ({check.reason})" for check in unsupported)
    return f"The model's explanation claimed {claims}, which is not in your own material."
