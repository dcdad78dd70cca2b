"""The Stories page's editing: opening a story, starting a new one, saving, reverting,
deleting, and reading or restoring an older version, with nothing lost on the way.

A mixin of `StoriesPage`, kept apart so each module stays short. It works on the page's
state: `bank`, `editor`, `story_list`, `_story` (the open story; None for a new one),
`_baseline` (what the editor was loaded with), `_viewing` (an older version shown
read-only) and `_auto_open`, and calls back into the page for the list, the coverage,
the checks and the callbacks the window gave it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from coach.errors import report_for
from coach.stories.records import StoryContent
from ui.pages.stories_text import plural, when_text

if TYPE_CHECKING:
    from coach.stories.records import StoredStory, StoryVersion

BLANK = StoryContent(title="")


class EditingMixin:
    # ---- opening -----------------------------------------------------------------------

    def select_story(self, story_id: int) -> bool:
        """Open the story in the editor; asks first when there are unsaved edits."""
        if self._story is not None and self._story.id == story_id and self._viewing is None:
            self.story_list.mark(story_id)
            return True
        if not self._may_leave("opening another story"):
            self.story_list.mark(self.current_story_id)
            return False
        self._auto_open = False
        return self._open_id(story_id)

    def _open_id(self, story_id: int) -> bool:
        try:
            story = self.bank.get(story_id)
        except Exception as exc:
            self._show_error(report_for(exc, "opening the story"))
            self._fill_list()
            return False
        self._open(story)
        return True

    def _open(self, story: StoredStory) -> None:
        self._story, self._viewing, self._baseline = story, None, story.content
        self.editor.set_read_only(False)
        self.editor.set_content(story.content)
        self.editor.show_banner("")
        self.editor.set_versions(self._versions(story.id), story.version)
        self.story_list.mark(story.id)
        self.update_checks()
        self._show_state()

    def new_story(self) -> bool:
        """An empty editor for a story written by hand; asks first about unsaved edits."""
        if not self._may_leave("starting a new story"):
            return False
        self._auto_open = False
        self._story, self._viewing, self._baseline = None, None, BLANK
        self.editor.set_read_only(False)
        self.editor.set_content(BLANK)
        self.editor.show_banner("")
        self.editor.set_versions([], None)
        self.story_list.mark(None)
        self.update_checks()
        self._show_state()
        self.editor.title.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _may_leave(self, doing: str) -> bool:
        """True once unsaved edits are saved or discarded; False to stay with them."""
        if not self.is_dirty:
            return True
        name = " ".join(self.editor.title.text().split())
        if self.confirm(
            "Save your changes?",
            f"{f'“{name}”' if name else 'Your new story'} has changes you have not saved. "
            f"Save them before {doing}?",
            "Save",
        ):
            return self.save() is not None
        return self.confirm(
            "Discard your changes?",
            f"Your changes to “{name}” will be lost." if name else "Your new story will be lost.",
            "Discard",
        )

    # ---- saving ------------------------------------------------------------------------

    def save(self) -> StoredStory | None:
        """Store the editor's story: a new story, or a new version of the open one."""
        if self._viewing is not None:
            return None
        content = self.editor.content()
        story = self._story
        try:
            stored = self.bank.add(content) if story is None else self.bank.edit(story.id, content)
        except Exception as exc:
            self._show_error(report_for(exc, "saving the story"))
            return None
        title = stored.content.title
        if story is None:
            message = f"Saved “{title}” as a new story."
        elif stored.version == story.version:
            message = f"“{title}” has no changes to save."
        else:
            message = f"Saved version {stored.version} of “{title}”."
        self._auto_open = False
        self._story, self._baseline = stored, stored.content
        self.editor.set_versions(self._versions(stored.id), stored.version)
        self._fill_list()
        self._fill_coverage()
        self._show_state()
        self._show_status(message)
        return stored

    def revert(self) -> bool:
        """Back to the last saved words (asks first)."""
        if not self.is_dirty or not self.confirm(
            "Revert your changes?",
            "Your changes since the last save will be lost.",
            "Revert",
        ):
            return False
        self.editor.set_content(self._baseline)
        self.update_checks()
        self._show_state()
        return True

    def delete_selected(self) -> bool:
        """Delete the chosen story and all its versions, after asking."""
        story_id = self.story_list.selected_id() or self.current_story_id
        if story_id is None:
            if self.is_dirty and self.confirm(
                "Discard this new story?", "It is not saved; its words will be lost.", "Discard"
            ):
                self._baseline = self.editor.content()
                return self.new_story()
            return False
        try:
            story = self.bank.get(story_id)
        except Exception as exc:
            self._show_error(report_for(exc, "reading the story"))
            return False
        title = story.content.title
        versions = plural(story.version, "version", "versions")
        if not self.confirm(
            "Delete this story?",
            f"Delete “{title}” and its {versions}? It cannot be brought back"
            + (
                ", and Résumé refresh will not bring it back either."
                if story.origin_draft_id
                else "."
            ),
            "Delete",
        ):
            return False
        try:
            self.bank.delete(story_id)
        except Exception as exc:
            self._show_error(report_for(exc, "deleting the story"))
            return False
        if story_id == self.current_story_id:
            self._story, self._viewing, self._baseline = None, None, BLANK
            self.editor.set_content(BLANK)
        self._fill_list()
        self._fill_coverage()
        if self._story is None:
            ids = self.story_list.ids()
            if ids:
                self._open_id(ids[0])
            else:
                self._auto_open = False
                self.new_story()
        self._show_status(f"Deleted “{title}”.")
        return True

    # ---- versions ----------------------------------------------------------------------

    def view_version(self, number: int) -> bool:
        """Show an older version of the open story, read-only."""
        story = self._story
        if story is None:
            return False
        if number == story.version:
            self.back_to_current()
            return True
        if self._viewing is None and not self._may_leave("reading an older version"):
            self.editor.set_versions(self._versions(story.id), story.version)
            return False
        story = self._story or story  # a save just now makes a newer version
        versions = self._versions(story.id)
        version = next((v for v in versions if v.version == number), None)
        if version is None:
            return False
        self._viewing = version
        self.editor.set_content(version.content)
        self.editor.set_read_only(True)
        self.editor.set_versions(versions, number)
        self.editor.show_banner(
            f"Version {number} of {len(versions)}, saved {when_text(version.created_at)}, "
            f"read-only. Restore it to save its words again as version {story.version + 1}."
        )
        self.update_checks()
        self._show_state()
        return True

    def _versions(self, story_id: int) -> list[StoryVersion]:
        try:
            return self.bank.versions(story_id)
        except Exception as exc:
            self._show_error(report_for(exc, "reading the story's versions"))
            return []

    def back_to_current(self) -> None:
        if self._story is not None:
            self._open_id(self._story.id)

    def restore_version(self) -> StoredStory | None:
        """Save the older version in view as the newest version."""
        story, version = self._story, self._viewing
        if story is None or version is None:
            return None
        try:
            stored = self.bank.edit(story.id, version.content)
        except Exception as exc:
            self._show_error(report_for(exc, "restoring the version"))
            return None
        if stored.version == story.version:
            message = f"Version {version.version} says what the current version says."
        else:
            message = f"Restored version {version.version} as version {stored.version}."
        self._open(stored)
        self._fill_list()
        self._fill_coverage()
        self._show_status(message)
        return stored
