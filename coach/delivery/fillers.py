"""Filler words, found in a timed transcript by small, conservative rules.

A word counts only when the rule below is sure it is padding; a "like" that is a verb
or a "kind of" that names a kind is never counted, at the price of missing some
fillers. Each hit is named by its entry in `FILLER_WORDS`, the one list of fillers
(the store keeps a hit as its index there).

Rules (a "break" after a word is a comma, a dash, an ellipsis, or a silence of at least
`BREAK_SECONDS` before the next word; a "clause start" is the answer's first word or one
after , ; : . ? ! or after and / but / so / because):
- um, uh, er, erm, hmm (and drawn-out spellings: "umm", "uhh", "hmmm"): always.
- "you know", "I mean": at a clause start and followed by a break or the sentence's end
  ("It was, you know, hard"; "I mean, we had no budget"; "..., you know?"), so "do you
  know the answer" and "I mean it" are not.
- "sort of", "kind of": unless a determiner or adjective comes before ("some kind of
  cache", "that sort of thing", "the right kind of metric").
- "like": when followed by a comma, dash, ellipsis or silence ("we had like, no
  budget"), and not after a subject or auxiliary ("I like, um, Go", "we'd like"). Never
  before a full stop ("what they like."), nor at a clause start without a break
  ("Like I said").
- "basically": always.
- "actually": only as a sentence's first word ("Actually, we had some").
- "so": only as the answer's first word followed by a break ("So, I led ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.protocols import TranscriptWord

FILLER_WORDS: tuple[str, ...] = (
    "um",
    "uh",
    "er",
    "erm",
    "hmm",
    "you know",
    "I mean",
    "sort of",
    "kind of",
    "like",
    "basically",
    "actually",
    "so",
)

BREAK_SECONDS = 0.5  # a silence this long after "like" or "you know" sets it off

# Drawn-out spellings Whisper writes ("Umm", "Uhh", "Hmmm", "Uhm") to their filler.
_SOUNDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"u+h*m+"), "um"),
    (re.compile(r"u+h+"), "uh"),
    (re.compile(r"e+r+m+"), "erm"),
    (re.compile(r"e+r"), "er"),
    (re.compile(r"h+m+"), "hmm"),
)
_CLAUSE_OPENERS = frozenset({"and", "but", "so", "because"})
_BREAK_MARKS = (",", "-", "—", "–", "…", "...", ";", ":")
_SENTENCE_ENDS = (".", "?", "!")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A "kind of" / "sort of" after these names a kind ("some kind of cache"): no filler.
_KIND_DETERMINERS = _word_set(
    "a an the this that these those what which some any every each no one another same "
    "right wrong different other certain whatever my our your their his her its new first"
)
# "like" after these is a verb ("I like", "we'd like", "to like"): no filler.
_LIKE_SUBJECTS = _word_set(
    "i we you they he she it people who would should could might will to do does did "
    "don't doesn't didn't i'd we'd you'd they'd he'd she'd really also"
)


@dataclass(frozen=True)
class _Token:
    bare: str  # lower case, without surrounding punctuation
    raw: str
    start: float
    end: float


@dataclass(frozen=True)
class FillerMatch:
    filler: str  # an entry of FILLER_WORDS
    start: float


def _tokens(words: Sequence[TranscriptWord]) -> list[_Token]:
    tokens = []
    for word in words:
        bare = re.sub(r"^[^\w']+|[^\w']+$", "", word.text.strip()).lower()
        if bare:
            tokens.append(_Token(bare, word.text.strip(), word.start, word.end))
    return tokens


def sound_filler(bare: str) -> str | None:
    """ "um", "uh", "er", "erm" or "hmm" for a hesitation sound, else None."""
    for pattern, filler in _SOUNDS:
        if pattern.fullmatch(bare):
            return filler
    return None


def _break_after(tokens: list[_Token], i: int, *, or_end: bool = False) -> bool:
    """A break follows word i; with `or_end`, a sentence's or the answer's end counts."""
    token = tokens[i]
    if token.raw.endswith(_BREAK_MARKS):
        return True
    if token.raw.endswith(_SENTENCE_ENDS) or i + 1 == len(tokens):
        return or_end
    return tokens[i + 1].start - token.end >= BREAK_SECONDS


def _sentence_start(tokens: list[_Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].raw.endswith(_SENTENCE_ENDS)


def _clause_start(tokens: list[_Token], i: int) -> bool:
    if i == 0:
        return True
    before = tokens[i - 1]
    return before.raw.endswith((*_SENTENCE_ENDS, *_BREAK_MARKS)) or before.bare in _CLAUSE_OPENERS


def find_fillers(words: Sequence[TranscriptWord]) -> list[FillerMatch]:
    """Every filler in the words, in order; a word belongs to one filler at most."""
    tokens = _tokens(words)
    found: list[FillerMatch] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        pair = f"{token.bare} {tokens[i + 1].bare}" if i + 1 < len(tokens) else ""
        filler = _pair_filler(tokens, i, pair) or _single_filler(tokens, i)
        if filler is None:
            i += 1
            continue
        found.append(FillerMatch(filler, token.start))
        i += len(filler.split())
    return found


def _pair_filler(tokens: list[_Token], i: int, pair: str) -> str | None:
    if pair in ("you know", "i mean"):
        if _clause_start(tokens, i) and _break_after(tokens, i + 1, or_end=True):
            return "I mean" if pair == "i mean" else pair
        return None
    if pair in ("sort of", "kind of"):
        if i > 0 and tokens[i - 1].bare in _KIND_DETERMINERS:
            return None
        return pair
    return None


def _single_filler(tokens: list[_Token], i: int) -> str | None:
    bare = tokens[i].bare
    if sound := sound_filler(bare):
        return sound
    if bare == "basically":
        return bare
    if bare == "actually":
        return bare if _sentence_start(tokens, i) else None
    if bare == "so":
        return bare if i == 0 and _break_after(tokens, i) else None
    if bare == "like":
        after_subject = i > 0 and tokens[i - 1].bare in _LIKE_SUBJECTS
        return bare if _break_after(tokens, i) and not after_subject else None
    return None
