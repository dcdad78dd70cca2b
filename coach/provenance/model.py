"""The public record of a provenance check: claims, sources, spans and verdicts.

Plain frozen dataclasses so the UI, the CLI and tests can hold them, compare them and
turn them into JSON without knowing how the checks work.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class ClaimKind(enum.StrEnum):
    NUMBER = "number"
    TEAM_SIZE = "team_size"
    SCOPE = "scope"
    OWNERSHIP = "ownership"
    ABSOLUTE = "absolute"  # "24/7", "zero downtime", "never", "all"
    COMPARATIVE = "comparative"  # "3x faster" with no baseline
    NAME = "name"  # a tool, product or person


@dataclass(frozen=True)
class Source:
    """A piece of the candidate's own material: a CV bullet, a typed answer, a note."""

    origin: str  # "cv" | "answer" | "note" | "bullet" ... (free text, shown to the user)
    ref: str  # human label, e.g. "answer 3" or "CV, Acme bullet 2"
    text: str


@dataclass(frozen=True)
class Claim:
    """One checkable item in a drafted line; offsets index the drafted line."""

    kind: ClaimKind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceSpan:
    """Where in a source the evidence sits; `text == source.text[start:end]`."""

    origin: str
    ref: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "ref": self.ref,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim.

    `span` is the evidence when the claim is supported. When it is not, `span` points at
    what the candidate did say instead (a different number, "we decided") so the UI can
    show it, and is None when nothing related was found.
    """

    claim: Claim
    supported: bool
    reason: str
    span: SourceSpan | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.claim.text,
            "kind": str(self.claim.kind),
            "start": self.claim.start,
            "end": self.claim.end,
            "supported": self.supported,
            "reason": self.reason,
            "source": self.span.to_dict() if self.span else None,
        }


@dataclass(frozen=True)
class ProvenanceReport:
    line: str
    checks: tuple[ClaimCheck, ...]

    @property
    def supported(self) -> bool:
        """Every claim is backed (vacuously true for a line with no claims)."""
        return all(check.supported for check in self.checks)

    @property
    def unsupported(self) -> tuple[ClaimCheck, ...]:
        return tuple(check for check in self.checks if not check.supported)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "supported": self.supported,
            "checks": [check.to_dict() for check in self.checks],
        }
