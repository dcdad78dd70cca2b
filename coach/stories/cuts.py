"""Spoken cuts of a story: the same story told in 45 seconds, 90 seconds and 3 minutes.

Senior answers get interrupted, so a story should be modular: the result and the
candidate's own key action first, then the stakes, then more detail. The selection is
deterministic and works on whole sentences; the kept ones are told in STAR order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.calibration import phrases
from coach.calibration.spans import find_all
from coach.stories.records import StoryContent

WORDS_PER_MINUTE = 150  # DOMAIN.md: 130 to 160 is easy to follow
CUT_SECONDS = (45, 90, 180)

# Same tokens as the calibration signals count, so the editor's word counts agree.
_WORD = re.compile(r"[\w’'-]+")
# A sentence ends at . ! ? (with any closing quote or bracket) before a space and a
# character that is not lower case ("e.g. the" and "2.5 s" go on), or at a line break.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=[ \t]+[^a-z\s])|\n")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "approx", "incl", "cf"})


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def spoken_seconds(words: int) -> int:
    return round(words * 60 / WORDS_PER_MINUTE)


def budget_for(seconds: int) -> int:
    return seconds * WORDS_PER_MINUTE // 60


@dataclass(frozen=True)
class Cut:
    seconds: int
    budget_words: int
    text: str
    words: int
    complete: bool  # the whole story, nothing left out
    left_out: int = 0  # sentences not told in this cut

    @property
    def label(self) -> str:
        return f"{self.seconds // 60} min" if self.seconds >= 120 else f"{self.seconds} s"

    @property
    def over_budget(self) -> bool:
        return self.words > self.budget_words

    @property
    def note(self) -> str:
        if self.over_budget:
            return (
                f"Even the result and your key action run {self.words} words, over the "
                f"{self.budget_words} of {self.label}: tighten those two sentences."
            )
        if self.complete:
            return f"The whole story fits in {self.label}."
        plural = "s" if self.left_out != 1 else ""
        return f"{self.left_out} sentence{plural} left out to fit {self.label}."


@dataclass(frozen=True)
class Sentence:
    part: str
    index: int  # position in the story, in telling order
    text: str
    words: int


def story_cuts(content: StoryContent) -> tuple[Cut, ...]:
    sentences = split_story(content)
    total = count_words(content.body)
    cuts = []
    for seconds in CUT_SECONDS:
        budget = budget_for(seconds)
        if total <= budget:
            cuts.append(Cut(seconds, budget, content.body, total, complete=True))
            continue
        kept = _select(sentences, budget)
        text = _tell(s for s in sentences if s.index in kept)
        cuts.append(
            Cut(
                seconds,
                budget,
                text,
                count_words(text),
                complete=len(kept) == len(sentences),
                left_out=len(sentences) - len(kept),
            )
        )
    return tuple(cuts)


def split_story(content: StoryContent) -> tuple[Sentence, ...]:
    found: list[Sentence] = []
    for part, text in content.parts():
        for sentence in split_sentences(text):
            found.append(Sentence(part, len(found), sentence, count_words(sentence)))
    return tuple(found)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        word_before = re.search(r"[\w.]*$", text[start : match.start()])
        if word_before and word_before.group().lower().rstrip(".") in _ABBREVIATIONS:
            continue
        sentences.append(text[start : match.end()])
        start = match.end()
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def _select(sentences: tuple[Sentence, ...], budget: int) -> set[int]:
    """Indexes of the sentences to tell: the must-keeps always, then the rest in priority
    order while they fit (one that does not fit is skipped, a shorter later one may)."""
    by_part: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_part.setdefault(sentence.part, []).append(sentence)
    action, result = by_part.get("action", []), by_part.get("result", [])
    situation = by_part.get("situation", [])

    must = [*result[:1], *_key_action(action)]
    stakes = next((s for s in situation if find_all(phrases.STAKES, s.text)), None)
    rest = [
        *([stakes or situation[0]] if situation else []),
        *_alternate(action, result),
        *by_part.get("task", []),
        *by_part.get("learning", []),
        *situation,
    ]
    kept = {s.index for s in must}
    used = sum(s.words for s in must)
    for sentence in rest:
        if sentence.index not in kept and used + sentence.words <= budget:
            kept.add(sentence.index)
            used += sentence.words
    return kept


def _key_action(action: list[Sentence]) -> list[Sentence]:
    """The first action sentence in the candidate's own voice, else the first one."""
    own = (
        s
        for s in action
        if find_all(phrases.SINGULAR, s.text) or find_all((phrases.IMPLICIT_SINGULAR,), s.text)
    )
    first = next(own, None) or (action[0] if action else None)
    return [first] if first else []


def _alternate(action: list[Sentence], result: list[Sentence]) -> list[Sentence]:
    # Action and result in turn, so a 90 s cut keeps a second result (often the business
    # link) rather than spending everything on steps.
    merged: list[Sentence] = []
    for i in range(max(len(action), len(result))):
        merged.extend(part[i] for part in (action, result) if i < len(part))
    return merged


def _tell(sentences: Iterable[Sentence]) -> str:
    """Kept sentences in STAR order: one paragraph per part, like `StoryContent.body`."""
    paragraphs: dict[str, list[str]] = {}
    for sentence in sorted(sentences, key=lambda s: s.index):
        paragraphs.setdefault(sentence.part, []).append(sentence.text)
    return "\n".join(" ".join(texts) for texts in paragraphs.values())
