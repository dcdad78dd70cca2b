"""Sentences with their exact place in the answer, and a tiny stemmer.

Evidence quoted back to the candidate must be the candidate's own words, character for
character, so the splitter returns spans of the original text instead of cleaned copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or a run of them, possibly closed by a quote or bracket)
# followed by white space, or at a blank line / line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*")
# Words after which a full stop does not end the sentence.
# Not "ms." or "no.": in engineering talk they end sentences ("900 ms.") far more often.
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "vs.", "etc.", "approx.", "dr.", "mr."})
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly answer[start:end]
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` as exact, stripped spans; empty pieces are dropped."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        piece_end = match.start()
        # Keep the closing quote or bracket with the sentence it closes.
        closer = re.match(r"[\"')\]]*", text[piece_end : match.end()])
        piece_end += closer.end() if closer else 0
        last_word = text[start:piece_end].rsplit(maxsplit=1)[-1:] or [""]
        if "\n" not in match.group() and last_word[0].lower() in _ABBREVIATIONS:
            continue
        _append(sentences, text, start, piece_end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(text[start:end], start, end))


def words(text: str) -> list[str]:
    """Lower-case words; "I'd" stays one word so phrases like "i'd want" can match."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A deliberately small stemmer: plurals, -ing, -ed, -er and a final e, so that
    "caches", "cached" and "caching" meet at "cach". Good enough for trigger phrases;
    not a linguistic tool."""
    w = word.lower()
    if len(w) <= 2:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "er"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # "stopp" -> "stop"
    if w.endswith("e") and len(w) >= 3:
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """True when `needle` occurs as a contiguous run inside `haystack`."""
    if not needle or len(needle) > len(haystack):
        return False
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))
