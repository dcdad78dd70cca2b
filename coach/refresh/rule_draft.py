"""Drafts with no model: the candidate's own words, rearranged, never new facts.

Extract first, compose second: the answers are cut into sentences and sorted into parts
(`coach.refresh.facts`); an outcome-first bullet is assembled from the result and the
decision, a scope bullet from the scope and the obstacle, and a STAR story from one
sentence group per part. Which original a bullet replaces is decided by content overlap
(`coach.refresh.overlap`). An original is only tightened when the tightened line still
says what was done: "Worked on search performance" is never cut to "Search performance".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.library.store import StoredRole
from coach.refresh.facts import Part, Picks, answer_spans, part_texts, rule_picks
from coach.refresh.overlap import assign_replacements
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
_CLAUSE = re.compile(r",\s+(?:and|which|so|because|while|instead|rather|but)\b|;\s+")
# A word a tightened bullet may start with and still say what was done.
_VERB_START = re.compile(
    r"^(?:\w+ed|built|ran|led|wrote|made|set|cut|drove|grew|won|took|shipped|rebuilt|"
    r"rewrote|owned|began|kept|sped|brought|fought|taught|held|chose|put)\b",
    re.I,
)
MAX_BULLET = 240


def tighten(bullet: str) -> str:
    """The bullet without a duty-list opener, when what is left still starts with what was
    done; otherwise the bullet as it was (a noun phrase alone is weaker than the original)."""
    text = " ".join(bullet.split()).rstrip(".;")
    lowered = text.lower()
    for opener in _WEAK_OPENERS:
        if lowered.startswith(opener + " "):
            rest = text[len(opener) :].strip()
            if _VERB_START.match(rest):
                text = rest
            break
    return text[:1].upper() + text[1:]


def resume_voice(sentence: str) -> str:
    """"I decided to move billing to Kafka." -> "Decided to move billing to Kafka"."""
    text = " ".join(sentence.split()).rstrip(".")
    text = _FIRST_PERSON_START.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def _clip(text: str, limit: int) -> str:
    """`text` cut at a clause boundary to fit `limit` characters (never mid-word)."""
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in _CLAUSE.finditer(text) if m.start() <= limit]
    if cuts:
        return text[: cuts[-1]]
    return text[:limit].rsplit(" ", 1)[0]


def join_parts(first: str, second: str) -> str:
    """Two sentences as one bullet: the first leads, the second follows after "; "."""
    lead = resume_voice(first)
    if not second:
        return _clip(lead, MAX_BULLET)
    tail = resume_voice(second)
    tail = tail[:1].lower() + tail[1:] if not tail[:2].isupper() else tail
    room = MAX_BULLET - len(lead) - 2
    if room < 40:
        lead = _clip(lead, MAX_BULLET // 2)
        room = MAX_BULLET - len(lead) - 2
    return f"{lead}; {_clip(tail, room)}"


def composed_bullets(picks: Picks) -> list[str]:
    """Outcome first (the result, then the decision), then scope with the obstacle."""
    lines: list[str] = []
    result, decision = picks.text(Part.RESULT), picks.text(Part.DECISION)
    if result:
        lines.append(join_parts(result, decision))
    elif decision:
        lines.append(join_parts(decision, ""))
    scope = picks.text(Part.SCOPE)
    if scope:
        lines.append(join_parts(scope, picks.text(Part.OBSTACLE) or picks.text(Part.PEOPLE)))
    return [line for line in lines if len(line.split()) >= 4]


def bullet_drafts(role: StoredRole, lines: Sequence[str], author: str) -> list[NewDraft]:
    """Drafted lines with the original each replaces, chosen by overlap; originals no
    draft replaces get their tightened form when tightening changes them."""
    drafts: list[NewDraft] = []
    replaces = assign_replacements(lines, role.bullets)
    for line, index in zip(lines, replaces, strict=True):
        original = role.bullets[index] if index is not None else None
        drafts.append(NewDraft("bullet", author, line, replaces=index, original=original))
    for index, bullet in enumerate(role.bullets):
        if index in replaces:
            continue
        tightened = tighten(bullet)
        if tightened != " ".join(bullet.split()).rstrip(".;"):  # a lost full stop is no change
            drafts.append(NewDraft("bullet", author, tightened, replaces=index, original=bullet))
    return drafts


def rule_drafts(role: StoredRole, turns: Sequence[Turn]) -> list[NewDraft]:
    picks = rule_picks(answer_spans(turns))
    drafts = bullet_drafts(role, composed_bullets(picks), "rules")
    story = story_from_picks(role, picks)
    if story is not None:
        drafts.append(NewDraft("story", "rules", story.to_json()))
    return drafts


def story_from_picks(role: StoredRole, picks: Picks) -> Story | None:
    """A STAR story, one group of the candidate's sentences per part, when the answers
    hold a decision and a result; no sentence appears in two parts."""
    texts = part_texts(picks)
    action, result = texts.get(Part.DECISION, ""), texts.get(Part.RESULT, "")
    if not action or not result:
        return None
    where = " at ".join(part for part in (role.title, role.company) if part)
    situation = texts.get(Part.SCOPE, "")
    if not situation:
        bullet = role.bullets[0] if role.bullets else ""
        situation = f"{where}: {bullet}".strip(": ") if where or bullet else ""
    task = texts.get(Part.OBSTACLE, "") or texts.get(Part.PEOPLE, "")
    people = texts.get(Part.PEOPLE, "")
    people = "" if task == people else people  # told as the task already
    if not situation or not task:
        return None
    return Story(
        title=f"{where}: {_short(action)}" if where else _short(action),
        situation=situation,
        task=task,
        action=f"{action} {people}".strip(),
        result=result,
        learning=texts.get(Part.LEARNING, ""),
    )


def _short(text: str, words: int = 8) -> str:
    head = sentences(text)[0] if sentences(text) else text
    cut = head.split()[:words]
    return resume_voice(" ".join(cut)).rstrip(",;:") + ("…" if len(head.split()) > words else "")
