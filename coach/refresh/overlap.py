"""Which original bullet a drafted bullet replaces: decided by the app, by shared content.

A model's `replaces` number is never trusted (it pointed rewrites at unrelated bullets
and would have deleted one about an $18M Series A). A draft replaces the original it
shares the most content words with, when that is enough of the original's words, and
only when it keeps every number the original had; otherwise it is an addition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9$%][a-z0-9$%.\-/]*[a-z0-9%]|[a-z0-9$%]")
_NUMBER = re.compile(r"\$?\d[\d,.]*\s*[%kmb]?", re.I)
_GENERIC = frozenset({
    "the", "and", "for", "with", "from", "into", "onto", "over", "across", "that", "this",
    "was", "were", "our", "their", "its", "a", "an", "of", "to", "in", "on", "by", "at",
    "as", "is", "are", "be", "it", "we", "i", "my", "me", "team", "new", "work", "worked",
    "responsible", "involved", "helped", "help", "participated", "assisted", "managed",
    "led", "built", "owned", "improved", "developed", "created", "maintained", "supported",
    "designed", "defined", "set", "up", "all", "each", "every", "per", "about", "around",
})  # fmt: skip
# Share of the original's content words a replacement must carry: a short original
# ("Worked on search performance": search, performance) is matched by one of two.
MIN_SHARE = 0.5


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    words = _WORD.findall(text.lower().replace("-", " "))
    return {_stem(w) for w in words if w not in _GENERIC and not w[0].isdigit()}


def numbers_in(text: str) -> set[str]:
    return {m.group().strip().lower().rstrip(".,") for m in _NUMBER.finditer(text)}


def share(draft: str, original: str) -> float:
    wanted = content_words(original)
    if not wanted:
        return 0.0
    return len(wanted & content_words(draft)) / len(wanted)


def best_original(draft: str, originals: Sequence[str], taken: set[int]) -> int | None:
    """The index of the original `draft` rewrites, or None: an addition."""
    scored = [
        (share(draft, original), -index, index)
        for index, original in enumerate(originals)
        if index not in taken
    ]
    scored = [s for s in scored if s[0] >= MIN_SHARE]
    for _, _, index in sorted(scored, reverse=True):
        if numbers_in(originals[index]) <= numbers_in(draft):
            return index
    return None


def assign_replacements(drafts: Sequence[str], originals: Sequence[str]) -> list[int | None]:
    """For each drafted bullet, the original it replaces; each original at most once."""
    taken: set[int] = set()
    chosen: list[int | None] = []
    for draft in drafts:
        index = best_original(draft, originals, taken)
        if index is not None:
            taken.add(index)
        chosen.append(index)
    return chosen
