"""The story bank service: validation, versions, refresh intake and the level filter."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from coach.errors import UserError
from coach.profile import Level
from coach.refresh.records import DraftStatus
from coach.refresh.store import NewDraft, RefreshStore
from coach.storage.db import Database
from coach.stories.bank import StoryBank, refresh_story_content
from coach.stories.records import Competency, Origin, Story, StoryContent

from .samples import ALL_WE, CHECKOUT, add_role, refresh_drafts, story_json


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "x.db")
    yield database
    database.close()


@pytest.fixture
def bank(db: Database) -> StoryBank:
    return StoryBank(db)


# ---- validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (StoryContent(title="", action="I fixed it."), "A story needs a title."),
        (StoryContent(title="  \n ", action="I fixed it."), "A story needs a title."),
        (StoryContent(title="Empty"), "This story has nothing in it yet."),
        (StoryContent(title="Blank", situation="  ", result="\n"), "nothing in it yet"),
    ],
)
def test_add_refuses_a_story_without_title_or_parts(
    bank: StoryBank, content: StoryContent, message: str
) -> None:
    with pytest.raises(UserError, match=message) as caught:
        bank.add(content)
    assert caught.value.hint
    assert bank.stories(target=Level.SENIOR) == []


def test_add_strips_whitespace_and_repeated_tags(bank: StoryBank) -> None:
    story = bank.add(
        StoryContent(
            title="  Checkout \n outage ",
            action="  I rolled back.  \r\n  Then I paged payments.  ",
            result="\n Errors stopped. ",
            competencies=(Competency.INCIDENT, Competency.INCIDENT, Competency.IMPACT),
            role_ids=(4, 4),
        )
    )
    assert story.content == StoryContent(
        title="Checkout outage",
        action="I rolled back.\n  Then I paged payments.",
        result="Errors stopped.",
        competencies=(Competency.INCIDENT, Competency.IMPACT),
        role_ids=(4,),
    )
    assert story.origin is Origin.HAND
    assert bank.get(story.id) == story


def test_unknown_ids_are_user_errors(bank: StoryBank) -> None:
    for call in (bank.get, bank.versions, bank.delete):
        with pytest.raises(UserError, match=r"No story #42 in your bank\."):
            call(42)
    with pytest.raises(UserError, match="No story #42"):
        bank.edit(42, CHECKOUT)


# ---- editing ------------------------------------------------------------------------


def test_edit_adds_a_version_only_when_something_changed(bank: StoryBank) -> None:
    story = bank.add(CHECKOUT)
    same = bank.edit(story.id, dataclasses.replace(CHECKOUT, title=f"  {CHECKOUT.title} "))
    assert same == story
    assert [v.version for v in bank.versions(story.id)] == [1]

    retagged = dataclasses.replace(CHECKOUT, competencies=(Competency.CONFLICT,))
    edited = bank.edit(story.id, retagged)
    assert edited.version == 2
    assert edited.content == retagged
    assert [v.content for v in bank.versions(story.id)] == [CHECKOUT, retagged]


def test_edit_validates_like_add(bank: StoryBank) -> None:
    story = bank.add(CHECKOUT)
    with pytest.raises(UserError, match="needs a title"):
        bank.edit(story.id, dataclasses.replace(CHECKOUT, title=""))
    assert bank.get(story.id).version == 1


def test_delete(bank: StoryBank) -> None:
    story = bank.add(CHECKOUT)
    bank.delete(story.id)
    assert bank.stories(target=Level.STAFF) == []
    with pytest.raises(UserError):
        bank.get(story.id)


# ---- filters ------------------------------------------------------------------------


def test_filter_by_competency_and_by_the_level_a_story_reads_as(bank: StoryBank) -> None:
    staff = bank.add(CHECKOUT)  # three teams and a decision of the candidate's: Staff
    senior = bank.add(
        StoryContent(
            title="Flaky CI",
            action="I decided to quarantine flaky tests for my team of 6 engineers.",
            result="Builds went from 60% green to 95% green in a month.",
            competencies=(Competency.DELIVERY,),
        )
    )
    unreadable = bank.add(ALL_WE)

    assert {s.id for s in bank.stories(target=Level.STAFF)} == {staff.id, senior.id, unreadable.id}
    assert [s.id for s in bank.stories(competency=Competency.INCIDENT, target=Level.STAFF)] == [
        staff.id
    ]
    assert [s.id for s in bank.stories(reads_as=Level.STAFF, target=Level.STAFF)] == [staff.id]
    assert [s.id for s in bank.stories(reads_as=Level.SENIOR, target=Level.STAFF)] == [senior.id]
    assert bank.stories(reads_as=Level.PRINCIPAL, target=Level.STAFF) == []
    assert (
        bank.stories(competency=Competency.DELIVERY, reads_as=Level.STAFF, target=Level.STAFF) == []
    )


# ---- from résumé refresh ------------------------------------------------------------


def test_take_from_refresh_converts_links_tags_and_is_idempotent(
    db: Database, bank: StoryBank
) -> None:
    role_id = add_role(db)
    (draft_id,) = refresh_drafts(db, role_id, [story_json()], [DraftStatus.ACCEPTED])
    text = story_json()

    story = bank.take_from_refresh(draft_id, text, role_id)
    assert story.origin is Origin.REFRESH
    assert story.origin_draft_id == draft_id
    assert story.content.title == "Queue migration"
    assert story.content.role_ids == (role_id,)
    assert story.content.action.startswith("I moved the jobs")
    assert story.content.competencies == refresh_story_content(text, role_id).competencies
    assert story.content.competencies  # "failing", "customers" and the like suggest tags
    assert len(story.content.competencies) <= 3

    again = bank.take_from_refresh(draft_id, text, role_id)
    assert again == story
    assert len(bank.stories(target=Level.SENIOR)) == 1


def test_taking_an_accepted_draft_then_its_edit_keeps_one_story(
    db: Database, bank: StoryBank
) -> None:
    role_id = add_role(db)
    (draft_id,) = refresh_drafts(db, role_id, [story_json()], [DraftStatus.ACCEPTED])
    story = bank.take_from_refresh(draft_id, story_json(), role_id)

    edited = story_json(result="Double billing stopped.")
    RefreshStore(db).decide(draft_id, DraftStatus.EDITED, final=edited, confirmed=True)
    assert bank.take_from_refresh(draft_id, edited, role_id) == story
    assert bank.import_from_refresh() == 0
    assert len(bank.stories(target=Level.SENIOR)) == 1


def test_a_draft_id_reused_by_a_redraft_becomes_a_new_story(db: Database, bank: StoryBank) -> None:
    role_id = add_role(db)
    (draft_id,) = refresh_drafts(db, role_id, [story_json("Old story")], [DraftStatus.ACCEPTED])
    old = bank.take_from_refresh(draft_id, story_json("Old story"), role_id)

    # Redrafting deletes the session's drafts; SQLite hands the freed id to the new one.
    refresh = RefreshStore(db)
    session_id = refresh.draft_session(draft_id)
    refresh.replace_drafts(session_id, [NewDraft("story", "rules", story_json("New story"))])
    (new_draft,) = refresh.drafts(session_id)
    assert new_draft.id == draft_id
    refresh.decide(draft_id, DraftStatus.ACCEPTED, final=None, confirmed=True)

    assert bank.import_from_refresh() == 1
    titles = sorted(s.content.title for s in bank.stories(target=Level.SENIOR))
    assert titles == ["New story", "Old story"]
    assert bank.get(old.id).origin_draft_id is None
    assert bank.import_from_refresh() == 0


def test_take_from_refresh_refuses_unreadable_or_empty_drafts(bank: StoryBank) -> None:
    with pytest.raises(UserError, match="cannot be read"):
        bank.take_from_refresh(1, "not json", 1)
    with pytest.raises(UserError, match="cannot be read"):
        bank.take_from_refresh(1, json.dumps(["a", "list"]), 1)
    with pytest.raises(UserError, match="nothing in it yet"):
        bank.take_from_refresh(1, Story("Title only", "", "", "", "").to_json(), 1)


def test_an_untitled_draft_gets_a_title_from_its_first_words(bank: StoryBank) -> None:
    text = Story(
        title="",
        situation="Our billing jobs kept failing overnight and customers were billed twice. "
        "It was bad.",
        task="",
        action="I fixed it.",
        result="",
    ).to_json()
    story = bank.take_from_refresh(3, text, 1)
    assert story.content.title == "Our billing jobs kept failing overnight and customers…"


def test_import_from_refresh_sweeps_kept_story_drafts_once(db: Database, bank: StoryBank) -> None:
    acme, globex = add_role(db, "Acme"), add_role(db, "Globex")
    accepted, rejected, pending = refresh_drafts(
        db,
        acme,
        [story_json("Accepted"), story_json("Rejected"), story_json("Pending")],
        [DraftStatus.ACCEPTED, DraftStatus.REJECTED, DraftStatus.PENDING],
    )
    (edited,) = refresh_drafts(db, globex, [story_json("Drafted")], [DraftStatus.PENDING])
    RefreshStore(db).decide(
        edited, DraftStatus.EDITED, final=story_json("Edited title"), confirmed=True
    )
    with db.transaction() as conn:  # a bullet is never a story, whatever its status
        session_id = RefreshStore(db).draft_session(accepted)
        conn.execute(
            "INSERT INTO refresh_drafts (session_id, ordinal, kind, author, status, text) "
            "VALUES (?, 9, 'bullet', 'rules', 'accepted', ?)",
            (session_id, db.codec.encode("Cut costs by 30%.")),
        )

    assert bank.import_from_refresh() == 2
    stories = {s.content.title: s for s in bank.stories(target=Level.SENIOR)}
    assert set(stories) == {"Accepted", "Edited title"}
    assert stories["Accepted"].content.role_ids == (acme,)
    assert stories["Accepted"].origin_draft_id == accepted
    assert stories["Edited title"].content.role_ids == (globex,)
    assert stories["Edited title"].origin_draft_id == edited
    assert all(s.origin is Origin.REFRESH for s in stories.values())
    assert bank.import_from_refresh() == 0
    assert rejected not in {s.origin_draft_id for s in stories.values()}
    assert pending not in {s.origin_draft_id for s in stories.values()}


def test_import_does_not_bring_back_a_story_the_candidate_deleted(
    db: Database, bank: StoryBank
) -> None:
    role_id = add_role(db)
    (draft_id,) = refresh_drafts(db, role_id, [story_json()], [DraftStatus.ACCEPTED])
    assert bank.import_from_refresh() == 1
    (story,) = bank.stories(target=Level.SENIOR)
    bank.delete(story.id)

    assert bank.import_from_refresh() == 0
    assert bank.stories(target=Level.SENIOR) == []
    # Keeping the draft again in refresh is a deliberate act: it comes back.
    back = bank.take_from_refresh(draft_id, story_json(), role_id)
    assert back.id != story.id
    assert bank.import_from_refresh() == 0


def test_import_skips_unreadable_drafts(db: Database, bank: StoryBank) -> None:
    role_id = add_role(db)
    refresh_drafts(
        db, role_id, ["{broken", story_json("Fine")], [DraftStatus.ACCEPTED, DraftStatus.ACCEPTED]
    )
    assert bank.import_from_refresh() == 1
    assert [s.content.title for s in bank.stories(target=Level.SENIOR)] == ["Fine"]


# ---- pass-throughs ------------------------------------------------------------------


def test_check_cuts_and_coverage_pass_through(bank: StoryBank) -> None:
    assert bank.check(CHECKOUT, Level.STAFF).level.reads_as is Level.STAFF
    assert [c.seconds for c in bank.cuts(CHECKOUT)] == [45, 90, 180]
    story = bank.add(CHECKOUT)
    coverage = bank.coverage(Level.STAFF)
    assert coverage.story_count == 1
    assert coverage.slots[Competency.INCIDENT] == (story.id,)
