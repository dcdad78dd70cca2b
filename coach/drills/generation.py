"""A scenario written by the model from a job posting, validated like a curated one.

The posting goes into the prompt inside a delimited block, as data. The model's answer
is schema-constrained, then built into a scenario dict and passed through
`Scenario.from_dict`, the same validation the shipped bank gets, plus checks the
schema cannot express: a hidden fact must not already be printed in the prompt, and a
build round's flaw terms must not all be visible (or catching the flaw shows nothing).
Anything unusable is a `UserError` and nothing is saved.

The model writes what a good answer looks like for the target level only; the other
levels say plainly that the scenario was not written for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Collection, Mapping
from typing import Any

from coach.drills.prompts import (
    GEN_ARTIFACT_CHARS,
    GEN_FACT_CHARS,
    GEN_FLAW_CHARS,
    GEN_GOOD_CHARS,
    GEN_PROMPT_CHARS,
    GEN_TITLE_CHARS,
    GEN_TRIGGER_CHARS,
    generation_messages,
    generation_schema,
)
from coach.drills.rubric import Reward
from coach.drills.rule_scorer import hidden_flaw_terms
from coach.drills.scenarios import Round, Scenario, ScenarioCheck, ScenarioError
from coach.drills.text import stems
from coach.errors import UserError
from coach.profile import Level, Track
from coach.protocols import ChatModel
from coach.tasks import Cancelled, TaskContext

PROGRESS_EVERY = 16  # pieces between progress reports (each is also a cancel check)
RETRY_HINT = "Try again, or choose a larger chat model. Nothing was saved."
CHARS_PER_TOKEN = 3.0  # English prose runs near 4 under a grammar: room to finish
GENERATED_PREFIX = "gen-"
SLUG_WORDS = 5
SLUG_CHARS = 40
PRINTED_SHARE = 0.8  # a fact whose content words are this much in the prompt is not hidden


class ScenarioGenerationError(UserError):
    """The model could not write a usable scenario; nothing was saved."""


def generate(
    posting_text: str,
    *,
    level: Level,
    track: Track,
    round: Round,
    model: ChatModel,
    ctx: TaskContext,
    taken_ids: Collection[str],
    today: dt.date,
) -> Scenario:
    if not posting_text.strip():
        raise UserError("The posting is empty.", hint="Paste the job posting's text first.")
    budget = max_tokens_for(round)
    ctx.progress(0, budget, f"{model.name} is writing a scenario")
    pieces: list[str] = []
    try:
        # One streamed attempt, not complete_json's retry: a cut-off answer is reported
        # at once (the candidate can try again) instead of doubling a long wait.
        for piece in model.stream(
            generation_messages(posting_text, level=level, track=track, round=round),
            max_tokens=budget,
            json_schema=generation_schema(round),
            should_stop=lambda: ctx.cancelled,
        ):
            pieces.append(piece)
            if len(pieces) % PROGRESS_EVERY == 0:
                ctx.progress(len(pieces), budget, f"{model.name} is writing a scenario")
    except (Cancelled, UserError):
        raise
    except Exception as exc:
        ctx.check()
        if not getattr(exc, "user_facing", False):
            raise
        raise ScenarioGenerationError(
            f"The model could not write a scenario: {getattr(exc, 'message', exc)}",
            hint=RETRY_HINT,
        ) from exc
    ctx.check()
    data = _parsed("".join(pieces))
    ctx.check()
    return scenario_from_model(
        data, level=level, track=track, round=round, author=model.name,
        taken_ids=taken_ids, today=today,
    )  # fmt: skip


def _parsed(text: str) -> Mapping[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ScenarioGenerationError(
            "The model's scenario was cut off or is not valid JSON.", hint=RETRY_HINT
        )
    return data


def max_tokens_for(round: Round) -> int:
    """Room for every field of `generation_schema(round)` at its longest, plus JSON."""
    triggers = 3 * (GEN_TRIGGER_CHARS + 4)
    chars = GEN_TITLE_CHARS + GEN_PROMPT_CHARS + GEN_GOOD_CHARS + 3 * (GEN_FACT_CHARS + triggers)
    if round in (Round.DIAGNOSIS, Round.BUILD):
        chars += GEN_ARTIFACT_CHARS
    if round is Round.BUILD:
        chars += GEN_FLAW_CHARS + triggers
    return int((chars + 250) / CHARS_PER_TOKEN)


def scenario_from_model(
    data: Mapping[str, Any],
    *,
    level: Level,
    track: Track,
    round: Round,
    author: str,
    taken_ids: Collection[str],
    today: dt.date,
) -> Scenario:
    """Build and validate a scenario from the model's JSON; a ScenarioGenerationError
    says what was wrong."""
    title = _clean(data.get("title"))
    facts = data.get("hidden_facts")
    raw: dict[str, Any] = {
        "id": new_id(title, taken_ids),
        "round": round.value,
        "title": title,
        "tracks": [track.value],
        "levels": [level.value],
        "prompt": _clean(data.get("prompt")),
        "hidden_facts": [
            {
                "id": f"fact-{number}",
                "fact": _clean(item.get("fact")),
                "triggers": _texts(item.get("triggers")),
            }
            for number, item in enumerate(facts if isinstance(facts, list) else [], start=1)
            if isinstance(item, Mapping)
        ],
        "good_looks_like": {
            other.value: _clean(data.get("good_answer"))
            if other is level
            else f"Not written for this level: the scenario was generated for a {level.label} "
            "candidate."
            for other in Level
        },
        "sources": [f"Written by {author} from a job posting on {today.isoformat()}."],
    }
    for key in ("artifact", "flaw"):
        if key in data:
            raw[key] = str(data.get(key) or "").strip()  # keep an artifact's line breaks
    if "flaw_terms" in data:
        raw["flaw_terms"] = _texts(data.get("flaw_terms"))
    if "scenario_type" in data:
        raw["scenario_type"] = data.get("scenario_type")
    try:
        scenario = Scenario.from_dict(raw, origin="the model's scenario")
    except ScenarioError as exc:
        raise ScenarioGenerationError(
            f"The model's scenario is not usable: {exc}",
            hint=RETRY_HINT,
        ) from exc
    _check_prose(scenario)
    _check_placeholders(scenario)
    _check_coherent(scenario)
    _check_hidden(scenario)
    return with_own_checks(scenario)


# Fewest real words (two letters or more) each text needs: a grammar makes the JSON
# parse, not the words make sense; a small model can fill every field with "0m,0m,...".
_MIN_WORDS = {"title": 2, "prompt": 8, "fact": 4, "good": 5, "artifact": 4, "flaw": 4}
_WORD = re.compile(r"[^\W\d_]{2,}")
_TRIGGER = re.compile(r"^[^\W\d_](?:[^\W_]|['’ -])*$")  # words, no snake_case
MIN_LETTER_SHARE = 0.5  # of a prose text's non-space characters


def _check_prose(scenario: Scenario) -> None:
    texts = [
        ("title", "title", scenario.title),
        ("prompt", "prompt", scenario.prompt),
        ("what a good answer does", "good", scenario.good_looks_like[scenario.levels[0]]),
        *(("a hidden fact", "fact", f.fact) for f in scenario.hidden_facts),
    ]
    if scenario.artifact:
        texts.append(("artifact", "artifact", scenario.artifact))
    if scenario.flaw:
        texts.append(("flaw", "flaw", scenario.flaw))
    for label, kind, text in texts:
        if not _is_prose(text, _MIN_WORDS[kind], letters=kind != "artifact"):
            raise ScenarioGenerationError(
                f"The model's scenario is not usable: its {label} is not readable text "
                f"(“{text[:60]}”).",
                hint=RETRY_HINT,
            )
    triggers = [t for f in scenario.hidden_facts for t in f.triggers]
    bad = next((t for t in triggers if not _TRIGGER.match(t) or len(t.split()) > 6), None)
    # Flaw terms are matched literally ("n+1", "50%"), so they need a letter or digit only.
    bad = bad or next(
        (t for t in scenario.flaw_terms if not re.search(r"[^\W_]", t) or len(t.split()) > 6),
        None,
    )
    if bad is not None:
        raise ScenarioGenerationError(
            f"The model's scenario is not usable: “{bad}” is not a phrase a candidate would say.",
            hint=RETRY_HINT,
        )


def _is_prose(text: str, min_words: int, *, letters: bool) -> bool:
    found = _WORD.findall(text)
    if len(set(w.lower() for w in found)) < min_words:
        return False
    if not letters:  # an artifact may be a log or code: words, but not mostly letters
        return True
    dense = "".join(text.split())
    return sum(c.isalpha() for c in dense) >= MIN_LETTER_SHARE * len(dense)


# Template residue a model copies from its instructions or its training data: brackets
# or braces around a slot name, TODO/TBD/XXX, lorem ipsum, "Company X", "<insert ...>".
_PLACEHOLDER = re.compile(
    r"\{\{?\s*[\w .-]{1,30}\s*\}\}?|\[\s*(?:[A-Z][\w .-]{0,30}|insert[\w .-]*|your [\w .-]+)\s*\]"
    r"|<\s*(?:insert|your|company|name|role|team|product|placeholder)[\w .-]*>"
    r"|\b(?:TODO|TBD|TBA|FIXME|XXX+|lorem ipsum|placeholder|company x|product x|acme corp)\b"
    r"|\b(?:insert|replace with) (?:the |your |a )?\w+",
    re.IGNORECASE,
)


def _texts_of(scenario: Scenario) -> list[tuple[str, str]]:
    level = scenario.levels[0]
    texts = [
        ("title", scenario.title),
        ("prompt", scenario.prompt),
        ("what a good answer does", scenario.good_looks_like[level]),
        *(("a hidden fact", f.fact) for f in scenario.hidden_facts),
        *(("a trigger phrase", t) for f in scenario.hidden_facts for t in f.triggers),
    ]
    if scenario.flaw:
        texts.append(("flaw", scenario.flaw))
    return texts


def _check_placeholders(scenario: Scenario) -> None:
    """A scenario still holding template slots is not offered. Artifacts are code or
    logs, where braces and brackets are normal, so only the words are checked there."""
    texts = _texts_of(scenario)
    if scenario.artifact:
        texts.append(("artifact", " ".join(_WORD.findall(scenario.artifact))))
    for label, text in texts:
        found = _PLACEHOLDER.search(text)
        if found:
            raise ScenarioGenerationError(
                f"No usable scenario could be made: its {label} still holds a template "
                f"placeholder (“{found.group()}”).",
                hint=RETRY_HINT,
            )


MIN_SHARED_STEMS = 1


def _check_coherent(scenario: Scenario) -> None:
    """Every part must be about the same situation: the title, what a good answer does
    and the flaw each share a content word with the prompt, artifact and hidden facts (a
    hidden fact itself may bring new detail: that is its point). A model that wanders
    titles one system and asks about another."""
    facts = " ".join(f.fact for f in scenario.hidden_facts)
    situation = _content_stems(f"{scenario.prompt} {scenario.artifact} {facts}")
    parts = [("title", scenario.title)]
    parts.append(("what a good answer does", scenario.good_looks_like[scenario.levels[0]]))
    if scenario.flaw:
        parts.append(("flaw", scenario.flaw))
    for label, text in parts:
        if len(_content_stems(text) & situation) < MIN_SHARED_STEMS:
            raise ScenarioGenerationError(
                f"No usable scenario could be made: its {label} (“{text[:60]}”) is not about "
                "the situation in its prompt.",
                hint=RETRY_HINT,
            )


def _content_stems(text: str) -> set[str]:
    return {s for s in stems(text) if len(s) > 3}


def with_own_checks(scenario: Scenario) -> Scenario:
    """A generated scenario's own checks, from what it hides: asking for a hidden fact
    (framing) and naming the planted flaw (diagnosis). The other rewards keep the two
    shared checks, so they top out at 3."""
    triggers = [t for f in scenario.hidden_facts for t in f.triggers]
    checks = [
        ScenarioCheck(
            Reward.FRAMING,
            "Does the candidate ask about a detail the scenario hides: "
            + "; ".join(f.fact for f in scenario.hidden_facts[:2])
            + "?",
            3,
            tuple(re.escape(t) for t in triggers),
        )
    ]
    if scenario.flaw:
        checks.append(
            ScenarioCheck(
                Reward.DIAGNOSIS,
                f"Does the candidate name the real problem: {scenario.flaw.rstrip('.')}?",
                4,
                tuple(re.escape(t) for t in scenario.flaw_terms),
            )
        )
    return dataclasses.replace(scenario, checks=tuple(checks))


def _check_hidden(scenario: Scenario) -> None:
    visible = set(stems(f"{scenario.title} {scenario.prompt} {scenario.artifact}"))
    for fact in scenario.hidden_facts:
        content = {s for s in stems(fact.fact) if len(s) > 3}
        if content and len(content & visible) / len(content) >= PRINTED_SHARE:
            raise ScenarioGenerationError(
                f"The model's scenario prints its hidden fact in the prompt: “{fact.fact}”.",
                hint="Try again. Nothing was saved.",
            )
    if scenario.round is Round.BUILD and not hidden_flaw_terms(scenario):
        raise ScenarioGenerationError(
            "The model's build scenario prints every word that would show the flaw was "
            "caught, so catching it could not be told apart from copying.",
            hint="Try again. Nothing was saved.",
        )


def new_id(title: str, taken: Collection[str]) -> str:
    """gen-<slug of the title>-<n>, unused by the bank and earlier generated scenarios."""
    words = re.findall(r"[a-z0-9]+", title.lower())[:SLUG_WORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_CHARS:
            break
        slug = candidate
    slug = slug or "scenario"
    number = 1
    while f"{GENERATED_PREFIX}{slug}-{number}" in taken:
        number += 1
    return f"{GENERATED_PREFIX}{slug}-{number}"


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for text in (_clean(v) for v in value) if text]
