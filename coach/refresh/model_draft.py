"""Drafts written by the chat model: schema-constrained, then checked like any other.

The grammar makes the answer parse; this module checks it is what was asked (bullets
that say something, a `replaces` that points at a real bullet, stories with an action
and a result). Provenance and the level lens are applied later, to every draft alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.errors import UserError
from coach.library.store import StoredRole
from coach.profile import Level
from coach.protocols import ChatModel
from coach.refresh.prompts import draft_messages, draft_schema
from coach.refresh.records import Turn
from coach.refresh.store import NewDraft
from coach.stories.records import Story
from coach.tasks import TaskContext

DRAFT_MAX_TOKENS = 2048


class DraftAnswerError(UserError):
    """The model answered, but not with anything usable as a draft."""


def model_drafts(
    model: ChatModel, role: StoredRole, level: Level, turns: Sequence[Turn], ctx: TaskContext
) -> list[NewDraft]:
    ctx.progress(0, None, f"{model.name} is drafting")
    data = model.complete_json(
        draft_messages(role, level, turns),
        draft_schema(len(role.bullets)),
        max_tokens=DRAFT_MAX_TOKENS,
        should_stop=lambda: ctx.cancelled,
    )
    ctx.check()
    drafts = _bullets(data.get("bullets", []), role) + _stories(data.get("stories", []))
    if not drafts:
        raise DraftAnswerError(
            "The model's draft had no usable bullet or story.",
            hint="Try again, draft without the model, or choose a larger model.",
        )
    return drafts


def _bullets(items: Any, role: StoredRole) -> list[NewDraft]:
    drafts: list[NewDraft] = []
    replaced: set[int] = set()
    for item in items if isinstance(items, list) else []:
        text = " ".join(str(item.get("text", "")).split()) if isinstance(item, dict) else ""
        if len(text.split()) < 3:
            continue
        number = item.get("replaces")
        index = number - 1 if isinstance(number, int) and 1 <= number <= len(role.bullets) else None
        if index in replaced:  # two rewrites of one bullet: keep the second as a new line
            index = None
        if index is not None:
            replaced.add(index)
        original = role.bullets[index] if index is not None else None
        if original is not None and " ".join(original.split()) == text:
            continue  # unchanged: nothing to review
        drafts.append(NewDraft("bullet", "model", text, replaces=index, original=original))
    return drafts


def _stories(items: Any) -> list[NewDraft]:
    drafts: list[NewDraft] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        story = Story(
            **{key: " ".join(str(item.get(key, "")).split()) for key in ("title", *Story.PARTS)}
        )
        if story.action and story.result:
            drafts.append(NewDraft("story", "model", story.to_json()))
    return drafts
