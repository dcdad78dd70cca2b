"""Suggesting competency tags for a story from the phrases it uses.

The phrases are data (resources/stories/competencies.json); where a phrase table already
exists in the level lens (stakes, strategy, ambiguity, influence) the JSON names it instead
of repeating it, so the checks and the suggestions read "customers" the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from coach.calibration import phrases
from coach.calibration.spans import Span, find_all
from coach.stories.records import Competency

RESOURCE = ("stories", "competencies.json")
MAX_SUGGESTIONS = 3

# Tables of the level lens a slot may reuse by name.
_SHARED_TABLES: Mapping[str, tuple[re.Pattern[str], ...]] = {
    "stakes": phrases.STAKES,
    "strategy": phrases.STRATEGY,
    "ambiguity": tuple(pattern for _, pattern in phrases.AMBIGUITY),
    "influence": tuple(pattern for _, pattern in phrases.INFLUENCE),
}


class CompetencyTableError(ValueError):
    """The competency phrase table is malformed."""


@dataclass(frozen=True)
class CompetencyPhrases:
    """Compiled phrases per slot, in `Competency` order."""

    patterns: tuple[tuple[Competency, tuple[re.Pattern[str], ...]], ...]

    @classmethod
    def load(cls) -> CompetencyPhrases:
        return _load_shipped()

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, origin: str = "competencies"
    ) -> CompetencyPhrases:
        slots = data.get("slots")
        if not isinstance(slots, Mapping):
            raise CompetencyTableError(f"{origin}: needs a 'slots' object")
        unknown = sorted(set(slots) - {c.value for c in Competency})
        if unknown:
            raise CompetencyTableError(f"{origin}: unknown slots {', '.join(unknown)}")
        table = []
        for competency in Competency:
            entry = slots.get(competency.value)
            if not isinstance(entry, Mapping):
                raise CompetencyTableError(f"{origin}: no phrases for {competency.value!r}")
            table.append((competency, _slot_patterns(competency, entry, origin)))
        return cls(tuple(table))

    def hits(self, text: str) -> dict[Competency, tuple[Span, ...]]:
        """Each slot's phrases found in `text` (overlapping phrases count once), for
        the slots with at least one."""
        found = {competency: find_all(patterns, text) for competency, patterns in self.patterns}
        return {competency: spans for competency, spans in found.items() if spans}


def suggest_competencies(
    text: str, table: CompetencyPhrases | None = None
) -> tuple[Competency, ...]:
    """Up to three slots whose phrases occur most in `text`; ties in `Competency` order."""
    hits = (table or CompetencyPhrases.load()).hits(text)
    order = list(Competency)
    ranked = sorted(hits, key=lambda c: (-len(hits[c]), order.index(c)))
    return tuple(ranked[:MAX_SUGGESTIONS])


def _slot_patterns(
    competency: Competency, entry: Mapping[str, Any], origin: str
) -> tuple[re.Pattern[str], ...]:
    where = f"{origin}: slot {competency.value!r}"
    patterns: list[re.Pattern[str]] = []
    for name in entry.get("tables", ()):
        if name not in _SHARED_TABLES:
            raise CompetencyTableError(f"{where}: unknown table {name!r}")
        patterns.extend(_SHARED_TABLES[name])
    for phrase in entry.get("phrases", ()):
        if not isinstance(phrase, str) or not phrase.strip():
            raise CompetencyTableError(f"{where}: a phrase must be non-empty text")
        try:
            # Whole words only: "pages" must not fire inside "webpages".
            patterns.append(re.compile(rf"(?<!\w)(?:{phrase})(?!\w)", re.IGNORECASE))
        except re.error as exc:
            raise CompetencyTableError(f"{where}: phrase {phrase!r}: {exc}") from None
    if not patterns:
        raise CompetencyTableError(f"{where}: needs phrases or tables")
    return tuple(patterns)


@cache
def _load_shipped() -> CompetencyPhrases:
    # The shipped file never changes while the app runs: read and compile it once.
    text = resources.files("resources").joinpath(*RESOURCE).read_text(encoding="utf-8")
    return CompetencyPhrases.from_dict(json.loads(text), origin="competencies.json")
