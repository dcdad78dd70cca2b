"""The story bank service: the one API the window and the CLI use.

It validates what the candidate writes, keeps every edit as a version, takes the stories
they kept in résumé refresh, and passes through the live checks, spoken cuts and coverage.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3

from coach.calibration import read_level
from coach.calibration.matrix import LevelMatrix
from coach.errors import UserError
from coach.profile import Level
from coach.storage.db import Database
from coach.stories.checks import StoryChecks, check_story
from coach.stories.competencies import suggest_competencies
from coach.stories.coverage import Coverage, bank_coverage
from coach.stories.cuts import Cut, split_sentences, story_cuts
from coach.stories.records import (
    Competency,
    Origin,
    StoredStory,
    Story,
    StoryContent,
    StoryVersion,
)
from coach.stories.store import StoryStore

_TITLE_WORDS = 8  # a title made up for an untitled refresh draft


class StoryBank:
    def __init__(self, db: Database) -> None:
        self._store = StoryStore(db)

    # ---- reading --------------------------------------------------------------------

    def stories(
        self,
        *,
        competency: Competency | None = None,
        reads_as: Level | None = None,
        target: Level,
    ) -> list[StoredStory]:
        """Stories, most recently written first, optionally only those tagged with
        `competency` and those whose body reads as exactly `reads_as`. A story with no
        readable level never matches a level filter."""
        found = self._store.list()
        if competency is not None:
            found = [s for s in found if competency in s.content.competencies]
        if reads_as is not None:
            matrix = LevelMatrix.load()
            found = [
                s for s in found if read_level(s.content.body, target, matrix).reads_as is reads_as
            ]
        return found

    def get(self, story_id: int) -> StoredStory:
        try:
            return self._store.get(story_id)
        except KeyError:
            raise _no_story(story_id) from None

    def versions(self, story_id: int) -> list[StoryVersion]:
        """Every version of the story, oldest first."""
        try:
            return self._store.versions(story_id)
        except KeyError:
            raise _no_story(story_id) from None

    # ---- writing --------------------------------------------------------------------

    def add(self, content: StoryContent, origin: Origin = Origin.HAND) -> StoredStory:
        return self._store.get(self._store.add(clean(content), origin))

    def edit(self, story_id: int, content: StoryContent) -> StoredStory:
        """Store `content` as a new version, unless it is what the story already says."""
        current = self.get(story_id)
        content = clean(content)
        if content == current.content:
            return current
        self._store.add_version(story_id, content)
        return self._store.get(story_id)

    def delete(self, story_id: int) -> None:
        try:
            self._store.delete(story_id)
        except KeyError:
            raise _no_story(story_id) from None

    # ---- from résumé refresh --------------------------------------------------------

    def take_from_refresh(self, draft_id: int, story_json: str, role_id: int) -> StoredStory:
        """The story for a kept refresh draft: taken once; the same draft again returns the
        story already taken (edits after that happen in the bank)."""
        story, _ = self._take(draft_id, story_json, role_id)
        return story

    def import_from_refresh(self) -> int:
        """Take every story kept in résumé refresh that is not in the bank yet; how many
        were added. Drafts that cannot be read, and stories the candidate deleted from the
        bank, are left alone."""
        added = 0
        for draft in self._store.kept_refresh_stories():
            if self._store.deleted_draft(draft.draft_id):
                continue
            try:
                _, created = self._take(draft.draft_id, draft.story_json, draft.role_id)
            except UserError:
                continue
            added += created
        return added

    def _take(self, draft_id: int, story_json: str, role_id: int) -> tuple[StoredStory, bool]:
        content = refresh_story_content(story_json, role_id)
        existing = self._store.by_draft(draft_id)
        if existing is not None and self._is_from_draft(existing, draft_id, content):
            return self._store.get(existing), False
        try:
            story_id = self._store.take_draft(content, draft_id)
        except sqlite3.IntegrityError:
            # Taken meanwhile by another connection (the window and the CLI share the file).
            existing = self._store.by_draft(draft_id)
            if existing is None:
                raise
            return self._store.get(existing), False
        return self._store.get(story_id), True

    def _is_from_draft(self, story_id: int, draft_id: int, content: StoryContent) -> bool:
        """Whether the linked story was taken from this draft, not from an earlier draft
        whose id a redraft has reused: its first version says what the draft says now,
        as drafted or as edited (accepting, then editing, is still the same draft)."""
        first = self._store.first_version(story_id)
        candidates = [content]
        for text in self._store.refresh_draft_texts(draft_id):
            try:
                candidates.append(refresh_story_content(text, 0))
            except UserError:
                continue
        return any(_same_words(first, c) for c in candidates)

    # ---- pass-throughs --------------------------------------------------------------

    def check(self, content: StoryContent, target: Level) -> StoryChecks:
        return check_story(content, target)

    def cuts(self, content: StoryContent) -> tuple[Cut, ...]:
        return story_cuts(content)

    def coverage(self, target: Level) -> Coverage:
        return bank_coverage(self._store.list(), target)


def clean(content: StoryContent) -> StoryContent:
    """`content` with whitespace stripped and tags deduplicated; UserError when it has no
    title or no part to tell."""
    parts = {name: _tidy(getattr(content, name)) for name in StoryContent.PARTS}
    title = " ".join(content.title.split())
    if not title:
        raise UserError(
            "A story needs a title.",
            hint="Give it a short name you will recognise, such as “The checkout outage”.",
        )
    if not any(parts.values()):
        raise UserError(
            "This story has nothing in it yet.",
            hint="Write at least one part: the situation, task, action, result or learning.",
        )
    return StoryContent(
        title=title,
        **parts,
        competencies=tuple(dict.fromkeys(content.competencies)),
        role_ids=tuple(dict.fromkeys(content.role_ids)),
    )


def refresh_story_content(story_json: str, role_id: int) -> StoryContent:
    """A story drafted in résumé refresh as bank content: linked to its role, tagged with
    the competencies its words suggest."""
    try:
        story = Story.from_json(story_json)
    except (ValueError, TypeError, AttributeError):
        raise UserError(
            "This drafted story cannot be read.",
            hint="Edit it in résumé refresh and keep it again, or write it in the story bank.",
        ) from None
    parts = {name: _tidy(getattr(story, name)) for name in StoryContent.PARTS}
    title = story.title.strip() or _title_from(parts)
    untagged = StoryContent(
        title=title,
        situation=parts["situation"],
        task=parts["task"],
        action=parts["action"],
        result=parts["result"],
        learning=parts["learning"],
        role_ids=(role_id,),
    )
    return clean(dataclasses.replace(untagged, competencies=suggest_competencies(untagged.body)))


def _title_from(parts: dict[str, str]) -> str:
    """The first words of the first sentence, for a draft that came without a title."""
    first = next((text for text in parts.values() if text), "")
    sentences = split_sentences(first)
    words = (sentences[0] if sentences else "").rstrip(".!?").split()
    if len(words) > _TITLE_WORDS:
        return " ".join(words[:_TITLE_WORDS]) + "…"
    return " ".join(words)


def _tidy(text: str) -> str:
    # Windows line ends and trailing spaces are noise: they would make an unchanged
    # story look edited.
    return re.sub(r"[ \t]+\n", "\n", text.replace("\r\n", "\n")).strip()


def _same_words(a: StoryContent, b: StoryContent) -> bool:
    return (a.title, *(getattr(a, n) for n in a.PARTS)) == (
        b.title,
        *(getattr(b, n) for n in b.PARTS),
    )


def _no_story(story_id: int) -> UserError:
    return UserError(
        f"No story #{story_id} in your bank.",
        hint="It may have been deleted; list your stories to see their numbers.",
    )
