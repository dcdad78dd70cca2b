"""`loopcoach refresh` and `loopcoach resume` as a user runs them: a separate process,
a real data folder, the rule path and the real llama.cpp engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.coach.library.samples import CV_MARKDOWN
from tests.e2e.test_cli import run

ANSWERS = [
    "I owned the billing service for the finance team of six.",
    "",  # skipped
    "Mismatched invoices fell from 400 a week to 12 a week within three months.",
    "I decided to rebuild the matching on PostgreSQL instead of nightly batch files.",
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def roles(home: Path, tmp_path: Path) -> dict[str, int]:
    cv = tmp_path / "cv.md"
    cv.write_text(CV_MARKDOWN, encoding="utf-8")
    assert run("ingest", str(cv), "--kind", "cv", home=home).returncode == 0
    assert run("profile", "--level", "Staff", "--track", "SRE", home=home).returncode == 0
    listed = json.loads(run("roles", "--json", home=home).stdout)
    return {role["company"]: role["id"] for role in listed}


@pytest.fixture
def initech(roles: dict[str, int]) -> int:
    return roles["Initech"]


def _answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.txt"
    path.write_text("\n".join(ANSWERS) + "\n", encoding="utf-8")
    return path


def test_refresh_on_the_rule_path_prints_drafts_with_provenance(
    home: Path, initech: int, tmp_path: Path
) -> None:
    done = run(
        "refresh", "--role", str(initech), "--answers", str(_answers(tmp_path)),
        "--no-model", "--json", home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "reviewing"
    assert [t["answer"] for t in report["turns"]] == [a or None for a in ANSWERS]
    assert report["turns"][1]["skipped"] is True
    assert all(t["asked_by"] == "bank" for t in report["turns"])
    assert report["drafts"], "the answers give new bullets"
    texts = [d["text"] for d in report["drafts"] if d["kind"] == "bullet"]
    assert any("from 400 a week to 12 a week" in text for text in texts)
    for draft in report["drafts"]:
        provenance = draft["provenance"]
        assert provenance["supported"] is True  # the rule path only uses their words
        assert provenance["level"]["summary"]
        for claim in provenance["claims"]:
            assert claim["supported"] is True and claim["source"]["text"]
    numbers = [c for d in report["drafts"] for c in d["provenance"]["claims"]]
    assert any(c["text"] in ("400", "12") for c in numbers)


def test_accepted_lines_reach_every_export_format(
    home: Path, roles: dict[str, int], tmp_path: Path
) -> None:
    accepted = run(
        "refresh", "--role", str(roles["Globex"]), "--answers", str(_answers(tmp_path)),
        "--no-model", "--accept-supported", "--json", home=home,
    )  # fmt: skip
    assert accepted.returncode == 0, accepted.stderr
    drafts = json.loads(accepted.stdout)["drafts"]
    kept = [d["text"] for d in drafts if d["status"] == "accepted" and d["kind"] == "bullet"]
    assert kept

    # Initech ended in 2013, more than the default 12 years ago: condensed to one line.
    markdown = run("resume", home=home)
    assert markdown.returncode == 0, markdown.stderr
    assert "Earlier experience" in markdown.stdout
    assert "Wrote the billing reconciliation service" not in markdown.stdout

    for suffix in ("md", "docx", "pdf"):
        out = tmp_path / f"resume.{suffix}"
        done = run("resume", "--out", str(out), home=home)
        assert done.returncode == 0, done.stderr
        assert out.is_file() and out.stat().st_size > 0
    pdf_text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(tmp_path / "resume.pdf").pages).split()
    )
    docx_text = "\n".join(p.text for p in Document(str(tmp_path / "resume.docx")).paragraphs)
    md_text = (tmp_path / "resume.md").read_text(encoding="utf-8")
    for bullet in kept:
        assert " ".join(bullet.split()) in pdf_text
        assert bullet in docx_text and bullet in md_text

    bad = run("resume", "--out", str(tmp_path / "resume.odt"), home=home)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_refresh_needs_a_target_level_and_a_real_role(home: Path, tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text(CV_MARKDOWN, encoding="utf-8")
    assert run("ingest", str(cv), "--kind", "cv", home=home).returncode == 0
    no_level = run("refresh", "--role", "1", "--no-model", home=home, extra_env={})
    assert no_level.returncode == 2 and "target level" in no_level.stderr
    no_role = run("refresh", "--role", "999", "--level", "Staff", "--no-model", home=home)
    assert no_role.returncode == 2 and "no role 999" in no_role.stderr


@pytest.mark.slow
def test_refresh_on_the_real_engine(
    home: Path, initech: int, tmp_path: Path, chat_model_path: Path
) -> None:
    """Gemma 3 270M is a base model: its words are not coaching, but every mechanic runs:
    streamed questions (or the bank, with the reason), a grammar-constrained draft, and
    provenance on what it wrote."""
    assert run("models", "add", str(chat_model_path), home=home).returncode == 0
    assert run("models", "use", str(chat_model_path), home=home).returncode == 0
    done = run(
        "refresh", "--role", str(initech), "--answers", str(_answers(tmp_path)), "--json",
        home=home, timeout=900,
    )  # fmt: skip
    if done.returncode == 2:  # the model's draft was unusable: said plainly, no traceback
        assert "Traceback" not in done.stderr and "model" in done.stderr.lower()
        return
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for asked in report["turns"]:
        assert asked["asked_by"] in ("model", "bank")
        assert "?" in asked["question"]
    drafts = report["drafts"]
    assert drafts and all(d["author"] == "model" for d in drafts)
    for draft in drafts:
        for claim in draft["provenance"]["claims"]:
            assert claim["reason"]
            if claim["supported"]:
                assert claim["source"] is not None and claim["source"]["text"]
