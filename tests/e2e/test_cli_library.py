"""The library on the command line: real PDFs made by typst, real SQLite, bm25s, chromadb
and the real MiniLM embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.coach.ingest import make_docs
from tests.e2e.test_cli import run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def cv_pdf(tmp_path: Path) -> Path:
    return make_docs.typst_pdf(tmp_path / "cv.pdf", two_columns=True)


def test_ingest_roles_search_and_forget(home: Path, cv_pdf: Path, tmp_path: Path) -> None:
    added = run("ingest", str(cv_pdf), "--kind", "cv", "--json", home=home)
    assert added.returncode == 0, added.stderr
    (result,) = json.loads(added.stdout)
    assert result["created"] is True and result["roles"] == 3
    doc_id = result["id"]

    again = json.loads(run("ingest", str(cv_pdf), "--kind", "cv", "--json", home=home).stdout)
    assert again[0]["created"] is False and again[0]["id"] == doc_id

    docs = json.loads(run("docs", "--json", home=home).stdout)
    assert [(d["id"], d["kind"], d["source_format"]) for d in docs] == [(doc_id, "cv", "pdf")]

    roles = json.loads(run("roles", "--json", home=home).stdout)
    assert [r["title"] for r in roles] == [role.title for role in make_docs.ROLES]
    assert roles[0]["end"] == "present" and roles[0]["start"] == "2019-03"
    assert {"id", "company", "title", "start", "end", "bullets"} <= set(roles[0])
    assert roles[0]["bullets"][0].startswith("Led the redesign of the card authorisation")

    found = json.loads(run("search", "reduce latency", "-k", "3", "--json", home=home).stdout)
    assert found["mode"] == "keyword"
    assert any("p99 latency" in hit["text"] for hit in found["hits"])

    posting = tmp_path / "posting.md"
    posting.write_text("# Staff SRE\n\n## Requirements\n- Kubernetes at scale\n")
    added = json.loads(
        run(
            "ingest",
            str(posting),
            "--kind",
            "posting",
            "--company",
            "Northwind",
            "--json",
            home=home,
        ).stdout
    )
    forgotten = run("forget", str(added[0]["id"]), home=home)
    assert forgotten.returncode == 0, forgotten.stderr
    assert len(json.loads(run("docs", "--json", home=home).stdout)) == 1
    missing = run("forget", "999", home=home)
    assert missing.returncode == 2 and "There is no document #999" in missing.stderr


def test_hybrid_search_with_the_embedding_model(
    home: Path, cv_pdf: Path, embedding_model: Path
) -> None:
    assert run("models", "use", str(embedding_model), home=home).returncode == 0
    assert run("ingest", str(cv_pdf), "--kind", "cv", home=home).returncode == 0
    found = json.loads(run("search", "lowered cloud costs", "--json", home=home).stdout)
    assert found["mode"] == "hybrid"
    assert any(hit["vector_rank"] for hit in found["hits"])
    assert "cloud spend" in " ".join(hit["text"] for hit in found["hits"][:3])


def test_bad_files_fail_clearly_and_leave_the_library_alone(
    home: Path, cv_pdf: Path, tmp_path: Path
) -> None:
    assert run("ingest", str(cv_pdf), "--kind", "cv", home=home).returncode == 0
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    locked = make_docs.encrypted_pdf(tmp_path / "locked.pdf", cv_pdf)
    scanned = make_docs.scanned_pdf(tmp_path / "scan.pdf")
    truncated = make_docs.truncated_pdf(tmp_path / "cut.pdf", cv_pdf)
    unknown = tmp_path / "cv.xyz"
    unknown.write_text("hello")
    huge = make_docs.huge_file(tmp_path / "huge.pdf")
    cases = [
        (empty, "The file is empty."),
        (locked, "This PDF is encrypted."),
        (scanned, "No text layer was found in this PDF"),
        (truncated, "incomplete"),
        (unknown, "cannot read .xyz files"),
        (huge, "reads files up to 50 MB"),
    ]
    for path, message in cases:
        result = run("ingest", str(path), "--kind", "cv", home=home)
        assert result.returncode == 1, path
        assert message in result.stderr, (path, result.stderr)
        assert "Traceback" not in result.stderr
    # The password opens it: the same CV as the first, so recognised by its text (the
    # fingerprint is of the text kept, whatever the file), and nothing is added twice.
    unlocked = run("ingest", str(locked), "--kind", "cv", "--password", "secret", home=home)
    assert unlocked.returncode == 0 and "Already in the library: #1" in unlocked.stdout
    elsewhere = run(
        "ingest", str(locked), "--kind", "cv", "--password", "secret", home=tmp_path / "other"
    )
    assert elsewhere.returncode == 0 and elsewhere.stdout.startswith("Added #1")
    docs = json.loads(run("docs", "--json", home=home).stdout)
    assert len(docs) == 1
