"""The Stories page's words: short slot names, spoken lengths, level lines and the tag
advice, kept apart from the widgets so each reads the same everywhere on the page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from coach.profile import Level
from coach.stories.coverage import TAGS_MAX, TAGS_MIN, SlotState
from coach.stories.records import Competency, StoryContent

if TYPE_CHECKING:
    from coach.library.store import StoredRole
    from coach.stories.coverage import Coverage

# One or two words per slot, for chips and the list's tag line; the full label is the
# tooltip and the editor's checkbox text.
SHORT_NAMES = {
    Competency.CONFLICT: "Conflict",
    Competency.FAILURE: "Failure",
    Competency.INFLUENCE: "Influence",
    Competency.AMBIGUITY: "Ambiguity",
    Competency.TRADE_OFF: "Trade-off",
    Competency.MENTORING: "Mentoring",
    Competency.INCIDENT: "Incident",
    Competency.DELIVERY: "Delivery",
    Competency.PUSHBACK: "Pushback",
    Competency.STRATEGY: "Strategy",
    Competency.IMPACT: "Impact",
}

PART_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "learning": "Learning (optional)",
}
PART_HINTS = {
    "situation": "Where and when, and what was at stake (customers, money, risk).",
    "task": "What you owned, and what had to change.",
    "action": "What you did yourself (“I”), what stood in the way, the decision you made.",
    "result": "What changed, by how much, from what, over how long.",
    "learning": "What you learned, or would do differently.",
}

NO_TARGET = (
    "The level lens needs a target level: set one in Settings (Ctrl+,). "
    "You can still write and save stories."
)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def tag_line(competencies: Sequence[Competency]) -> str:
    return " · ".join(SHORT_NAMES[c] for c in competencies) if competencies else "No tags yet"


def spoken_text(seconds: int) -> str:
    """'about 50 s spoken', 'about 1 min 20 s spoken'."""
    if seconds < 60:
        return f"about {seconds} s spoken"
    minutes, rest = divmod(seconds, 60)
    return f"about {minutes} min {rest} s spoken" if rest else f"about {minutes} min spoken"


def short_length(seconds: int) -> str:
    """'50 s', '1:20' for the list."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d} min"


def reads_as_text(level: Level | None) -> str:
    return f"Reads as {level.label}" if level is not None else "Level not readable yet"


def or_above(level: Level) -> str:
    return level.label if level is Level.PRINCIPAL else f"{level.label} or above"


def at_level_text(coverage: Coverage) -> str:
    """'4 of 9 stories read at Staff or above'."""
    count = coverage.story_count
    if not count:
        return f"No stories yet to read at {or_above(coverage.target)}."
    verb = "reads" if coverage.at_level_count == 1 else "read"
    return (
        f"{coverage.at_level_count} of {plural(count, 'story', 'stories')} {verb} at "
        f"{or_above(coverage.target)}."
    )


def sentence(text: str) -> str:
    """`text` with a capital first letter: the lens's summaries start in lower case."""
    return text[:1].upper() + text[1:] if text else text


def tag_advice(count: int) -> str:
    """What the coverage says about a story with `count` competency tags."""
    if count < TAGS_MIN:
        return (
            f"Tag {TAGS_MIN} or {TAGS_MAX}: the questions this story answers. "
            f"With {'none' if count == 0 else 'one'}, it covers too little of your loop."
        )
    if count > TAGS_MAX:
        return (
            f"{count} tags: keep the {TAGS_MIN} or {TAGS_MAX} it shows best; "
            "a story stretched over more reads thin in each."
        )
    return f"{count} tags: within the {TAGS_MIN} or {TAGS_MAX} recommended."


def slot_tip(competency: Competency, state: SlotState, ids: Sequence[int], optional: bool) -> str:
    label = competency.label
    if optional and not ids:
        return f"{label}: optional at your target level (expected from Staff up)."
    if state is SlotState.EMPTY:
        return f"{label}: no story yet. Click to show the stories tagged with it."
    numbers = ", ".join(f"#{i}" for i in ids)
    if state is SlotState.THIN:
        return f"{label}: only one story ({numbers}); a second gives you a choice."
    return f"{label}: {plural(len(ids), 'story', 'stories')} ({numbers})."


def role_text(role: StoredRole) -> str:
    title = role.title or "Untitled role"
    return f"{title} — {role.company}" if role.company else title


def when_text(stamp: str) -> str:
    """An ISO timestamp as '12 Mar 2025, 14:05', in local time."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def tidy(text: str) -> str:
    # As the bank stores it: no Windows line ends, no trailing spaces, no outer blanks.
    return re.sub(r"[ \t]+\n", "\n", text.replace("\r\n", "\n")).strip()


def same_story(a: StoryContent, b: StoryContent) -> bool:
    """Whether saving `a` over `b` would change nothing the candidate cares about."""
    return (
        " ".join(a.title.split()) == " ".join(b.title.split())
        and all(tidy(getattr(a, n)) == tidy(getattr(b, n)) for n in StoryContent.PARTS)
        and set(a.competencies) == set(b.competencies)
        and set(a.role_ids) == set(b.role_ids)
    )
