"""Posting terms and keyword coverage on the real terms.json."""

from __future__ import annotations

import json

import pytest

from coach.prep.terms import (
    Lexicon,
    LexiconError,
    keyword_coverage,
    load_lexicon,
    posting_terms,
)


def names(text: str) -> list[str]:
    return [term.name for term in posting_terms(text)]


def test_the_vocabulary_covers_every_track() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.terms) >= 80
    for name in ("SRE", "SLO", "Kubernetes", "CI/CD", "IaC", "ML", "LLM", "RAG", "ETL", "gRPC"):
        assert f"t:{name}" in lexicon.terms, name
    for name in ("OLTP", "RBAC", "IAM", "GCP", "AWS"):
        assert f"t:{name}" in lexicon.terms, name


def test_acronym_in_the_posting_is_covered_by_its_expansion_in_the_cv() -> None:
    coverage = keyword_coverage(
        "Ran Kubernetes clusters on Amazon Web Services.", "Experience with K8s on AWS."
    )
    found = {hit.term.name: hit.found_as for hit in coverage.terms}
    assert found == {"Kubernetes": "Kubernetes", "AWS": "Amazon Web Services"}


def test_expansion_in_the_posting_is_covered_by_the_acronym_in_the_cv() -> None:
    coverage = keyword_coverage(
        "Staff SRE. Defined SLOs for checkout.",
        "A background in site reliability engineering and service level objectives.",
    )
    assert [(h.term.name, h.found_as) for h in coverage.terms] == [("SRE", "SRE"), ("SLO", "SLOs")]
    assert coverage.ratio == 1.0


def test_found_as_keeps_the_cvs_own_spelling() -> None:
    coverage = keyword_coverage("migrated to kubernetes and postgres", "Kubernetes, PostgreSQL")
    assert [h.found_as for h in coverage.covered] == ["kubernetes", "postgres"]


def test_one_term_however_often_and_however_spelled() -> None:
    text = "We want an SRE. Site reliability engineering is the job; SREs here own SLOs."
    assert names(text) == ["SRE", "SLO"]
    (sre, _slo) = posting_terms(text)
    assert "site reliability engineering" in sre.forms


def test_coverage_ratio_covered_and_missing() -> None:
    coverage = keyword_coverage(
        "Wrote Terraform for GCP projects.", "Terraform, Kafka and Google Cloud Platform."
    )
    assert [h.term.name for h in coverage.covered] == ["Terraform", "GCP"]
    assert [h.term.name for h in coverage.missing] == ["Kafka"]
    assert coverage.missing[0].found_as == ""
    assert coverage.ratio == pytest.approx(2 / 3)


def test_a_posting_with_no_terms_is_not_fully_covered() -> None:
    coverage = keyword_coverage("Led many things.", "We value kindness.")
    assert coverage.terms == () and coverage.ratio == 0.0


def test_synonyms_do_not_count_as_the_term_itself() -> None:
    # A screening system looks for the term: "experiments" is not "A/B testing".
    coverage = keyword_coverage("Ran 25 experiments on checkout.", "Experience with A/B testing.")
    assert [h.term.name for h in coverage.missing] == ["A/B testing"]


def test_capitalised_technology_words_are_terms_but_the_and_you_are_not() -> None:
    text = (
        "The team runs Nomad and Consul. You will own our Vault set-up.\n"
        "ClickHouse is our warehouse. Build tools with us."
    )
    found = names(text)
    assert found == ["Nomad", "Consul", "Vault", "ClickHouse"]
    assert not {"The", "You", "Build"} & set(found)


def test_a_capitalised_word_also_used_in_lower_case_is_an_ordinary_word() -> None:
    text = "Join our Platform group. The platform serves every team; Benefits include Nomad."
    assert names(text) == ["Nomad"]


def test_a_cased_form_counts_only_as_written() -> None:
    assert names("We go to market fast and react to customers.") == []
    assert names("Services in Go, screens in React.") == ["Go", "React"]


def test_a_malformed_vocabulary_is_reported() -> None:
    twice = {"terms": [{"forms": ["Kafka"]}, {"forms": ["Kafka", "Apache Kafka"]}]}
    with pytest.raises(LexiconError, match="twice"):
        Lexicon.from_json(json.dumps(twice))
    with pytest.raises(LexiconError, match="two terms"):
        Lexicon.from_json(json.dumps({"terms": [{"forms": ["K8s"]}, {"forms": ["k8s", "x"]}]}))
    with pytest.raises(LexiconError, match="not valid JSON"):
        Lexicon.from_json("{")


def test_names_of_several_words_are_one_term_and_on_call_is_a_term() -> None:
    posting = (
        "You know PyTorch and Hugging Face well, deploy through Triton Inference Server, "
        "ship with GitHub Actions and take part in the on-call rotation."
    )
    names = [t.name for t in posting_terms(posting)]
    assert "Hugging Face" in names and "Hugging" not in names and "Face" not in names
    assert "Triton Inference Server" in names
    assert "GitHub Actions" in names and "on-call" in names
    coverage = keyword_coverage("Fine-tuned models with Hugging Face; was on call weekly.", posting)
    found = {h.term.name: h.found_as for h in coverage.covered}
    assert found["Hugging Face"] == "Hugging Face"
    assert found["on-call"] == "on call"
    assert "Triton Inference Server" in {h.term.name for h in coverage.missing}
