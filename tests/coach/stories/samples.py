"""Stories and refresh rows the story-bank tests share."""

from __future__ import annotations

import datetime as dt

from coach.refresh.records import DraftStatus
from coach.refresh.store import NewDraft, RefreshStore
from coach.storage.db import Database
from coach.stories.records import Competency, Story, StoryContent

CHECKOUT = StoryContent(
    title="Checkout retries",
    situation=(
        "Checkout errors were costing customers about $40K a day during the holiday peak. "
        "The payments platform was shared by three teams. Nobody owned the retry logic."
    ),
    task="I was the tech lead for the checkout team and had to stop the losses within a week.",
    action=(
        "I paged the payments on-call and rolled back the last deploy. I then proposed a "
        "shared retry budget across the payments, search and checkout teams. The payments "
        "lead disagreed because it slowed their roadmap. I wrote the design doc and convinced "
        "the three teams to adopt it. We shipped it in two sprints."
    ),
    result=(
        "Checkout errors fell from 2% to 0.1% within a month. Customer complaints dropped by "
        "half and we saved about $1.2M a year."
    ),
    learning="In hindsight I would have involved the payments team earlier.",
    competencies=(Competency.INCIDENT, Competency.INFLUENCE),
)

ALL_WE = StoryContent(
    title="Order service rebuild",
    situation="Our order service was slow.",
    action="We rebuilt the order service and we made it a lot faster.",
    result="We shipped on time and our team was happy with it.",
)


def story_json(title: str = "Queue migration", **parts: str) -> str:
    defaults = {
        "situation": "Our billing jobs kept failing overnight and customers were billed twice.",
        "task": "I owned the billing pipeline.",
        "action": "I moved the jobs to an idempotent queue and I added a replay tool.",
        "result": "Double billing fell from 40 cases a month to zero within a quarter.",
    }
    return Story(title=title, **{**defaults, **parts}).to_json()


def add_role(db: Database, company: str = "Acme") -> int:
    """A CV document with one role, written straight into the library tables."""
    codec = db.codec
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO documents (kind, status, content_hash, source_format, created_at, "
            "raw_text) VALUES ('cv', 'ready', ?, 'md', ?, ?)",
            (f"hash-{company}", now, codec.encode(f"CV at {company}")),
        )
        document_id = int(cursor.lastrowid or 0)
        cursor = conn.execute(
            "INSERT INTO roles (document_id, ordinal, company, title) VALUES (?, 0, ?, ?)",
            (document_id, codec.encode(company), codec.encode("Staff Engineer")),
        )
    return int(cursor.lastrowid or 0)


def refresh_drafts(
    db: Database, role_id: int, texts: list[str], statuses: list[DraftStatus]
) -> list[int]:
    """A refresh session for the role with one story draft per text, decided as given."""
    store = RefreshStore(db)
    session = store.create_session(role_id, "staff")
    store.replace_drafts(session.id, [NewDraft("story", "rules", text) for text in texts])
    ids = [draft.id for draft in store.drafts(session.id)]
    for draft_id, status in zip(ids, statuses, strict=True):
        if status is not DraftStatus.PENDING:
            store.decide(draft_id, status, final=None, confirmed=True)
    return ids
