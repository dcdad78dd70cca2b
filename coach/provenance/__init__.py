"""Claim provenance: trace every number, team size, scope word and ownership verb in a
line the model drafted to a span of the candidate's own material, or flag it with a
plain-English reason.

    report = check_line("Led a team of 8 to cut p99 by 75%", sources)
    for check in report.unsupported:
        print(check.claim.text, "-", check.reason)

Pure standard library; no model, no Qt.
"""

from __future__ import annotations

from coach.provenance.claims import extract_claims
from coach.provenance.matching import check_line
from coach.provenance.model import (
    Claim,
    ClaimCheck,
    ClaimKind,
    ProvenanceReport,
    Source,
    SourceSpan,
)

__all__ = [
    "Claim",
    "ClaimCheck",
    "ClaimKind",
    "ProvenanceReport",
    "Source",
    "SourceSpan",
    "check_line",
    "extract_claims",
]
