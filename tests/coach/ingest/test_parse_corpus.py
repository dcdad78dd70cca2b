"""Floors on the holdout half of the parse corpus (bench/data/parse, in the repo): real
postings in Markdown, saved job pages, text and PDF, read by the app's readers and parsed
by the rules. bench/parse.py prints the full measures; these pin what must not regress."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach.ingest.posting import parse_posting
from coach.ingest.readers import read_document

POSTINGS = Path(__file__).resolve().parents[3] / "bench" / "data" / "parse" / "postings"
_WORD = re.compile(r"[^\W_]+(?:[+#]+)?|[+#]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.replace("’", "'").casefold()))


def _same_item(truth: str, predicted: str) -> bool:
    t, p = _words(truth), _words(predicted)
    both = len(t & p)
    return bool(t and p) and both / len(t) >= 0.8 and both / len(p) >= 0.5


def _holdout() -> list[tuple[Path, dict[str, object]]]:
    truth = json.loads((POSTINGS / "TRUTH.json").read_text(encoding="utf-8"))["postings"]
    return [(POSTINGS / name, t) for name, t in truth.items() if t["split"] == "holdout"]


def test_the_holdout_half_covers_every_format() -> None:
    families = {str(t["family"]) for _, t in _holdout()}
    assert {"markdown", "text", "pdf-libreoffice"} <= families
    assert any(f.startswith("html-") for f in families)


@pytest.fixture(scope="module")
def parsed() -> list[tuple[str, dict[str, object], list[str], str]]:
    out = []
    for path, truth in _holdout():
        posting = parse_posting(read_document(path))
        out.append((path.name, truth, [r.text for r in posting.must], posting.title))
    return out


def test_holdout_must_have_recall_and_precision_floors(parsed) -> None:  # type: ignore[no-untyped-def]
    truth_items = found = predicted = right = 0
    for _, truth, must, _ in parsed:
        wanted = [str(t) for t in truth["must"]]  # type: ignore[attr-defined]
        truth_items += len(wanted)
        found += sum(any(_same_item(t, p) for p in must) for t in wanted)
        predicted += len(must)
        right += sum(any(_same_item(t, p) for t in wanted) for p in must)
    assert truth_items >= 70  # the half is big enough to mean something
    assert found / truth_items >= 0.90, (found, truth_items)
    assert right / predicted >= 0.90, (right, predicted)


def test_holdout_titles_are_right(parsed) -> None:  # type: ignore[no-untyped-def]
    wrong = [
        (name, title)
        for name, truth, _, title in parsed
        if " ".join(_WORD.findall(title.casefold()))
        not in {" ".join(_WORD.findall(str(t).casefold())) for t in truth["titles"]}  # type: ignore[attr-defined]
    ]
    assert wrong == []
