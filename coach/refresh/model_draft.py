"""Drafts with a small local model (0.5B-3B): short steps, each checked, each with a way out.

Extract first, compose second:
1. pick: the model chooses, by number, which of the candidate's own sentences holds the
   result, the decision, the scope and the obstacle (so every span is verbatim);
2. bullet: the model rewrites one bullet from the chosen sentences only (twice: the
   outcome bullet, then the scope bullet);
3. story: the app assembles the STAR story from the chosen sentences, one group per part;
4. replaces: the app decides which original each bullet rewrites, by content overlap.
Every step answers a small JSON object under a grammar (bounded strings and integers),
is checked (sentence numbers in range and distinct; no claim missing from the sources;
the outcome's numbers kept), repaired once with the problem named, and otherwise falls
back to the rule path's result for that step, with the reason in `DraftOutcome.notes`.
Each step is announced with `ctx.progress` and streamed with `ctx.partial`; Cancel is
honoured between steps and between tokens.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from coach.errors import UserError
from coach.library.store import StoredRole
from coach.profile import Level
from coach.protocols import ChatMessage, ChatModel
from coach.provenance import Source, check_line
from coach.refresh.facts import PICK_ORDER, Part, Picks, Span, answer_spans, rule_picks
from coach.refresh.overlap import numbers_in
from coach.refresh.prompts import defang
from coach.refresh.records import Turn
from coach.refresh.review import role_sources
from coach.refresh.rule_draft import (
    MAX_BULLET,
    bullet_drafts,
    composed_bullets,
    join_parts,
    story_from_picks,
)
from coach.refresh.store import NewDraft
from coach.tasks import TaskContext

STEPS_RESOURCE = "refresh/steps.json"
PICK_MAX_TOKENS = 48
BULLET_MAX_TOKENS = 120
MODEL_PARTS = (Part.RESULT, Part.DECISION, Part.SCOPE, Part.OBSTACLE)
STEP_COUNT = 4  # pick, outcome bullet, scope bullet, story


class DraftAnswerError(UserError):
    """The model answered, but not with anything usable as a draft."""


@dataclass
class DraftOutcome:
    drafts: list[NewDraft]
    notes: list[str] = field(default_factory=list)  # where a step fell back, and why


@cache
def _steps() -> dict[str, Any]:
    text = importlib.resources.files("resources").joinpath(STEPS_RESOURCE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _messages(step: str, user: str) -> list[ChatMessage]:
    spec = _steps()[step]
    messages = [ChatMessage("system", spec["system"])]
    for example in spec["examples"]:
        messages += [ChatMessage("user", example["user"]),
                     ChatMessage("assistant", example["assistant"])]
    return [*messages, ChatMessage("user", user)]


def _ask(
    model: ChatModel,
    messages: list[ChatMessage],
    schema: dict[str, Any],
    max_tokens: int,
    ctx: TaskContext,
) -> tuple[dict[str, Any] | None, str]:
    """(the parsed object, its raw text); None when it did not parse (cut off)."""
    pieces: list[str] = []
    for piece in model.stream(
        messages, max_tokens=max_tokens, json_schema=schema, should_stop=lambda: ctx.cancelled
    ):
        pieces.append(piece)
        ctx.partial(piece)
    ctx.check()
    raw = "".join(pieces)
    try:
        value = json.loads(raw)
    except ValueError:
        return None, raw
    return (value if isinstance(value, dict) else None), raw


# ---- step 1: pick the sentences --------------------------------------------------------


def pick_schema(count: int) -> dict[str, Any]:
    choice = {"type": "integer", "minimum": 0, "maximum": count}
    return {
        "type": "object",
        "properties": {part.value: choice for part in MODEL_PARTS},
        "required": [part.value for part in MODEL_PARTS],
    }


def pick_problem(value: dict[str, Any] | None, spans: Sequence[Span]) -> str:
    if value is None:
        return "the answer was cut off before it was complete"
    chosen = [value.get(part.value) for part in MODEL_PARTS]
    if any(not isinstance(n, int) or not 0 <= n <= len(spans) for n in chosen):
        return "a sentence number was out of range"
    given = [n for n in chosen if n]
    if len(given) != len(set(given)):
        return "one sentence was given to two parts"
    result = value.get(Part.RESULT.value)
    if result and not spans[result - 1].has_number:
        return f"sentence {result} was chosen as the result but has no number in it"
    return ""


def _sentences_block(spans: Sequence[Span]) -> str:
    lines = "\n".join(f"{s.number}. {s.text}" for s in spans)
    return f"<<<SENTENCES\n{defang(lines)}\nSENTENCES>>>"


def model_picks(
    model: ChatModel, spans: Sequence[Span], ctx: TaskContext, notes: list[str]
) -> Picks:
    fallback = rule_picks(spans)
    if not spans:
        return fallback
    messages = _messages("pick", _sentences_block(spans))
    schema = pick_schema(len(spans))
    value, raw = _ask(model, messages, schema, PICK_MAX_TOKENS, ctx)
    problem = pick_problem(value, spans)
    if problem:
        messages += [ChatMessage("assistant", raw),
                     ChatMessage("user", f"Not quite: {problem}. Answer again.")]
        value, raw = _ask(model, messages, schema, PICK_MAX_TOKENS, ctx)
        problem = pick_problem(value, spans)
    if problem or value is None:
        notes.append(f"pick: the rules chose the sentences ({problem})")
        return fallback
    chosen = {part: spans[value[part.value] - 1] for part in MODEL_PARTS if value[part.value]}
    used = {span.number for span in chosen.values()}
    for part in PICK_ORDER:  # people and learning, and parts the model left at 0
        span = fallback.get(part)
        if part not in chosen and span is not None and span.number not in used:
            chosen[part] = span
            used.add(span.number)
    return Picks(tuple(spans), chosen)


# ---- step 2: rewrite a bullet from the picked sentences --------------------------------

# The bullet is one free line, not JSON under a grammar: llama-cpp-python applies the
# grammar to the whole vocabulary before sampling, measured at about 10 s a token on the
# shared 2 cores (a 40-token bullet: minutes), and a string's maxLength made it slower
# still. One line is a bounded answer anyway: decoding stops at the newline or at
# BULLET_MAX_TOKENS, and `bullet_problem` checks it like any other output.


def _line(model: ChatModel, messages: list[ChatMessage], ctx: TaskContext) -> tuple[str, str]:
    """(the first line of the answer, cleaned; the raw text)."""
    pieces: list[str] = []
    for piece in model.stream(
        messages, max_tokens=BULLET_MAX_TOKENS, should_stop=lambda: ctx.cancelled
    ):
        pieces.append(piece)
        ctx.partial(piece)
        if "\n" in "".join(pieces).strip():
            break
    ctx.check()
    raw = "".join(pieces)
    first = raw.strip().split("\n")[0] if raw.strip() else ""
    return " ".join(first.strip().lstrip("-•* ").strip('"“”').split()), raw


def bullet_problem(line: str, outcome: str, sources: Sequence[Source],
                   originals: Sequence[str]) -> str:
    if len(line.split()) < 6:
        return "the bullet was too short to say anything"
    if len(line) > MAX_BULLET:
        return f"the bullet was longer than {MAX_BULLET} characters"
    if " ".join(line.split()).rstrip(".") in {" ".join(o.split()).rstrip(".") for o in originals}:
        return "the bullet only copied a line the CV already has"
    unsupported = check_line(line, sources).unsupported
    if unsupported:
        listed = "; ".join(f"“{c.claim.text}” ({c.reason})" for c in unsupported[:3])
        return f"it said what the candidate never said: {listed}"
    missing = sorted(numbers_in(outcome) - numbers_in(line))
    if missing:
        return f"it left out the number(s) {', '.join(missing)} from the outcome"
    return ""


def model_bullet(
    model: ChatModel,
    outcome: str,
    how: str,
    *,
    sources: Sequence[Source],
    originals: Sequence[str],
    ctx: TaskContext,
    notes: list[str],
    label: str,
) -> str:
    fallback = join_parts(outcome, how)
    user = f"<<<OUTCOME\n{defang(outcome)}\nOUTCOME>>>"
    if how:
        user += f"\n<<<HOW\n{defang(how)}\nHOW>>>"
    messages = _messages("bullet", user)
    line, raw = _line(model, messages, ctx)
    problem = bullet_problem(line, outcome, sources, originals)
    if problem:
        messages += [ChatMessage("assistant", raw), ChatMessage(
            "user", f"Not quite: {problem}. Write the bullet again from the sentences only.")]
        line, raw = _line(model, messages, ctx)
        problem = bullet_problem(line, outcome, sources, originals)
    if problem:
        notes.append(f"{label}: the rules assembled this bullet ({problem})")
        return fallback
    return line.rstrip(".")


# ---- the pipeline ----------------------------------------------------------------------


def model_drafts(
    model: ChatModel, role: StoredRole, level: Level, turns: Sequence[Turn], ctx: TaskContext
) -> DraftOutcome:
    """Bullets and a story from the answers, step by step; `level` is for the reviews
    the service adds, the steps need none."""
    del level  # the lens reads every draft afterwards; no step depends on the target
    notes: list[str] = []
    spans = answer_spans(turns)
    sources = role_sources(role, turns)
    ctx.progress(0, STEP_COUNT, f"pick: {model.name} is choosing your sentences for each part")
    picks = model_picks(model, spans, ctx, notes)
    lines: list[str] = []
    result, decision = picks.text(Part.RESULT), picks.text(Part.DECISION)
    scope, obstacle = picks.text(Part.SCOPE), picks.text(Part.OBSTACLE) or picks.text(Part.PEOPLE)
    for done, (label, outcome, how) in enumerate(
        (("outcome bullet", result or decision, decision if result else ""),
         ("scope bullet", scope, obstacle)),
        start=1,
    ):
        ctx.progress(done, STEP_COUNT, f"bullet: {model.name} is writing the {label}")
        if outcome:
            lines.append(model_bullet(model, outcome, how, sources=sources,
                                      originals=role.bullets, ctx=ctx, notes=notes,
                                      label=label))
    if not lines:
        lines = composed_bullets(picks)
    ctx.progress(3, STEP_COUNT, "story: assembling the story from your sentences")
    drafts = bullet_drafts(role, lines, "model")
    story = story_from_picks(role, picks)
    if story is not None:
        drafts.append(NewDraft("story", "model", story.to_json()))
    if not drafts:
        raise DraftAnswerError(
            "There is nothing to draft from yet.",
            hint="Answer a question or two about the role, then draft again.",
        )
    ctx.progress(STEP_COUNT, STEP_COUNT, "done" + (f" ({len(notes)} step(s) fell back to rules)"
                                                   if notes else ""))
    return DraftOutcome(drafts, notes)
