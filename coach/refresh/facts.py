"""The answers cut into sentences and sorted into the parts a draft is built from.

Extract first, compose second: both the rule path and the model path build drafts from
these spans of the candidate's own words (`Span.text` is always a verbatim slice of one
answer). The rule picks here are also the fallback when a model's picks do not hold.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.refresh.records import Turn

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|"
    r"dozen|hundred|thousand|million|billion)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\bfrom\b.+\bto\b|\b(?:fell|dropped|drop|rose|grew|grown|went (?:up|down|from)|cut|"
    r"reduced|increased|improved|saved|saving|shrank|halved|doubled|recovered|faster|"
    r"slower|down|up) ",
    re.I,
)
_DECISION = re.compile(
    r"\bI\s+(?:\w+\s+)?(?:decided|chose|proposed|made the call|set the direction|"
    r"pushed|introduced|moved|insisted|wrote|built|designed|led|convinced|got|"
    r"picked|replaced|split|put)\b",
    re.I,
)
_OBSTACLE = re.compile(
    r"\b(?:hard|risk|worried|feared|afraid|refused|disagreed|could not|couldn't|"
    r"did not trust|didn't trust|blocked|complained|struggled|pushback|wanted|"
    r"problem|obstacle|failed)\b",
    re.I,
)
_SCOPE = re.compile(
    r"\b(?:teams?|engineers|people|users|customers|services|systems|clusters|"
    r"countries|markets|domains|groups?|company|org|a day|a month|a week|a second)\b",
    re.I,
)


class Part(enum.StrEnum):
    RESULT = "result"  # what changed, measurably: baseline, change, time frame
    DECISION = "decision"  # what the candidate decided or did
    SCOPE = "scope"  # how many people, teams, users or systems
    OBSTACLE = "obstacle"  # what was hard
    PEOPLE = "people"  # who they brought along
    LEARNING = "learning"  # what they would do differently


# The aspect a question was about tells which part its answer most likely holds.
_ASPECT_PART = {
    "metric": Part.RESULT,
    "decision": Part.DECISION,
    "scope": Part.SCOPE,
    "difficulty": Part.OBSTACLE,
    "people": Part.PEOPLE,
    "reflection": Part.LEARNING,
}


@dataclass(frozen=True)
class Span:
    """One sentence of one answer: `answers[answer][start:end] == text`."""

    number: int  # 1-based, in answer order: what a model picks
    answer: int
    start: int
    end: int
    text: str
    aspect: str  # the aspect of the question it answered

    @property
    def has_number(self) -> bool:
        return bool(_NUMBER.search(self.text))


def answer_spans(turns: Sequence[Turn]) -> list[Span]:
    spans: list[Span] = []
    answers = [turn for turn in turns if turn.answer]
    for index, turn in enumerate(answers):
        text = turn.answer or ""
        start = 0
        for piece in _SENTENCE_END.split(text):
            at = text.find(piece, start)
            if piece.strip() and at >= 0:
                spans.append(
                    Span(len(spans) + 1, index, at, at + len(piece), piece.strip(), turn.aspect)
                )
                start = at + len(piece)
    return spans


def _score(span: Span, part: Part) -> int:
    """How well a sentence fits a part; 0 is not at all."""
    text = span.text
    by_aspect = 3 if _ASPECT_PART.get(span.aspect) is part else 0
    if part is Part.RESULT:
        cues = 2 * bool(_CHANGE.search(text)) + bool(span.has_number)
        return by_aspect + cues if cues else 0
    if part is Part.DECISION:
        cue = bool(_DECISION.search(text))
        return by_aspect + 2 * cue if by_aspect or cue else 0
    if part is Part.SCOPE:
        cues = bool(_SCOPE.search(text)) + bool(span.has_number)
        return by_aspect + cues if (by_aspect or cues == 2) else 0
    if part is Part.OBSTACLE:
        cue = bool(_OBSTACLE.search(text))
        return by_aspect + 2 * cue if by_aspect or cue else 0
    return by_aspect


@dataclass(frozen=True)
class Picks:
    """One sentence per part (None: the answers hold none), no sentence in two parts."""

    spans: tuple[Span, ...]
    chosen: dict[Part, Span]

    def get(self, part: Part) -> Span | None:
        return self.chosen.get(part)

    def text(self, part: Part) -> str:
        span = self.chosen.get(part)
        return span.text if span else ""


# The order parts are filled in: a sentence goes to the part it is most needed by.
PICK_ORDER = (Part.RESULT, Part.DECISION, Part.SCOPE, Part.OBSTACLE, Part.PEOPLE, Part.LEARNING)


def rule_picks(spans: Sequence[Span]) -> Picks:
    chosen: dict[Part, Span] = {}
    used: set[int] = set()
    for part in PICK_ORDER:
        best = max(
            (s for s in spans if s.number not in used and _score(s, part) > 0),
            key=lambda s: (_score(s, part), -s.number),
            default=None,
        )
        if best is not None:
            chosen[part] = best
            used.add(best.number)
    return Picks(tuple(spans), chosen)


def part_texts(picks: Picks) -> dict[Part, str]:
    """Each chosen sentence with the rest of its answer that no part took, so a metric
    answer's second sentence ("and we cancelled the hardware order") stays with it. Every
    sentence lands in one part at most: no sentence is repeated across slots."""
    taken = {s.number for s in picks.chosen.values()}
    texts: dict[Part, str] = {}
    for part in PICK_ORDER:
        span = picks.get(part)
        if span is None:
            continue
        rest = [s for s in picks.spans if s.answer == span.answer and s.number not in taken]
        taken |= {s.number for s in rest}
        texts[part] = " ".join(s.text for s in sorted([span, *rest], key=lambda s: s.number))
    return texts
