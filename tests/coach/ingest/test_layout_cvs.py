"""CVs in third-party layouts, field by field: generated ones here, real ones if present.

The generated PDFs (make_layouts) are drawn by fpdf2 in the layouts real templates use;
each role must come out with company, title, place and dates in their own fields, and
every bullet whole (wrapped lines joined, a syllable hyphen mended, nested points kept
with their bullet, no footer text). The real CVs in ../shared/realdocs (RenderCV and
Resume-Matcher, with truth files) are scored by cv_truth; a fresh clone has no
../shared, so only those floors are skipped there.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from coach.ingest.cv import parse_cv
from coach.ingest.dates import YearMonth
from coach.ingest.readers import read_document
from tests.coach.ingest import cv_truth
from tests.coach.ingest import make_layouts as layouts

TODAY = date(2026, 12, 1)
REALDOCS = Path(__file__).resolve().parents[4] / "shared" / "realdocs" / "cv"
EXPECTED_DATES = [
    (YearMonth(2019, 3), None, True),
    (YearMonth(2015, 6), YearMonth(2019, 2), False),
    (YearMonth(2011), YearMonth(2015), False),
    (YearMonth(2010), YearMonth(2010), False),
]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_generated_layout_gives_every_field(tmp_path: Path, layout: str) -> None:
    path = layouts.LAYOUTS[layout](tmp_path / f"{layout}.pdf")
    extracted = read_document(path)
    assert "Page 1 of" not in extracted.text, "the running footer was kept"
    cv = parse_cv(extracted, today=TODAY)
    assert cv.name == layouts.NAME
    got = [(r.company, r.title, r.location) for r in cv.roles]
    assert got == [(e.company, e.title, e.place) for e in layouts.ENTRIES]
    assert [(r.start, r.end, r.current) for r in cv.roles] == EXPECTED_DATES
    for role, entry in zip(cv.roles, layouts.ENTRIES, strict=True):
        wanted = list(entry.bullets)
        if entry.nested:  # nested points stay with the bullet above them
            wanted[-1] = " - ".join((wanted[-1], *entry.nested))
        assert [_words(b) for b in role.bullets] == [_words(b) for b in wanted]
    assert "education" in [s.kind for s in cv.sections]
    assert all(r.section == "experience" for r in cv.roles)


def test_syllable_hyphen_is_mended_and_compound_hyphen_kept(tmp_path: Path) -> None:
    cv = parse_cv(read_document(layouts.side_column(tmp_path / "cv.pdf")), today=TODAY)
    text = " ".join(b for r in cv.roles for b in r.bullets)
    for entry in layouts.ENTRIES:
        for bullet in entry.bullets:
            assert bullet in text, bullet  # exact characters: no "authori- sation"
    assert "per-domain" in text


def _realdocs() -> list[Path]:
    return sorted(REALDOCS.glob("*.pdf")) if REALDOCS.is_dir() else []


@pytest.mark.skipif(not _realdocs(), reason="../shared/realdocs is not here (a fresh clone)")
def test_realdocs_floors() -> None:
    """Measured 26/26, 26/26, 0 and 66/66 when this was written (from 10, 2, 17, 42)."""
    scores = [cv_truth.score_file(path) for path in _realdocs()]
    truth_roles = sum(s.truth_roles for s in scores)
    notes = [n for s in scores for n in s.notes]
    assert truth_roles == 26
    assert sum(s.right for s in scores) >= 26, notes
    assert sum(s.own_fields for s in scores) >= 26, notes
    assert sum(s.made_up for s in scores) == 0, notes
    assert sum(s.bullets for s in scores) >= 64, notes


def test_stored_text_keeps_a_projects_heading_after_a_long_bullet() -> None:
    """The résumé export reads the CV back from the library's stored text (one block a
    line): a short heading after a long line must not be joined to it as a wrap."""
    from coach.ingest.readers import read_stored

    long_bullet = "Reduced training data requirements by 60% across " + "many teams " * 8
    text = "\n".join(
        [
            "Experience",
            "Staff Engineer — Acme (2019 – Present)",
            long_bullet.strip(),
            "Projects",
            "FlashInfer | Jan 2023 – present",
            "Education",
            "MSc, TU Munich (2011)",
        ]
    )
    cv = parse_cv(read_stored(text), today=TODAY)
    assert [s.kind for s in cv.sections] == ["experience", "projects", "education"]
    assert [r.company for r in cv.roles] == ["Acme"]
