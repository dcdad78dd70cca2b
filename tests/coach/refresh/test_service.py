"""The refresh loop on the rule path: real SQLite, the real question bank, real checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from coach.errors import UserError
from coach.library.service import Library
from coach.library.store import LibraryStore
from coach.profile import Level
from coach.refresh.records import DraftStatus, RecencyChoice, SessionStatus
from coach.refresh.service import RefreshService, UnconfirmedClaims
from coach.storage.db import Database
from coach.tasks import TaskContext
from tests.coach.library.samples import CV_MARKDOWN

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "loopcoach.sqlite3")
    yield database
    database.close()


@pytest.fixture
def cv_id(db: Database) -> int:
    return Library(db).ingest_text(CV_MARKDOWN, "cv", ctx=TaskContext()).document_id


def service_for(db: Database) -> RefreshService:
    return RefreshService(db, LibraryStore(db), today=lambda: TODAY)


def role_id(service: RefreshService, company: str) -> int:
    return next(role.id for role in service.roles() if role.company == company)


def test_questions_follow_the_gaps_and_answers_are_committed_at_once(
    db: Database, cv_id: int, tmp_path: Path
) -> None:
    service = service_for(db)
    view = service.start(role_id(service, "Initech"), Level.STAFF)
    first_gaps = view.assessment.missing
    assert first_gaps, "a one-bullet role has gaps at Staff"

    view = service.next_question(view.id, None, TaskContext())
    pending = view.pending
    assert pending is not None
    assert pending.asked_by == "bank" and pending.question_id
    assert pending.aspect == first_gaps[0].value
    assert "{" not in pending.question  # placeholders filled

    # Asking again without an answer keeps the same question: nothing is asked twice.
    assert service.next_question(view.id, None, TaskContext()).pending == pending

    view = service.answer(view.id, "I was one of three engineers; the service fed finance.")
    assert view.turns[0].answer == "I was one of three engineers; the service fed finance."

    # A second connection (another process after a crash) sees the committed answer.
    other = Database(tmp_path / "loopcoach.sqlite3")
    try:
        assert service_for(other).view(view.id).turns[0].answer is not None
    finally:
        other.close()


def test_a_reopened_session_resumes_at_the_same_question(db: Database, cv_id: int) -> None:
    service = service_for(db)
    rid = role_id(service, "Globex")
    view = service.next_question(service.start(rid, Level.STAFF).id, None, TaskContext())
    view = service.answer(view.id, "Two hundred engineers in eight teams used the pipeline.")
    view = service.next_question(view.id, None, TaskContext())
    waiting = view.pending
    assert waiting is not None

    reopened = service_for(db).start(rid, Level.STAFF)
    assert reopened.id == view.id
    assert reopened.pending == waiting
    assert [t.answer for t in reopened.turns if t.answer] == [
        "Two hundred engineers in eight teams used the pipeline."
    ]


def test_a_skipped_aspect_is_not_asked_again_at_once(db: Database, cv_id: int) -> None:
    service = service_for(db)
    view = service.next_question(
        service.start(role_id(service, "Initech"), Level.STAFF).id, None, TaskContext()
    )
    skipped_aspect = view.pending.aspect  # type: ignore[union-attr]
    view = service.skip(view.id)
    assert view.turns[0].skipped and view.turns[0].answer is None
    view = service.next_question(view.id, None, TaskContext())
    if len(view.assessment.missing) > 1:
        assert view.pending.aspect != skipped_aspect  # type: ignore[union-attr]


def test_empty_answers_and_answers_without_a_question_are_refused(db: Database, cv_id: int) -> None:
    service = service_for(db)
    view = service.start(role_id(service, "Initech"), Level.STAFF)
    with pytest.raises(UserError, match="no question waiting"):
        service.answer(view.id, "An answer to nothing")
    view = service.next_question(view.id, None, TaskContext())
    with pytest.raises(UserError, match="empty"):
        service.answer(view.id, "   ")
    assert service.view(view.id).pending is not None


def test_the_loop_ends_when_the_role_meets_the_bar(db: Database, cv_id: int) -> None:
    service = service_for(db)
    view = service.start(role_id(service, "Initech"), Level.SENIOR)
    answers = {
        "scope": "I owned the service for the finance team; it was my team's system.",
        "decision": "I decided to rebuild the matching on PostgreSQL instead of the batch files.",
        "metric": (
            "Mismatched invoices fell from 400 a week to 12 a week within three months "
            "of launch, saving finance two days of manual work a month."
        ),
        "people": "I worked with two finance analysts and the payments team lead.",
        "difficulty": "The hard part was a legacy format nobody owned; finance pushed back.",
        "reflection": "In hindsight I would have shipped the reconciliation report first.",
    }
    for _ in range(12):
        view = service.next_question(view.id, None, TaskContext())
        if view.pending is None:
            break
        view = service.answer(view.id, answers[view.pending.aspect])
    assert view.pending is None
    assert view.assessment.meets_bar
    assert view.info.status == SessionStatus.DRAFTING


def test_rule_drafts_are_the_candidates_own_words_and_fabrications_need_confirmation(
    db: Database, cv_id: int, tmp_path: Path
) -> None:
    service = service_for(db)
    view = service.start(role_id(service, "Initech"), Level.STAFF)
    view = service.next_question(view.id, None, TaskContext())
    # Whatever was asked first, the metric answer is the one a bullet is built from.
    view = service.answer(
        view.id,
        "Mismatched invoices fell from 400 a week to 12 a week within three months. "
        "I decided to rebuild the matching on PostgreSQL. "
        "The matching served 3 finance teams in two countries.",
    )
    view = service.draft(view.id, None, TaskContext())
    assert view.info.status == SessionStatus.REVIEWING
    assert view.drafts, "the answer gives at least one new bullet"
    assert all(draft.author == "rules" for draft in view.drafts)
    for draft in view.drafts:
        assert view.reviews[draft.id].supported, draft.current

    bullets = [d for d in view.drafts if d.kind == "bullet"]
    assert len(bullets) >= 2, [d.current for d in view.drafts]
    line, other = bullets[0], bullets[1]
    assert "from 400 a week to 12 a week" in line.current  # the result comes first
    view = service.decide(line.id, DraftStatus.ACCEPTED)
    assert next(d for d in view.drafts if d.id == line.id).status == DraftStatus.ACCEPTED

    # The candidate edits in figures they never stated: the edit needs confirming.
    fabricated = "Cut invoice mismatches by 97% across 5 teams, saving $2M a year"
    with pytest.raises(UnconfirmedClaims) as refused:
        service.decide(other.id, DraftStatus.EDITED, text=fabricated)
    assert "$2M" in {c.claim.text for c in refused.value.unsupported}
    unchanged = next(d for d in service.view(view.id).drafts if d.id == other.id)
    assert unchanged.status == DraftStatus.PENDING and unchanged.final is None

    view = service.decide(other.id, DraftStatus.EDITED, text=fabricated, confirm=True)
    kept = next(d for d in view.drafts if d.id == other.id)
    assert kept.status == DraftStatus.EDITED and kept.confirmed and kept.current == fabricated
    assert not view.reviews[kept.id].supported  # still shown as unsupported, but vouched for


def test_the_refreshed_resume_has_accepted_lines_and_condensed_old_roles(
    db: Database, cv_id: int, tmp_path: Path
) -> None:
    service = service_for(db)
    rid = role_id(service, "Acme Corp")
    view = service.next_question(service.start(rid, Level.STAFF).id, None, TaskContext())
    view = service.answer(
        view.id,
        "I decided to move all four teams to one SLO dashboard. "
        "Pages per week fell from 30 to 8 over six months.",
    )
    view = service.draft(view.id, None, TaskContext())
    accepted = next(d for d in view.drafts if d.kind == "bullet")
    service.decide(accepted.id, DraftStatus.ACCEPTED)
    rejected = [d for d in view.drafts if d.kind == "bullet" and d.id != accepted.id]
    for draft in rejected:
        service.decide(draft.id, DraftStatus.REJECTED)

    recencies = service.recencies(cv_id, 12)
    initech = role_id(service, "Initech")
    assert recencies[initech].proposed == RecencyChoice.EARLIER  # ended Dec 2013
    assert recencies[rid].proposed == RecencyChoice.FULL

    resume = service.resume(cv_id, 12)
    acme = next(role for role in resume.roles if role.company == "Acme Corp")
    assert accepted.current in acme.bullets
    for draft in rejected:
        assert draft.current not in acme.bullets
    assert [r.company for r in resume.roles] == ["Acme Corp", "Globex"]
    assert any("Initech" in line for line in resume.earlier)

    service.set_recency(initech, RecencyChoice.FULL)
    assert "Initech" in [r.company for r in service.resume(cv_id, 12).roles]

    pdf = service.export(cv_id, tmp_path / "resume.pdf", 12)
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())
    assert " ".join(accepted.current.split()) in text


def test_restart_removes_the_roles_answers_and_drafts(db: Database, cv_id: int) -> None:
    service = service_for(db)
    rid = role_id(service, "Globex")
    view = service.next_question(service.start(rid, Level.STAFF).id, None, TaskContext())
    service.answer(view.id, "Eight teams used it.")
    fresh = service.restart(view.id, Level.PRINCIPAL)
    assert fresh.turns == () and fresh.drafts == () and fresh.level == Level.PRINCIPAL


def test_a_role_that_is_gone_gives_a_clear_error(db: Database, cv_id: int) -> None:
    with pytest.raises(UserError, match="no role 999"):
        service_for(db).start(999, Level.STAFF)


def test_prep_puts_its_question_next_even_after_drafting(db: Database, cv_id: int) -> None:
    service = service_for(db)
    initech = role_id(service, "Initech")
    view = service.next_question(service.start(initech, Level.STAFF).id, None, TaskContext())
    waiting = view.pending
    assert waiting is not None
    question = "The posting asks for “Go or Rust”. What from this role comes closest?"
    view = service.ask_about(initech, Level.STAFF, question, note="From your prep: Go or Rust")
    assert view.pending is not None and view.pending.question == question
    assert (view.pending.asked_by, view.pending.note) == ("prep", "From your prep: Go or Rust")
    assert waiting.question not in [turn.question for turn in view.turns]  # replaced, unanswered
    view = service.answer(view.id, "I wrote the reconciliation worker in Go.")
    view = service.draft(view.id, None, TaskContext())
    assert not view.asking
    view = service.ask_about(initech, Level.STAFF, "Another?", note="")
    assert view.asking and view.pending is not None and view.pending.question == "Another?"
    assert view.turns[0].answer == "I wrote the reconciliation worker in Go."  # kept
