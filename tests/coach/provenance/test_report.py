"""The report as others consume it: spans that index the sources, JSON-ready dicts, reasons."""

from __future__ import annotations

import dataclasses
import json

import pytest

from coach.provenance import (
    ClaimKind,
    ProvenanceReport,
    Source,
    SourceSpan,
    check_line,
)
from tests.coach.provenance.test_check_line import CASES, _sources

SOURCES = [
    Source(
        "cv", "CV, Acme bullet 2", "Led the checkout re-platforming; p99 from 800 ms to 200 ms."
    ),
    Source(
        "answer",
        "answer 3",
        "We decided to use Postgres. I owned the rollout to ten thousand users.",
    ),
    Source("note", "note 1", "Org: three teams, about 40 people."),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_span_is_the_source_text_at_its_offsets(case) -> None:
    sources = {source.ref: source for source in _sources(case)}
    for check in check_line(case.line, list(sources.values())).checks:
        assert check.reason.strip()
        if check.span is not None:
            source = sources[check.span.ref]
            assert source.text[check.span.start : check.span.end] == check.span.text
            assert check.span.origin == source.origin
        if check.supported:
            assert check.span is not None, check.reason


def test_report_to_dict_is_json_ready_and_round_trips() -> None:
    report = check_line("Owned the rollout to 10K users across 3 teams, org-wide", SOURCES)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["line"] == report.line
    assert data["supported"] is False
    assert [c["text"] for c in data["checks"]] == ["Owned", "10K", "3 teams", "org-wide"]
    first = data["checks"][0]
    assert set(first) >= {"text", "kind", "supported", "reason", "source"}
    assert first["kind"] == "ownership"
    start = SOURCES[1].text.index("I owned")
    assert first["source"] == {
        "origin": "answer",
        "ref": "answer 3",
        "start": start,
        "end": start + len("I owned"),
        "text": "I owned",
    }
    org_wide = data["checks"][3]
    assert org_wide["supported"] is False
    assert org_wide["source"]["text"] == "three teams"  # what the candidate did say


def test_unsupported_check_without_evidence_has_no_source() -> None:
    check = check_line("Saved $3M", SOURCES).checks[0]
    assert check.to_dict()["source"] is None
    assert check.reason == "“$3M” is not in your CV, answers or notes"


def test_supported_and_unsupported_properties() -> None:
    report = check_line("Owned the rollout to 10K users, org-wide", SOURCES)
    assert not report.supported
    assert [c.claim.text for c in report.unsupported] == ["org-wide"]
    assert all(isinstance(c.span, SourceSpan) for c in report.checks if c.supported)


def test_a_line_without_claims_is_supported() -> None:
    report = check_line("Mentored engineers and wrote design docs", SOURCES)
    assert report == ProvenanceReport("Mentored engineers and wrote design docs", ())
    assert report.supported
    assert report.unsupported == ()
    assert report.to_dict() == {"line": report.line, "supported": True, "checks": []}


def test_reasons_quote_with_curly_quotes() -> None:
    report = check_line("Decided to use Postgres for 12 teams", SOURCES)
    for check in report.checks:
        assert "“" in check.reason and "”" in check.reason
        assert '"' not in check.reason
    assert report.checks[0].reason == "you said “we decided”; name what you decided yourself"


def test_claim_kinds_serialise_as_their_values() -> None:
    assert [str(kind) for kind in ClaimKind] == [
        "number", "team_size", "scope", "ownership", "absolute", "comparative", "name"
    ]


def test_results_are_frozen_and_repeatable() -> None:
    first = check_line("Led the checkout re-platforming, cutting p99 75%", SOURCES)
    second = check_line("Led the checkout re-platforming, cutting p99 75%", SOURCES)
    assert first == second
    assert first.supported
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.checks[0].supported = False  # type: ignore[misc]


def test_material_is_named_from_the_origins() -> None:
    cv_only = [Source("cv", "CV", "Built the billing service.")]
    assert check_line("Saved $1M", cv_only).checks[0].reason == "“$1M” is not in your CV"
    assert check_line("Saved $1M", []).checks[0].reason == "“$1M” is not in your material"
