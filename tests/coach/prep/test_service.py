"""Prep for a real posting on the rule path: real SQLite, the library's own parsing, a
story bank, no model; and the brief read back from Markdown and PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from coach.errors import UserError
from coach.library.service import Library
from coach.prep.notes import NotesStore
from coach.prep.records import Prep
from coach.prep.service import PrepService
from coach.profile import Level
from coach.storage.db import Database
from coach.stories.bank import StoryBank
from coach.stories.records import Competency, StoryContent
from tests.coach.library.samples import CV_MARKDOWN, POSTING_TEXT


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "prep.db")
    yield database
    database.close()


@pytest.fixture
def library(db: Database) -> Library:
    return Library(db)


@pytest.fixture
def posting_id(library: Library) -> int:
    library.ingest_text(CV_MARKDOWN, "cv")
    return library.ingest_text(POSTING_TEXT, "posting").document_id


@pytest.fixture
def bank(db: Database) -> StoryBank:
    bank = StoryBank(db)
    bank.add(
        StoryContent(
            title="Payments outage review",
            situation="A payments outage took checkout down for 40 minutes on Black Friday.",
            action="I led the incident response and ran the blameless review with three teams.",
            result="Repeat incidents fell from 6 a quarter to 1 within two quarters.",
            competencies=(Competency.INCIDENT, Competency.FAILURE),
        )
    )
    bank.add(
        StoryContent(
            title="Growing tech leads",
            action="I mentored five engineers through design reviews and pairing.",
            result="Two of them became tech leads within a year.",
            competencies=(Competency.MENTORING,),
        )
    )
    return bank


@pytest.fixture
def service(library: Library, bank: StoryBank, db: Database) -> PrepService:
    return PrepService(library.store, bank, NotesStore(db))


@pytest.fixture
def prep(service: PrepService, posting_id: int) -> Prep:
    return service.prep(posting_id, Level.STAFF)


def test_requirements_come_with_their_kind_and_the_evidence_that_shows_them(prep: Prep) -> None:
    kinds = {r.text: r.kind for r in prep.requirements}
    assert kinds["Experience leading incident response and blameless reviews"] == "must"
    assert kinds["Go or Rust"] == "nice"
    incident = next(r for r in prep.requirements if r.text.startswith("Experience leading"))
    assert incident.shown
    labels = [m.evidence.label for m in incident.matches]
    assert "Story: Payments outage review" in labels
    assert prep.mode == "keyword"  # no embedding model given


def test_requirements_without_evidence_are_gaps_with_a_question_for_a_role(prep: Prep) -> None:
    shown = {r.text for r in prep.requirements if r.shown}
    gaps = {gap.requirement: gap for gap in prep.gaps}
    assert not shown & set(gaps), "a requirement is both shown and a gap"
    assert set(gaps) | shown == {r.text for r in prep.requirements}
    years = gaps["8+ years running production systems at scale"]
    assert "“8+ years running production systems at scale”" in years.question
    assert years.role_id is not None and years.role_label  # asked in a role of the CV
    assert "14 years" in years.closest  # the CV's summary is near, but not proof
    musts_first = [gap.kind for gap in prep.gaps]
    assert musts_first == sorted(musts_first, key=lambda kind: kind != "must")


def test_keywords_values_rounds_and_questions(prep: Prep) -> None:
    covered = {hit.term.name.casefold() for hit in prep.keywords.covered}
    assert "kubernetes" in covered  # in the CV's Skills, not in any bullet
    # The skills line is evidence too, not only the roles' bullets.
    go = next(r for r in prep.requirements if r.text == "Go or Rust")
    assert go.shown and go.best.evidence.label == "CV, skills"
    # The posting's injected "value" is listed as suspicious, never mapped to a story.
    assert [link.value for link in prep.values] == ["We write things down"]
    placed = [s.story_id for plan in prep.rounds for s in plan.stories]
    assert len(placed) == len(set(placed)) == 2
    assert any("on-call" in q or "incident" in q for q in prep.questions)
    assert any("instructions" in notice for notice in prep.notices)


def test_notes_are_part_of_the_prep_and_bounded(service: PrepService, posting_id: int) -> None:
    service.save_notes(posting_id, "Series C. Loop: screen, system design, values.")
    assert service.prep(posting_id, Level.STAFF).notes.startswith("Series C")
    with pytest.raises(UserError, match="limit"):
        service.save_notes(posting_id, "x" * 20_001)
    assert service.notes(posting_id).startswith("Series C")  # the long paste lost nothing


def test_an_unknown_posting_is_a_clear_error(service: PrepService) -> None:
    with pytest.raises(UserError, match="no posting 99"):
        service.prep(99, Level.STAFF)


def test_an_empty_bank_and_library_say_so(db: Database, library: Library) -> None:
    posting = library.ingest_text(POSTING_TEXT, "posting").document_id
    prep = PrepService(library.store, StoryBank(db), NotesStore(db)).prep(posting, Level.STAFF)
    assert any("no CV roles" in n for n in prep.notices)
    assert any("story bank is empty" in n for n in prep.notices)
    assert all(not r.matches for r in prep.requirements)
    assert len(prep.gaps) == len(prep.requirements)
    assert all(plan.advice for plan in prep.rounds)


def test_the_brief_holds_every_requirement_in_markdown_and_pdf(
    service: PrepService, posting_id: int, tmp_path: Path
) -> None:
    service.save_notes(posting_id, "Competitor: Contoso.")
    markdown = service.export_brief(posting_id, Level.STAFF, tmp_path / "brief.md")
    pdf = service.export_brief(posting_id, Level.STAFF, tmp_path / "brief.pdf")
    text = markdown.read_text("utf-8")
    extracted = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    prep = service.prep(posting_id, Level.STAFF)
    for requirement in prep.requirements:
        assert requirement.text in text
        assert requirement.text in extracted
    for heading in ("Gaps to work on", "Round plan", "Questions to ask", "Competitor: Contoso."):
        assert heading in text and heading in extracted
    with pytest.raises(UserError, match=r"\.md or \.pdf"):
        service.export_brief(posting_id, Level.STAFF, tmp_path / "brief.docx")
    assert not (tmp_path / "brief.docx").exists()


# ---- with a chat model ------------------------------------------------------------------


def test_requirements_the_model_finds_are_kept_with_the_posting_when_in_its_words(
    service: PrepService, posting_id: int
) -> None:
    from tests.coach.prep.test_model_prep import Scripted

    model = Scripted(
        {
            "requirements": [
                {"text": "You will own the reliability of our payments platform", "kind": "must"},
                {"text": "10 years of Haskell", "kind": "must"},  # not in the posting
                {"text": "Go or Rust", "kind": "nice"},  # already listed
            ]
        }
    )
    found = service.find_requirements(posting_id, model)
    assert [r.text for r in found.added] == [
        "You will own the reliability of our payments platform"
    ]
    assert {text for text, _ in found.dropped} == {"10 years of Haskell", "Go or Rust"}
    prep = service.prep(posting_id, Level.STAFF)
    kept = [r for r in prep.requirements if r.section == "found by the model"]
    assert [r.text for r in kept] == ["You will own the reliability of our payments platform"]
    assert prep.requirements[-1] == kept[0]  # after the posting's own, in order


def test_an_explanation_claiming_what_the_candidate_never_said_is_withheld(
    service: PrepService, posting_id: int
) -> None:
    from tests.coach.prep.test_model_prep import Scripted

    prep = service.prep(posting_id, Level.STAFF)
    shown = [r for r in prep.requirements if r.shown]
    assert len(shown) >= 2
    model = Scripted(
        {
            "explanations": [
                {"index": 1, "text": "You led the incident response and the blameless review."},
                {"index": 2, "text": "You cut incidents by 75% across 9 teams."},
            ]
        }
    )
    explained = service.explain(prep, model)
    first, second, *rest = (r for r in explained.requirements if r.shown)
    assert first.explanation.startswith("You led the incident response")
    assert not first.explanation_note
    assert second.explanation == "" and "75%" in second.explanation_note
    untouched = [r for r in explained.requirements if not r.shown] + rest
    assert all(r.explanation == "" == r.explanation_note for r in untouched)


@pytest.mark.slow
def test_prep_with_the_real_engine_keeps_only_checked_model_output(
    service: PrepService, posting_id: int, chat_model_path: Path
) -> None:
    """Gemma 270M's words are poor; what matters is that whatever it says is checked."""
    from models.chat_engine import ChatEngine
    from tests.coach.prep.test_model_prep import Capped, _user_facing

    engine = ChatEngine(chat_model_path, n_threads=2)
    try:
        model = Capped(engine, 128)
        posting_text = service.posting(posting_id).text
        try:
            found = service.find_requirements(posting_id, model)
        except Exception as exc:  # a rambling answer is a clear error, never made-up text
            assert _user_facing(exc), exc
            found = None
        if found is not None:
            assert all(r.text in posting_text for r in found.added)
        prep = service.prep(posting_id, Level.STAFF)
        try:
            explained = service.explain(prep, Capped(engine, 96))
        except Exception as exc:
            assert _user_facing(exc), exc
            return
        for requirement in explained.requirements:
            assert not (requirement.explanation and requirement.explanation_note)
            if not requirement.shown:
                assert requirement.explanation == ""
    finally:
        engine.close()
