"""A stored posting read back for prep: its requirements, values and responsibilities.

Requirements come from the library's rows (parsed at ingestion, possibly by a model
later); values and responsibilities are parsed again from the stored text, since the
library keeps only what search needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.errors import UserError
from coach.ingest.posting import parse_posting
from coach.ingest.readers import read_stored
from coach.library.store import LibraryStore


@dataclass(frozen=True)
class PostingRequirement:
    text: str
    kind: str  # "must" or "nice"
    section: str


@dataclass(frozen=True)
class PostingView:
    id: int
    title: str
    company: str
    level_hints: tuple[str, ...]
    requirements: tuple[PostingRequirement, ...]
    values: tuple[str, ...]
    responsibilities: tuple[str, ...]
    suspicious: tuple[str, ...]
    text: str

    @property
    def label(self) -> str:
        return f"{self.title} — {self.company}" if self.company else self.title


def load_posting(library: LibraryStore, document_id: int) -> PostingView:
    info = next((d for d in library.documents("posting") if d.id == document_id), None)
    if info is None:
        raise UserError(
            f"There is no posting {document_id} in your library.",
            hint="`loopcoach docs` lists them; add one with `loopcoach ingest --kind posting`.",
        )
    text = library.document_text(document_id)
    parsed = parse_posting(read_stored(text))  # one block per stored line, as ingested
    return PostingView(
        id=document_id,
        title=info.title,
        company=info.company or parsed.company,
        level_hints=parsed.level_hints,
        requirements=tuple(
            PostingRequirement(text, kind, section)
            for kind, section, text in library.requirements(document_id)
        ),
        values=parsed.values,
        responsibilities=parsed.responsibilities,
        suspicious=parsed.suspicious,
        text=text,
    )
