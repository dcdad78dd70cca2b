"""`loopcoach stories`, `story show`, `prep` and `brief` as a user runs them: a separate
process and a real data folder, with a story that came from the refresh loop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.coach.library.samples import CV_MARKDOWN, POSTING_TEXT
from tests.e2e.test_cli import run

# In the order the rule path asks for a Staff target: scope (twice, the second skipped),
# decision, metric, people; the rest skipped. A decision and a metric make a story.
ANSWERS = [
    "I owned the billing service that the finance team of six relied on.",
    "",
    "I decided to rebuild the matching on PostgreSQL instead of nightly batch files.",
    "Mismatched invoices fell from 400 a week to 12 a week within three months.",
    "The finance team pushed back because they distrusted automatic matching.",
    "",
    "",
    "",
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def posting(home: Path, tmp_path: Path) -> int:
    cv, posting = tmp_path / "cv.md", tmp_path / "posting.md"
    cv.write_text(CV_MARKDOWN, encoding="utf-8")
    posting.write_text(POSTING_TEXT, encoding="utf-8")
    assert run("ingest", str(cv), "--kind", "cv", home=home).returncode == 0
    assert run("ingest", str(posting), "--kind", "posting", home=home).returncode == 0
    assert run("profile", "--level", "Staff", "--track", "SRE", home=home).returncode == 0
    documents = json.loads(run("docs", "--json", home=home).stdout)
    return next(d["id"] for d in documents if d["kind"] == "posting")


def _refresh_a_role(home: Path, tmp_path: Path) -> None:
    roles = {r["company"]: r["id"] for r in json.loads(run("roles", "--json", home=home).stdout)}
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(ANSWERS) + "\n", encoding="utf-8")
    done = run(
        "refresh", "--role", str(roles["Initech"]), "--answers", str(answers),
        "--no-model", "--accept-supported", "--json", home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    kinds = [d["kind"] for d in json.loads(done.stdout)["drafts"] if d["status"] == "accepted"]
    assert "story" in kinds


def test_a_story_accepted_in_refresh_is_in_the_bank_and_shown_with_its_checks(
    home: Path, posting: int, tmp_path: Path
) -> None:
    empty = run("stories", home=home)
    assert empty.returncode == 0, empty.stderr
    assert "No stories yet" in empty.stdout
    _refresh_a_role(home, tmp_path)
    listed = json.loads(run("stories", "--json", home=home).stdout)
    assert listed["level"] == "staff"
    (story,) = listed["stories"]
    assert story["origin"] == "refresh" and story["version"] == 1
    assert "conflict" in listed["coverage"]["slots"]
    assert listed["coverage"]["summary"]

    shown = run("story", "show", str(story["id"]), "--json", home=home)
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert {c["key"] for c in detail["checks"]} >= {"voice", "metric", "stakes", "obstacle"}
    assert [c["seconds"] for c in detail["cuts"]] == [45, 90, 180]
    assert "PostgreSQL" in " ".join(detail["parts"].values())
    text = run("story", "show", str(story["id"]), home=home)
    assert "45 s cut" in text.stdout and "words" in text.stdout

    missing = run("story", "show", "999", home=home)
    assert missing.returncode == 2 and "No story #999" in missing.stderr


def test_prep_json_maps_requirements_to_evidence_with_gaps_and_keywords(
    home: Path, posting: int
) -> None:
    done = run("prep", str(posting), "--json", home=home)
    assert done.returncode == 0, done.stderr
    assert "No embedding model is chosen" in done.stderr  # keyword matching, and it says so
    report = json.loads(done.stdout)
    assert report["mode"] == "keyword"
    requirements = {r["text"]: r for r in report["requirements"]}
    assert requirements["Go or Rust"]["kind"] == "nice"
    review = requirements["Experience leading incident response and blameless reviews"]
    assert review["kind"] == "must"
    best = review["evidence"][0]
    assert "incident review" in best["text"] and best["strength"] == review["strength"]
    assert best["kind"] == "cv" and best["label"] == "Staff SRE, Acme Corp"
    assert "8+ years running production systems at scale" in {
        g["requirement"] for g in report["gaps"]
    }
    assert all(g["question"] and g["role_id"] for g in report["gaps"])
    assert "Kubernetes" in {k["term"] for k in report["keywords"]["covered"]}
    assert report["questions"] and len(report["rounds"]) == 5

    text = run("prep", str(posting), home=home)
    assert "Must-haves shown" in text.stdout and "Gaps" in text.stdout

    unknown = run("prep", "999", home=home)
    assert unknown.returncode == 2 and "no posting 999" in unknown.stderr


def test_brief_exports_markdown_and_pdf(home: Path, posting: int, tmp_path: Path) -> None:
    for name in ("brief.md", "brief.pdf"):
        out = tmp_path / name
        done = run("brief", str(posting), "--out", str(out), "--keywords-only", home=home)
        assert done.returncode == 0, done.stderr
        assert str(out) in done.stdout
    markdown = (tmp_path / "brief.md").read_text("utf-8")
    pdf = " ".join(p.extract_text() for p in PdfReader(tmp_path / "brief.pdf").pages)
    for text in ("Prep brief: Staff Site Reliability Engineer", "Go or Rust", "Round plan"):
        assert text in markdown
        assert text in " ".join(pdf.split())
    wrong = run("brief", str(posting), "--out", str(tmp_path / "brief.txt"), home=home)
    assert wrong.returncode == 2 and ".md or .pdf" in wrong.stderr
