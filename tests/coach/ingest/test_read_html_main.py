"""Saved job pages: the main content (trafilatura agrees with the walker), so a cookie
notice with no telling class is not read, and page furniture never becomes a requirement."""

from __future__ import annotations

from pathlib import Path

from coach.ingest.posting import parse_posting
from coach.ingest.readers import read_document

PAGE = """<!DOCTYPE html><html><head><title>Staff Engineer</title></head><body>
<div class="x1">We use cookies to improve your experience. Accept all or manage preferences.</div>
<div class="wrap"><h1>Staff Engineer, Build Systems</h1>
<div class="desc"><p>Tidewater builds the tools 2,000 engineers use to ship every day. We are
hiring a Staff Engineer to own the build graph and its remote cache.</p>
<h2>What you bring</h2><ul><li>10+ years of software engineering, 3 on build systems</li>
<li>Deep knowledge of Bazel or Buck</li><li>Go</li><li>Rust</li></ul>
<h2>How to apply</h2><p>Send your CV to jobs@tidewater.example and tell us about a build
you fixed.</p>
</div>
<div class="x2"><h3>Similar jobs</h3><ul><li>Senior Analyst</li><li>Program Manager</li></ul></div>
<div class="x3"><a href="#">Apply for this job</a></div></div></body></html>
"""


def test_a_saved_page_keeps_the_posting_and_drops_its_furniture(tmp_path: Path) -> None:
    path = tmp_path / "job.html"
    path.write_text(PAGE, encoding="utf-8")
    text = read_document(path)
    assert "cookies" not in text.text
    assert "Go" in [b.text for b in text.blocks]  # a list of one-word items stays whole
    posting = parse_posting(text)
    assert posting.title == "Staff Engineer, Build Systems"
    assert [r.text for r in posting.must] == [
        "10+ years of software engineering, 3 on build systems",
        "Deep knowledge of Bazel or Buck",
        "Go",
        "Rust",
    ]
