"""Is a sentence about the situation, or only sounds senior?

A fluent answer can say "we'll leverage robust observability and a phased, data-driven
rollout" and mean nothing. Such a sentence is hollow: most of its words are on the
buzzword list (resources/drills/buzzwords.json) and it carries nothing concrete, no
number and no word of the scenario it answers. Hollow sentences are never accepted as a
check's quote, on the rule path or the model path, so buzzwords earn no points.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from coach.drills.scenarios import Scenario
from coach.drills.text import stem, words

# Share of a sentence's content words that are buzzwords, past which it is hollow even
# when it borrows a word of the scenario ("a holistic, robust checkout strategy").
HOLLOW_SHARE_GROUNDED = 0.5
# The same share for a sentence with nothing concrete in it.
HOLLOW_SHARE_UNGROUNDED = 0.3
MIN_BUZZ = 2
CONTENT_LETTERS = 4
_DIGIT = re.compile(r"\d")
_STOP = frozenset(
    [
        "this",
        "that",
        "with",
        "from",
        "have",
        "will",
        "would",
        "should",
        "could",
        "there",
        "their",
        "about",
        "what",
        "when",
        "where",
        "which",
        "while",
        "into",
        "them",
        "they",
        "then",
        "than",
        "just",
        "also",
        "some",
        "more",
        "most",
        "very",
        "much",
        "make",
        "sure",
        "going",
        "want",
        "need",
        "like",
        "been",
        "being",
        "each",
        "every",
        "other",
        "only",
        "over",
        "such",
        "here",
        "were",
        "your",
        "ours",
        "thing",
        "things",
        "really",
        "whole",
        "right",
        "first",
        "next",
        "last",
        "plan",
        "team",
        "teams",
        "work",
    ]
)


@dataclass(frozen=True)
class Vocabulary:
    """Stems of the scenario's own words: what a concrete sentence talks about."""

    stems: frozenset[str]

    @classmethod
    def of(cls, scenario: Scenario) -> Vocabulary:
        parts = [scenario.title, scenario.prompt, scenario.artifact, scenario.flaw]
        parts += [fact.fact for fact in scenario.hidden_facts]
        parts += list(scenario.flaw_terms)
        found = {stem(w) for w in words(" ".join(parts)) if _content(w)}
        return cls(frozenset(found - buzz_stems()))


@cache
def _buzz() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    ref = resources.files("resources") / "drills" / "buzzwords.json"
    entries = json.loads(ref.read_text(encoding="utf-8"))["words"]
    singles = frozenset(stem(e) for e in entries if len(words(e)) == 1)
    phrases = tuple(tuple(stem(w) for w in words(e)) for e in entries if len(words(e)) > 1)
    return singles, phrases


def buzz_stems() -> frozenset[str]:
    return _buzz()[0]


def _content(word: str) -> bool:
    return len(word) >= CONTENT_LETTERS and word not in _STOP


def is_hollow(sentence: str, vocabulary: Vocabulary) -> bool:
    tokens = words(sentence)
    content = [stem(w) for w in tokens if _content(w)]
    if not content:
        return True  # "Yes." "It will be fine." prove nothing
    singles, phrases = _buzz()
    stems_all = [stem(w) for w in tokens]
    buzz = sum(1 for s in content if s in singles)
    for phrase in phrases:
        width = len(phrase)
        buzz += sum(
            1
            for i in range(len(stems_all) - width + 1)
            if tuple(stems_all[i : i + width]) == phrase
        )
    if buzz < MIN_BUZZ:
        return False
    share = buzz / len(content)
    grounded = is_concrete(sentence, vocabulary)
    return share >= (HOLLOW_SHARE_GROUNDED if grounded else HOLLOW_SHARE_UNGROUNDED)


def is_concrete(sentence: str, vocabulary: Vocabulary) -> bool:
    """A number, or a word of the scenario: the sentence is about this situation."""
    if _DIGIT.search(sentence):
        return True
    return any(stem(w) in vocabulary.stems for w in words(sentence) if _content(w))
