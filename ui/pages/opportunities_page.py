"""Opportunities: prep for one posting at a time.

Pick a posting on the left; its prep runs in the background (the window's task runner,
with progress and Cancel) and fills the tabs on the right: the requirement matrix with
the strength of the best evidence, the gaps (each with a question that mines a story in
Résumé refresh), keyword coverage of the CV, the company's values and the stories that
show them, a round-by-round plan, and questions to ask. Notes on the company are saved
as they are typed. The brief exports as Markdown or PDF, also in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.tasks import Lane, Progress
from ui.pages.conversation import is_dark, text_label
from ui.pages.opportunities_export import ask_brief_path
from ui.pages.opportunities_notes import NotesPanel
from ui.pages.opportunities_postings import PostingList, empty_state
from ui.pages.opportunities_style import page_style
from ui.pages.opportunities_tasks import export_task, model_prep_task, prep_task
from ui.pages.opportunities_view import PrepView
from ui.pages.scrolled import fill_with_scroll

if TYPE_CHECKING:
    from coach.library.store import DocumentInfo
    from coach.prep.gaps import Gap
    from coach.prep.model_prep import RequirementExtraction
    from coach.prep.records import Prep
    from coach.prep.service import PrepService
    from coach.profile import Level, ProfileStore
    from coach.protocols import ChatModel

# (role id, question, note): MainWindow puts the question to the candidate in Résumé
# refresh and shows that page.
MineStory = Callable[[int, str, str], None]

NO_LEVEL_TEXT = (
    "Choose the level you are preparing for (Senior, Staff, Senior Staff or Principal) "
    "on the Settings page (Ctrl+,) first: prep reads the posting, your stories and the "
    "questions to ask for that level."
)


class OpportunitiesPage(QWidget):
    def __init__(
        self,
        prep: PrepService,
        *,
        profiles: ProfileStore,
        run_task: Callable[..., Any],
        show_error: Callable[[ErrorReport], Any],
        confirm: Callable[[str, str, str], bool],
        show_status: Callable[[str], None],
        mine_story: MineStory | None = None,
        chat_model: Callable[[], ChatModel | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.prep = prep
        self._chat_model = chat_model
        self._profiles = profiles
        self._run_task = run_task
        self._show_error = show_error
        self._confirm = confirm
        self._show_status = show_status
        self._mine_story = mine_story
        self._infos: dict[int, DocumentInfo] = {}
        self._posting_id: int | None = None
        self._level: Level | None = None
        self._results: dict[int, Prep] = {}  # posting id -> its latest prep
        self._stale: set[int] = set()  # postings whose prep should be made again
        self._running: tuple[Any, int, int] | None = None  # handle, posting id, generation
        self._generation = 0
        self._last_folder = Path.home()
        self._dark: bool | None = None
        self.handles: list[Any] = []  # every running task of this page

        heading = text_label("Opportunities", "pageTitle", selectable=False)
        intro = text_label(
            "Prepare for one posting at a time: how your stories and CV meet each "
            "requirement, the gaps to work on, a plan for each round and questions to ask.",
            "pageNote",
            selectable=False,
        )
        self.notice = text_label(name="pageNotice")
        self.notice.setVisible(False)
        self.level_notice = QFrame()
        self.level_notice.setObjectName("levelNotice")
        notice_layout = QHBoxLayout(self.level_notice)
        notice_layout.setContentsMargins(4, 2, 4, 2)
        notice_layout.addWidget(text_label(NO_LEVEL_TEXT, selectable=False))
        self.empty = empty_state()
        self.splitter = self._panes()
        inner = QWidget()
        inner.setMinimumHeight(620)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 18, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.notice)
        layout.addWidget(self.level_notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.scroll = fill_with_scroll(self, inner)
        self._shortcut("F5", self.run_prep)
        self._shortcut("Ctrl+E", self.choose_export)
        self._shortcut("Ctrl+S", lambda: self.notes.save(loud=True))
        self._apply_style()
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _shortcut(self, keys: str, action: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the page shows
        shortcut.activated.connect(action)

    def _panes(self) -> QSplitter:
        self.postings = PostingList()
        self.postings.posting_selected.connect(self._open)
        left = QFrame()
        left.setObjectName("oppPane")
        left.setMinimumWidth(180)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(10, 12, 10, 10)
        left_layout.addWidget(text_label("Postings", "paneTitle", selectable=False))
        left_layout.addWidget(text_label("Newest first. Add more on the Library page.", "muted"))
        left_layout.addWidget(self.postings, 1)

        self.notes = NotesPanel(self.prep.notes, self.prep.save_notes, self._show_error)
        self.view = PrepView(self.notes, can_mine=self._mine_story is not None)
        self.view.header.prepare_clicked.connect(self.run_prep)
        self.view.header.cancel_clicked.connect(self.cancel_prep)
        self.view.header.export_clicked.connect(self.choose_export)
        self.view.header.model_clicked.connect(self.run_model)
        self.view.gaps.mine_clicked.connect(self.mine)
        # The parts tests and the window reach for, by their plain names.
        self.header, self.tabs = self.view.header, self.view.tabs
        self.matrix, self.details, self.gaps = self.view.matrix, self.view.details, self.view.gaps
        self.keywords, self.values = self.view.keywords, self.view.values
        self.rounds, self.questions = self.view.rounds, self.view.questions

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(8)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 820])
        return splitter

    def tab_titles(self) -> list[str]:
        return self.view.tab_titles()

    def show_tab(self, title: str) -> None:
        """Show the tab whose title starts with `title` ("Gaps" finds "Gaps (3)")."""
        self.view.show_tab(title)

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(page_style(self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()

    # ---- reading and showing -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_style()
        if self._read_level():  # the target may have been set in the welcome dialog
            self._show_current()
        self._ensure_prep()

    def hideEvent(self, event: QHideEvent) -> None:
        self.notes.save()  # leaving the page keeps what was typed
        # Stories and the CV may change elsewhere meanwhile: prepare again when back
        # (the last prep stays in view until the new one is ready).
        self._stale = set(self._results)
        super().hideEvent(event)

    def refresh(self) -> None:
        """Read the postings and the target level again (the library or the profile
        changed); every prep is made again when next shown."""
        self._read_level()
        try:
            postings = self.prep.postings()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your postings"))
            postings = []
        self._infos = {info.id: info for info in postings}
        self._results = {i: p for i, p in self._results.items() if i in self._infos}
        self._stale = set(self._results)
        has_postings = bool(postings)
        self.empty.setVisible(not has_postings)
        self.splitter.setVisible(has_postings)
        keep = self._posting_id if self._posting_id in self._infos else None
        self.cancel_prep()  # a prep under way read the library as it was
        self.postings.set_postings(postings, keep)
        if keep is not None:
            self._show_current()
            if self.isVisible():
                self._ensure_prep()
        elif has_postings:
            self.postings.setCurrentRow(0)  # the newest: its selection opens it
        else:
            self._open(None)

    def profile_changed(self, _profile: object = None) -> None:
        self.refresh()

    def _read_level(self) -> bool:
        """Read the target level; True when it changed."""
        try:
            profile = self._profiles.load()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your profile"))
            profile = None
        level = profile.level if profile is not None else None
        self.level_notice.setVisible(level is None)
        changed = level != self._level
        self._level = level
        return changed

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @property
    def current_posting_id(self) -> int | None:
        return self._posting_id

    @property
    def prep_result(self) -> Prep | None:
        """The prep in view: the selected posting's, for the current target level."""
        result = self._results.get(self._posting_id) if self._posting_id is not None else None
        return result if result is not None and result.level == self._level else None

    @property
    def busy(self) -> bool:
        """A prep is running."""
        return self._running is not None

    def select_posting(self, posting_id: int) -> bool:
        """Show the posting and make its prep (in the background), as a click would."""
        if posting_id not in self._infos:
            self.refresh()
        if not self.postings.select_posting(posting_id):
            return False
        if self._posting_id != posting_id:
            self._open(posting_id)
        self._ensure_prep()
        return True

    def _open(self, posting_id: int | None) -> None:
        self.notes.open(posting_id)  # saves the notes of the posting left
        if self._running is not None and self._running[1] != posting_id:
            self.cancel_prep()
        self._posting_id = posting_id
        self.say("")
        self._show_current()
        if self.isVisible():
            self._ensure_prep()

    def _show_current(self) -> None:
        posting_id = self._posting_id
        info = self._infos.get(posting_id) if posting_id is not None else None
        shown = self._results.get(posting_id) if posting_id is not None else None
        self.view.show_prep(info, shown, self._level, busy=self.busy)

    # ---- prep ------------------------------------------------------------------------------

    def _ensure_prep(self) -> None:
        """Make the selected posting's prep unless it is current or being made."""
        posting_id = self._posting_id
        if posting_id is None or self._level is None:
            return
        if self._running is not None and self._running[1] == posting_id:
            return
        if self.prep_result is not None and posting_id not in self._stale:
            return
        self.run_prep()

    def run_prep(self) -> Any:
        """Make the selected posting's prep again (F5); returns the task, or None."""
        self._read_level()
        posting_id, level = self._posting_id, self._level
        if posting_id is None:
            return None
        if level is None:
            self._show_current()
            return None
        self.cancel_prep()
        self._generation += 1
        generation = self._generation
        label = self._infos[posting_id].title if posting_id in self._infos else "the posting"
        handle = self._run_task(
            prep_task,
            self.prep,
            posting_id,
            level,
            title=f"Preparing for {label}",
            on_result=lambda result: self._prepared(result, generation),
            on_error=lambda report: self._prep_failed(report, generation),
        )
        self._running = (handle, posting_id, generation)
        handle.progress.connect(lambda value: self._progress(value, generation))
        handle.cancelled.connect(lambda: self._prep_cancelled(generation))
        self._track(handle, lambda: self._prep_done(generation))
        self.header.busy("Preparing…")
        return handle

    def cancel_prep(self) -> None:
        if self._running is not None:
            self._running[0].cancel()
            self._running = None
            self.header.busy("")

    def _current(self, generation: int) -> bool:
        return self._running is not None and self._running[2] == generation

    def _progress(self, value: Progress, generation: int) -> None:
        if self._current(generation) and value.text:
            self.header.busy(f"Preparing: {value.text[:1].lower()}{value.text[1:]}…")

    def _prepared(self, result: Prep, generation: int) -> None:
        if generation != self._generation:
            return  # a newer prep was asked for
        posting_id = result.posting.id
        self._results[posting_id] = result
        self._stale.discard(posting_id)
        self._running = None
        if posting_id == self._posting_id:
            self._show_current()

    def _prep_failed(self, report: ErrorReport, generation: int) -> None:
        if generation != self._generation:
            return
        self._running = None
        self._show_current()
        self.header.state.setText("The prep could not be made.")
        self._show_error(report)

    def _prep_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self._running = None
            self._show_current()
            self.header.state.setText("Preparing was cancelled: press Refresh (F5) to go on.")

    def _prep_done(self, generation: int) -> None:
        if self._current(generation):
            self._running = None
        if not self.busy:
            self.header.busy("")

    def _track(self, handle: Any, then: Callable[[], object] | None = None) -> None:
        self.handles.append(handle)

        def done() -> None:
            if handle in self.handles:
                self.handles.remove(handle)
            if then is not None:
                then()

        handle.finished.connect(done)

    # ---- with the chat model -----------------------------------------------------------------

    def run_model(self) -> Any:
        """Find more requirements and explain the matches with the loaded chat model."""
        self._read_level()
        posting_id, level = self._posting_id, self._level
        if posting_id is None or level is None:
            return None
        model = self._chat_model()
        if model is None:
            self.say("No chat model is loaded: choose one on the Models page to use it here.")
            return None
        self.cancel_prep()
        self._generation += 1
        generation = self._generation
        handle = self._run_task(
            model_prep_task,
            self.prep,
            posting_id,
            level,
            model,
            title=f"{model.name} is reading the posting",
            lane=Lane.MODEL,
            on_result=lambda result: self._modelled(result, generation),
            on_error=lambda report: self._prep_failed(report, generation),
        )
        self._running = (handle, posting_id, generation)
        handle.progress.connect(lambda value: self._progress(value, generation))
        handle.cancelled.connect(lambda: self._prep_cancelled(generation))
        self._track(handle, lambda: self._prep_done(generation))
        self.header.busy("The model is reading…")
        return handle

    def _modelled(self, result: tuple[Prep, RequirementExtraction, str], generation: int) -> None:
        prep, found, problem = result
        self._prepared(prep, generation)
        if generation != self._generation:
            return
        explained = sum(1 for r in prep.requirements if r.explanation)
        withheld = sum(1 for r in prep.requirements if r.explanation_note)
        parts = [f"The model found {len(found.added)} more requirement(s) in the posting"]
        if found.dropped:
            reasons = sorted({reason for _, reason in found.dropped})
            parts.append(f"left out {len(found.dropped)} ({', '.join(reasons)})")
        if problem:
            parts.append(f"but could not explain the matches: {problem}")
        else:
            parts.append(f"explained {explained} match(es)")
        if withheld:
            parts.append(f"withheld {withheld} that claimed what you never said")
        self.say("; ".join(parts) + ".")

    # ---- gaps --------------------------------------------------------------------------------

    def mine(self, gap: Gap) -> bool:
        """Send the gap's question to Résumé refresh, for its role (the window goes there)."""
        if self._mine_story is None or gap.role_id is None:
            return False
        shown = self.prep_result
        label = shown.posting.label if shown is not None else "this posting"
        self.notes.save()
        self._mine_story(
            gap.role_id, gap.question, f"From your prep for {label}: {gap.requirement}"
        )
        return True

    # ---- export ------------------------------------------------------------------------------

    def choose_export(self) -> Any:
        """Ask where to save the brief (Ctrl+E), then write it in the background."""
        if not self.isVisible() or self._posting_id is None or self._level is None:
            return None
        info = self._infos.get(self._posting_id)
        path = ask_brief_path(self, self._last_folder, info.title if info else "")
        return None if path is None else self.export_to(path)

    def export_to(self, path: Path) -> Any:
        """Write the selected posting's brief to `path` (.md or .pdf); returns the task."""
        self._read_level()
        posting_id, level = self._posting_id, self._level
        if posting_id is None or level is None:
            return None
        self.notes.save()  # the brief carries the notes
        self._last_folder = path.parent
        handle = self._run_task(
            export_task,
            self.prep,
            posting_id,
            level,
            path,
            title="Exporting the prep brief",
            on_result=self._exported,
        )
        self._track(handle)
        return handle

    def _exported(self, path: Path) -> None:
        self._show_status(f"Prep brief written to {path}")
        self.say(f"Your prep brief was saved to {path}.")
