"""Evidence the matcher can tie to a requirement: a story or a line of the CV."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EvidenceKind(enum.StrEnum):
    STORY = "story"
    CV = "cv"  # a bullet of a CV role, or a line of the CV outside any role


@dataclass(frozen=True)
class Evidence:
    kind: EvidenceKind
    ref: int  # story id, or the role id for a CV bullet (0 for a CV line outside a role)
    text: str  # what is matched and shown
    label: str  # where it is from, for a person: "Story: Kafka cut-over", "Contoso, Staff SRE"
