"""Text plumbing: same-length normalisation, words, sentences, clauses.

Every check works on `normalise(text)`, which keeps each character at its index, so an
offset found in the normalised text is an offset into the original: spans and claim
offsets never need remapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One character in, one character out (that is what keeps offsets valid).
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",  # en dash: ranges ("3–5") and compounds read as a hyphen
        "\u2212": "-",
        "\u2014": ";",  # em dash: a clause break ("shipped it—org-wide"), not a hyphen
        "\u2015": ";",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u2026": ".",
        "\u00d7": "x",  # "2×" is "2x"
        "\u2248": "~",
        "\u2192": ">",  # "800 ms → 200 ms"; the arrow pattern looks for "->" or ">"
    }
)

_WORD = re.compile(r"[a-z0-9$€£¥%~]+(?:['.\-/][a-z0-9]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s|$)|[\n\r;]+|\s[•*]\s")
_CLAUSE_BREAK = re.compile(
    r"[.!?](?=\s|$)|[\n\r;:,()\[\]]|\s(?:and|but|while|whereas|so|which|although|though)\s"
)


def normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, plain spaces; same length as `text`."""
    folded = text.translate(_FOLD)
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


@dataclass(frozen=True)
class Word:
    text: str  # normalised
    start: int
    end: int


def words(norm: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of normalised text between two offsets (hyphens and apostrophes kept inside)."""
    stop = len(norm) if end is None else end
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(norm, start, stop)]


def _pieces(norm: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in breaks.finditer(norm):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(norm):
        spans.append((start, len(norm)))
    return spans


def sentences(norm: str) -> list[tuple[int, int]]:
    return _pieces(norm, _SENTENCE_BREAK)


def clauses(norm: str) -> list[tuple[int, int]]:
    return _pieces(norm, _CLAUSE_BREAK)


def enclosing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The piece that holds [start, end), stretched over several pieces if it straddles."""
    first = [s for s in spans if s[0] <= start < s[1]] or [(start, end)]
    last = [s for s in spans if s[0] < end <= s[1]] or [(start, end)]
    return first[0][0], max(last[-1][1], end)


def sentence_of(norm: str, start: int, end: int) -> tuple[int, int]:
    return enclosing(sentences(norm), start, end)


def clause_of(norm: str, start: int, end: int) -> tuple[int, int]:
    return enclosing(clauses(norm), start, end)


_SENTENCE_OPENERS = frozenset({"We", "Our", "My", "The", "It", "That", "This"})


def quote(text: str) -> str:
    """Curly-quote a snippet for a reason string, on one line. A capital that only marks
    the start of the candidate's sentence is lowered, as it now sits mid-sentence
    ("you said “we decided”"); "I" and names keep theirs."""
    snippet = " ".join(text.split())
    first = snippet.split(" ", 1)[0]
    if first in _SENTENCE_OPENERS:
        snippet = first.lower() + snippet[len(first) :]
    return "“" + snippet + "”"


def word_set(spaced: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string, which reads better than a list."""
    return frozenset(spaced.split())
