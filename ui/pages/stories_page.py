"""Stories: the bank of STAR stories. The list (filtered by competency and by the level a
story reads as) with the bank's coverage, an editor that keeps every save as a version,
and live checks that update as the candidate types.

The bank's calls are quick SQLite reads and rule checks, so they run on the GUI thread;
the live checks wait for a short pause in the typing. Nothing is lost: switching stories,
reading an older version or closing the window with unsaved edits asks to save or
discard them, and changing the filters never touches the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSplitter, QVBoxLayout, QWidget

from coach.errors import ErrorReport, report_for
from coach.profile import Level
from coach.stories.records import Competency
from ui.dictation.bar import DictationBar
from ui.pages.conversation import is_dark, pane_scroll, text_label
from ui.pages.scrolled import fill_with_scroll
from ui.pages.stories_checks import ChecksPanel
from ui.pages.stories_editing import BLANK, EditingMixin
from ui.pages.stories_editor import StoryEditor
from ui.pages.stories_list import ListPane, StoryRow
from ui.pages.stories_style import colours, mark_colour, page_style
from ui.pages.stories_text import NO_TARGET, plural, same_story

if TYPE_CHECKING:
    from coach.calibration import Span
    from coach.delivery.service import DictationService
    from coach.library.store import StoredRole
    from coach.profile import Profile, ProfileStore
    from coach.stories.bank import StoryBank
    from coach.stories.checks import StoryChecks
    from coach.stories.records import StoredStory, StoryVersion

Confirm = Callable[[str, str, str], bool]  # MainWindow.confirm
CHECK_DELAY_MS = 300  # the live checks run after this pause in the typing
FALLBACK_TARGET = Level.STAFF  # reads-as does not depend on it; nothing target-bound is shown


class StoriesPage(EditingMixin, QWidget):
    def __init__(
        self,
        bank: StoryBank,
        *,
        profiles: ProfileStore,
        roles: Callable[[], list[StoredRole]],
        run_task: Callable[..., Any],
        show_error: Callable[[ErrorReport], Any],
        confirm: Confirm,
        show_status: Callable[[str], None],
        dictation: DictationService | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self._profiles = profiles
        self._roles = roles
        self._run_task = run_task  # the bank's calls are quick: only dictation uses it
        self._show_error = show_error
        self._confirm = confirm
        self._show_status = show_status
        self._dictation = dictation
        self._profile: Profile | None = None
        self._story: StoredStory | None = None  # the story open in the editor; None: new
        self._baseline = BLANK  # what the editor was loaded with, to tell unsaved edits
        self._viewing: StoryVersion | None = None  # an older version shown read-only
        self._checked = BLANK  # the content the checks panel shows checks for
        self._readings: dict[tuple[int, int, Level], StoryChecks] = {}
        self._auto_open = True  # open the newest story until the candidate picks one
        self._dark: bool | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.update_checks)
        self.scroll = self._build()
        self._shortcuts()
        self._apply_style()
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _build(self) -> QScrollArea:
        heading = text_label("Stories", "pageTitle", selectable=False)
        intro = text_label(
            "Your bank of STAR stories for the behavioural rounds. Tag each with the "
            "competencies it shows; the checks read it as you type, and every save keeps "
            "a version you can go back to.",
            "pageNote",
            selectable=False,
        )
        self.level_notice = QFrame()
        self.level_notice.setObjectName("levelNotice")
        notice_layout = QHBoxLayout(self.level_notice)
        notice_layout.setContentsMargins(12, 8, 12, 8)
        notice_layout.addWidget(text_label(NO_TARGET, selectable=False))

        self.list_pane = ListPane()
        self.list_pane.setMinimumWidth(230)
        self.list_pane.new_clicked.connect(self.new_story)
        self.list_pane.delete_clicked.connect(self.delete_selected)
        self.list_pane.filters_changed.connect(self._filters_changed)
        self.list_pane.story_chosen.connect(self._list_chose)
        self.list_pane.slot_clicked.connect(self._slot_clicked)
        self.story_list = self.list_pane.story_list
        self.coverage = self.list_pane.coverage

        self.editor = StoryEditor()
        self.editor.changed.connect(self._edited)
        self.editor.save_clicked.connect(self.save)
        self.editor.revert_clicked.connect(self.revert)
        self.editor.version_chosen.connect(self.view_version)
        self.editor.restore_clicked.connect(self.restore_version)
        self.editor.current_clicked.connect(self.back_to_current)
        self.dictation_bar: DictationBar | None = None  # None: typing only
        if self._dictation is not None:
            self.dictation_bar = DictationBar(
                self._dictation,
                context="story",
                boxes=list(self.editor.parts.values()),
                run_task=self._run_task,
                show_error=self._show_error,
            )
            self.editor.set_dictation(self.dictation_bar)
        self.checks = ChecksPanel()
        self.checks.show_spans.connect(self.show_spans)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self._pane(self.editor, 320))
        checks_pane = self._pane(pane_scroll(self.checks), 240, title="Live checks")
        self.splitter.addWidget(checks_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([290, 450, 330])

        inner = QWidget()
        inner.setMinimumHeight(620)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 18, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.level_notice)
        layout.addWidget(self.splitter, 1)
        return fill_with_scroll(self, inner)

    @staticmethod
    def _pane(content: QWidget, width: int, *, title: str = "") -> QFrame:
        pane = QFrame()
        pane.setObjectName("storiesPane")
        pane.setMinimumWidth(width)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(12, 12, 8, 10)
        layout.setSpacing(8)
        if title:
            layout.addWidget(text_label(title, "paneTitle", selectable=False))
        layout.addWidget(content, 1)
        return pane

    def _shortcuts(self) -> None:
        # Window shortcuts of a hidden page do not fire: these work only on this page.
        for keys, slot in (("Ctrl+N", self.new_story), ("Ctrl+S", self.save)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.story_list)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.delete_selected)

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(page_style(self.palette()))
            self.coverage.show_legend(colours(self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_style()
        self.refresh()

    def may_close(self) -> bool:
        """Whether the window may close: asks to save or discard unsaved edits first."""
        return not self.is_dirty or self._may_leave("closing Loopcoach")

    # ---- state -------------------------------------------------------------------------

    @property
    def target(self) -> Level:
        return self._profile.level if self._profile is not None else FALLBACK_TARGET

    @property
    def has_target(self) -> bool:
        return self._profile is not None

    @property
    def is_dirty(self) -> bool:
        """Edits in the editor that are not saved."""
        return self._viewing is None and not same_story(self.editor.content(), self._baseline)

    @property
    def current_story_id(self) -> int | None:
        return None if self._story is None else self._story.id

    def confirm(self, title: str, text: str, action: str) -> bool:
        return self._confirm(title, text, action)

    def _show_state(self) -> None:
        story, viewing = self._story, self._viewing
        if story is None:
            heading = "New story"
        elif viewing is not None:
            heading = f"Story #{story.id} · version {viewing.version}"
        else:
            heading = f"Story #{story.id}"
        dirty = self.is_dirty
        self.editor.set_state(heading, dirty, can_save=dirty)
        self.list_pane.delete_button.setEnabled(story is not None or dirty)

    # ---- reading the bank --------------------------------------------------------------

    def profile_changed(self, _profile: object = None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the bank again (a story may have come from Résumé refresh)."""
        self._profile = self._profiles.load()
        self.level_notice.setVisible(self._profile is None)
        try:
            added = self.bank.import_from_refresh()
        except Exception as exc:
            self._show_error(report_for(exc, "taking your stories from Résumé refresh"))
            added = 0
        if added:
            self._show_status(
                f"{plural(added, 'story', 'stories')} kept in Résumé refresh "
                f"{'was' if added == 1 else 'were'} added to your bank."
            )
        try:
            roles = self._roles()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your CV's roles"))
            roles = []
        self.editor.set_roles(roles)
        self._reload_open_story()
        self._fill_list()
        self._fill_coverage()
        if self._story is None and self._auto_open and not self.is_dirty:
            ids = self.story_list.ids()
            if ids:
                self._open_id(ids[0])
        self.update_checks()
        self._show_state()

    def _reload_open_story(self) -> None:
        """The open story as the bank has it now, unless the candidate is editing it."""
        if self._story is None or self.is_dirty or self._viewing is not None:
            return
        try:
            stored = self.bank.get(self._story.id)
        except Exception:  # deleted elsewhere (the command line shares the file)
            self._story, self._baseline = None, BLANK
            self.editor.set_content(BLANK)
            self.editor.set_versions([], None)
            return
        if stored.version != self._story.version:
            self._open(stored)

    def _reading(self, story: StoredStory) -> StoryChecks:
        key = (story.id, story.version, self.target)
        if key not in self._readings:
            self._readings[key] = self.bank.check(story.content, self.target)
        return self._readings[key]

    def _fill_list(self) -> None:
        competency, level = self.list_pane.filters()
        try:
            stories = self.bank.stories(competency=competency, reads_as=level, target=self.target)
            total = (
                len(stories)
                if competency is None and level is None
                else len(self.bank.stories(target=self.target))
            )
            rows = [self._row(story) for story in stories]
        except Exception as exc:
            self._show_error(report_for(exc, "reading your stories"))
            rows, total = [], 0
        keep = self._story.id if self._story is not None else None
        self.list_pane.show_rows(rows, total, keep)

    def _row(self, story: StoredStory) -> StoryRow:
        reading = self._reading(story)
        return StoryRow(
            story=story,
            reads_as=reading.level.reads_as,
            meets_target=reading.level.meets_target if self.has_target else None,
            spoken_seconds=reading.spoken_seconds,
        )

    def _fill_coverage(self) -> None:
        try:
            coverage = self.bank.coverage(self.target)
        except Exception as exc:
            self._show_error(report_for(exc, "reading your bank's coverage"))
            return
        self.coverage.show_coverage(coverage, has_target=self.has_target)
        self.coverage.set_active(self.list_pane.filters()[0])

    # ---- filters -----------------------------------------------------------------------

    def set_filters(self, competency: Competency | None = None, level: Level | None = None) -> None:
        """Show only the stories tagged `competency` that read as `level` (None: any)."""
        self.list_pane.set_filters(competency, level)
        self._filters_changed()

    def _filters_changed(self) -> None:
        # The editor is left alone: a story being written is never lost to a filter.
        self._fill_list()
        self.coverage.set_active(self.list_pane.filters()[0])

    def _slot_clicked(self, competency: Competency) -> None:
        chosen, level = self.list_pane.filters()
        self.set_filters(None if chosen is competency else competency, level)

    def _list_chose(self, story_id: int) -> None:
        # After the click is handled: the list may be rebuilt while opening (a save).
        QTimer.singleShot(0, self, lambda: self.select_story(story_id))

    # ---- live checks -------------------------------------------------------------------

    def _edited(self) -> None:
        self._show_state()
        self._timer.start()

    def update_checks(self) -> None:
        """Check the editor's story now (the typing timer calls this after a pause)."""
        self._timer.stop()
        content = self.editor.content()
        self._checked = content
        if not content.parts():
            self.checks.show_checks(None, (), has_target=self.has_target)
            return
        try:
            checks = self.bank.check(content, self.target)
            cuts = self.bank.cuts(content)
        except Exception as exc:
            self.checks.show_checks(None, (), has_target=self.has_target)
            self._show_error(report_for(exc, "checking the story"))
            return
        self.checks.show_checks(checks, cuts, has_target=self.has_target)

    def show_spans(self, spans: tuple[Span, ...]) -> None:
        """Highlight a check's words (offsets into the story as told) in the part boxes."""
        content = self._checked
        ranges: dict[str, list[tuple[int, int]]] = {}
        for name, start, end in content.part_spans():
            raw = getattr(content, name)
            lead = len(raw) - len(raw.lstrip())
            for span in spans:
                if start <= span.start < end:
                    ranges.setdefault(name, []).append(
                        (span.start - start + lead, min(span.end, end) - start + lead)
                    )
        self.editor.highlight(ranges, mark_colour(self.palette()))
