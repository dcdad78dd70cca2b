"""Round plan, questions to ask, gap questions and notes: the rule-only parts of prep."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.library.store import StoredRole
from coach.prep.asks import question_bank, questions_to_ask
from coach.prep.gaps import gap_question, make_gap, most_recent
from coach.prep.notes import NotesStore
from coach.prep.rounds import PER_ROUND, ROUNDS, plan_rounds
from coach.profile import Level
from coach.storage.db import Database
from coach.stories.records import Competency, Origin, StoredStory, StoryContent

C = Competency


def _story(story_id: int, title: str, *tags: Competency) -> StoredStory:
    content = StoryContent(title=title, action="I did it.", competencies=tags)
    return StoredStory(story_id, Origin.HAND, 1, "2026-01-01", "2026-01-01", content)


def _role(role_id: int, end: tuple[int, int | None] | None, *, current: bool = False) -> StoredRole:
    return StoredRole(role_id, 1, role_id, f"Co{role_id}", "SRE", "", (2010, 1), end, current,
                      False, ("Ran things.",))  # fmt: skip


def test_every_story_is_placed_once_and_each_round_gets_one_before_any_gets_two() -> None:
    stories = [
        _story(1, "Payments outage", C.INCIDENT, C.FAILURE),
        _story(2, "Queue rewrite", C.TRADE_OFF, C.DELIVERY),
        _story(3, "Said no to the VP", C.PUSHBACK, C.CONFLICT),
        _story(4, "Platform strategy", C.STRATEGY, C.AMBIGUITY),
        _story(5, "Grew two seniors", C.MENTORING),
        _story(6, "Second incident", C.INCIDENT),
        _story(7, "Untagged"),
    ]
    plans = plan_rounds(stories)
    placed = [s.story_id for plan in plans for s in plan.stories]
    assert len(placed) == len(set(placed)), "a story is told twice in one loop"
    assert 7 not in placed  # no competency: nothing says which round it suits
    assert all(len(plan.stories) <= PER_ROUND for plan in plans)
    by_round = {plan.round.key: [s.story_id for s in plan.stories] for plan in plans}
    assert by_round["diagnosis"][0] == 1
    assert by_round["judgment"] == [3]
    assert by_round["screen"] == [4]
    assert by_round["behavioural"] == [5]
    assert 6 in placed


def test_an_empty_round_says_what_story_to_prepare() -> None:
    plans = plan_rounds([_story(1, "Grew a lead", C.MENTORING)])
    empty = [plan for plan in plans if not plan.stories]
    assert len(empty) == len(ROUNDS) - 1
    assert all(plan.advice for plan in empty)
    assert all(not plan.advice for plan in plans if plan.stories)


def test_relevance_to_the_posting_breaks_ties() -> None:
    stories = [_story(1, "A", C.INCIDENT), _story(2, "B", C.INCIDENT)]
    plans = {p.round.key: p for p in plan_rounds(stories, {2: 0.8})}
    assert plans["diagnosis"].stories[0].story_id == 2
    assert "proves this posting" in plans["diagnosis"].stories[0].reason


def test_questions_follow_the_posting_and_the_level() -> None:
    sre = "Staff SRE. You will own on-call, SLOs and error budgets."
    staff = questions_to_ask(sre, Level.STAFF)
    senior = questions_to_ask(sre, Level.SENIOR)
    assert any("on-call" in q for q in staff)
    assert any("error budget" in q for q in staff)
    assert any("staff engineer" in q for q in staff)
    assert not any("staff engineer" in q for q in senior)
    always = [q.text for q in question_bank() if q.always]
    assert set(always) <= set(senior)
    plain = questions_to_ask("Backend engineer. Python and PostgreSQL.", Level.SENIOR)
    assert not any("on-call" in q for q in plain)
    assert len(set(staff)) == len(staff)


def test_a_gap_quotes_the_requirement_and_asks_about_the_nearest_role() -> None:
    question = gap_question("Experience running Kafka at scale.")
    assert "“Experience running Kafka at scale”" in question
    roles = [_role(1, (2015, 6)), _role(2, None, current=True), _role(3, (2019, 2))]
    assert most_recent(roles).id == 2
    assert most_recent([_role(1, (2015, 6)), _role(3, (2019, 2))]).id == 3
    assert most_recent([]) is None
    gap = make_gap("Kafka at scale", "must", roles=roles, closest_text="Kafka", closest_role_id=3)
    assert (gap.role_id, gap.role_label, gap.closest) == (3, "SRE, Co3", "Kafka")
    fallback = make_gap("Kafka at scale", "must", roles=roles)
    assert fallback.role_id == 2
    nowhere = make_gap("Kafka at scale", "must", roles=[])
    assert nowhere.role_id is None and nowhere.role_label == ""


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "prep.db")
    yield database
    database.close()


def test_notes_are_kept_per_posting_and_cleared_when_empty(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO documents (id, kind, content_hash, source_format, raw_text, status, "
            "created_at) VALUES (7, 'posting', 'h', 'pasted', ?, 'ready', 'now')",
            (db.codec.encode("Staff SRE"),),
        )
    notes = NotesStore(db)
    assert notes.get(7) == ""
    notes.save(7, "Series C; competitor is Acme.\nLoop: 5 rounds.")
    notes.save(7, "Series C; competitor is Acme.\nLoop: 4 rounds.")
    assert notes.get(7).endswith("4 rounds.")
    notes.save(7, "   ")
    assert notes.get(7) == ""
