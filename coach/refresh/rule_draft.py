"""Drafts with no model: the candidate's own words, tightened, never new facts.

Bullets lose duty-list openers ("Responsible for ...") and gain an outcome-first line
built from the answer that named a result; the story is assembled from the answers
part by part. Nothing here writes a fact the candidate did not state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.library.store import StoredRole
from coach.refresh.records import Turn
from coach.refresh.store import NewDraft
from coach.stories.records import Story

_WEAK_OPENERS = (
    "was responsible for",
    "responsible for",
    "duties included",
    "tasked with",
    "was involved in",
    "involved in",
    "participated in",
    "assisted with",
    "assisted in",
    "helped to",
    "helped with",
    "worked on",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_FIRST_PERSON_START = re.compile(r"^(?:so,?\s+|well,?\s+|basically,?\s+)?I\s+(?:had\s+)?", re.I)
_NUMBER = re.compile(r"\d")
MAX_BULLET = 240


def tighten(bullet: str) -> str:
    text = " ".join(bullet.split()).rstrip(".;")
    lowered = text.lower()
    for opener in _WEAK_OPENERS:
        if lowered.startswith(opener + " "):
            text = text[len(opener) :].strip()
            break
    return text[:1].upper() + text[1:]


def resume_voice(sentence: str) -> str:
    """"I decided to move billing to Kafka." -> "Decided to move billing to Kafka"."""
    text = " ".join(sentence.split()).rstrip(".")
    text = _FIRST_PERSON_START.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


_ACTION_START = re.compile(
    r"^(?:I\s+)?(?:decided|chose|proposed|led|designed|built|wrote|owned|ran|moved|"
    r"migrated|replaced|introduced|cut|reduced|set up|convinced)\b",
    re.I,
)
MAX_NEW_BULLETS = 3


def _usable(sentence: str) -> str | None:
    line = resume_voice(sentence)
    return line if len(line.split()) >= 4 and len(line) <= MAX_BULLET else None


def _answers(turns: Sequence[Turn], aspect: str | None = None) -> list[str]:
    return [t.answer for t in turns if t.answer and (aspect is None or t.aspect == aspect)]


def new_bullets(turns: Sequence[Turn]) -> list[str]:
    """Sentences from the answers worth a bullet: results with numbers first, then the
    candidate's own actions; each in résumé voice, at most MAX_NEW_BULLETS."""
    found = [s for answer in _answers(turns) for s in sentences(answer)]
    with_numbers = [s for s in found if _NUMBER.search(s)]
    actions = [s for s in found if _ACTION_START.search(s) and s not in with_numbers]
    lines: list[str] = []
    for sentence in with_numbers + actions:
        line = _usable(sentence)
        if line and line not in lines:
            lines.append(line)
    return lines[:MAX_NEW_BULLETS]


def rule_drafts(role: StoredRole, turns: Sequence[Turn]) -> list[NewDraft]:
    drafts: list[NewDraft] = []
    for index, bullet in enumerate(role.bullets):
        tightened = tighten(bullet)
        if tightened != " ".join(bullet.split()).rstrip(".;"):  # a lost full stop is no change
            drafts.append(NewDraft("bullet", "rules", tightened, replaces=index, original=bullet))
    drafts += [NewDraft("bullet", "rules", line) for line in new_bullets(turns)]
    story = rule_story(role, turns)
    if story is not None:
        drafts.append(NewDraft("story", "rules", story.to_json()))
    return drafts


def rule_story(role: StoredRole, turns: Sequence[Turn]) -> Story | None:
    """A STAR story from the answers, part by part, when there is an action and a result."""

    def joined(*aspects: str) -> str:
        return " ".join(answer for aspect in aspects for answer in _answers(turns, aspect))

    action, result = joined("decision"), joined("metric")
    if not action or not result:
        return None
    where = " at ".join(part for part in (role.title, role.company) if part)
    return Story(
        title=f"{where}: {_short(action)}" if where else _short(action),
        situation=joined("difficulty"),
        task=joined("scope", "people"),
        action=action,
        result=result,
        learning=joined("reflection"),
    )


def _short(text: str, words: int = 8) -> str:
    head = sentences(text)[0] if sentences(text) else text
    cut = head.split()[:words]
    return resume_voice(" ".join(cut)).rstrip(",;:") + ("…" if len(head.split()) > words else "")
