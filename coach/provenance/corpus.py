"""The candidate's material, read once: each source normalised and scanned for numbers,
team sizes and ownership statements, plus how reasons name it ("your CV or answers")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.provenance.model import Source, SourceSpan
from coach.provenance.numbers import NumberScan, scan
from coach.provenance.ownership import OwnershipEvidence, find_ownership_evidence
from coach.provenance.teams import TeamCount, find_team_counts
from coach.provenance.text import clause_of, normalise, sentence_of

_MATERIAL_NAMES = {
    "cv": "CV",
    "resume": "CV",
    "résumé": "CV",
    "answer": "answers",
    "answers": "answers",
    "note": "notes",
    "notes": "notes",
    "bullet": "CV",
}
_ORDER = ("CV", "answers", "notes")
_SNIPPET_WORDS = 12


@dataclass(frozen=True)
class ScannedSource:
    source: Source
    norm: str
    numbers: NumberScan
    teams: tuple[TeamCount, ...]
    ownership: tuple[OwnershipEvidence, ...]

    def span(self, start: int, end: int) -> SourceSpan:
        return SourceSpan(
            self.source.origin, self.source.ref, start, end, self.source.text[start:end]
        )

    @property
    def where(self) -> str:
        return f"in {self.source.ref}"

    def sentence(self, start: int, end: int) -> str:
        first, last = sentence_of(self.norm, start, end)
        return self.norm[first:last]

    def snippet(self, start: int, end: int) -> str:
        """The clause around a span, for "… only about something else: “…”"."""
        first, last = clause_of(self.norm, start, end)
        text = self.source.text[first:last].split()
        if len(text) > _SNIPPET_WORDS:
            text = [*text[:_SNIPPET_WORDS], "…"]
        return " ".join(text)


@dataclass(frozen=True)
class Corpus:
    sources: tuple[ScannedSource, ...]
    material: str  # "your CV or answers"


def build_corpus(sources: Sequence[Source]) -> Corpus:
    scanned = []
    for source in sources:
        norm = normalise(source.text)
        numbers = scan(source.text)
        scanned.append(
            ScannedSource(
                source,
                norm,
                numbers,
                tuple(find_team_counts(norm, numbers)),
                tuple(find_ownership_evidence(source.text, norm)),
            )
        )
    return Corpus(tuple(scanned), describe_material(sources))


def describe_material(sources: Sequence[Source]) -> str:
    names: list[str] = []
    for source in sources:
        origin = source.origin.strip().lower()
        if not origin:
            continue
        name = _MATERIAL_NAMES.get(origin) or (origin if origin.endswith("s") else origin + "s")
        if name not in names:
            names.append(name)
    if not names:
        return "your material"
    first_seen = {name: index for index, name in enumerate(names)}
    names.sort(key=lambda n: (_ORDER.index(n) if n in _ORDER else len(_ORDER), first_seen[n]))
    if len(names) == 1:
        return f"your {names[0]}"
    return "your " + ", ".join(names[:-1]) + " or " + names[-1]
