"""Résumé: refresh the CV one role at a time. The coach asks what a role still lacks for
the target level, the candidate answers (typing or dictating), and drafts come
back as a line diff with every claim traced to the candidate's own words.

Quick SQLite work (starting a role, an answer, a skip, a decision) happens at once on
the GUI thread, so an answer is on disk before the next model call starts; questions,
drafts and exports run through the window's task runner (the model's work on the model
lane), with progress, Cancel and the error dialog.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coach.errors import ErrorReport, report_for
from coach.refresh.records import DraftStatus, RecencyChoice
from coach.refresh.service import UnconfirmedClaims
from coach.tasks import Lane, Progress
from ui.dictation.bar import DictationBar
from ui.pages.conversation import is_dark
from ui.pages.resume_conversation import ConversationPane
from ui.pages.resume_drafts import DraftPane
from ui.pages.resume_export import PreviewDialog, ask_export_path
from ui.pages.resume_notices import level_notice, no_cv_state
from ui.pages.resume_roles import RECENCY_LABELS, RoleList, role_rows, role_status
from ui.pages.resume_style import page_style
from ui.pages.resume_tasks import draft_task, export_task, next_question_task, preview_task
from ui.pages.scrolled import fill_with_scroll

if TYPE_CHECKING:
    from coach.delivery.service import DictationService
    from coach.library.store import DocumentInfo
    from coach.profile import Level, ProfileStore
    from coach.protocols import ChatModel
    from coach.provenance import ClaimCheck
    from coach.refresh.service import RefreshService, SessionView

RunTask = Callable[..., Any]  # MainWindow.run_task
ShowError = Callable[[ErrorReport], Any]  # MainWindow.show_error
Confirm = Callable[[str, str, str], bool]  # MainWindow.confirm

MAX_ASKED = 8  # unsupported claims listed when asking the candidate to confirm
STREAM_TAIL = 160  # characters of the streamed draft text shown under the running step
NO_MODEL_MODE = "No chat model: questions from the curated bank"


def _note(text: str = "", name: str = "pageNote") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def claims_question(unsupported: Sequence[ClaimCheck]) -> str:
    lines = [
        f"•  “{check.claim.text}”" + (f": {check.reason}" if check.reason else "")
        for check in unsupported[:MAX_ASKED]
    ]
    if len(unsupported) > MAX_ASKED:
        lines.append(f"•  and {len(unsupported) - MAX_ASKED} more")
    listed = "\n".join(lines)
    return (
        f"These claims are not in your own words (your CV, your answers, your notes):\n\n"
        f"{listed}\n\nAre they true? Keep the line only if they are; otherwise edit it."
    )


class ResumePage(QWidget):
    def __init__(  # noqa: PLR0915  (the page wires its panels here, one statement each)
        self,
        refresh: RefreshService,
        *,
        profiles: ProfileStore,
        cv_documents: Callable[[], list[DocumentInfo]],
        chat_model: Callable[[], ChatModel | None],
        recency_years: Callable[[], int],
        run_task: RunTask,
        show_error: ShowError,
        confirm: Confirm,
        show_page: Callable[[str], object],
        show_status: Callable[[str], object],
        dictation: DictationService | None = None,
    ) -> None:
        super().__init__()
        self._service = refresh
        self._profiles = profiles
        self._cv_documents = cv_documents
        self._chat_model = chat_model
        self._recency_years = recency_years
        self._run_task = run_task
        self._show_error = show_error
        self._confirm = confirm
        self._show_page = show_page
        self._show_status = show_status
        self._document_id: int | None = None
        self._role_id: int | None = None
        self._view: SessionView | None = None
        self._level: Level | None = None
        self._asking: dict[int, Any] = {}  # session id -> running question task
        self._drafting: dict[int, Any] = {}  # session id -> running draft task
        # session id -> (the step running, its streamed text so far)
        self._drafting_live: dict[int, tuple[str, str]] = {}
        self._banners: dict[int, tuple[str, bool]] = {}  # session id -> failed draft
        self._streamed: dict[int, str] = {}  # session id -> the question streamed so far
        self._last_folder = Path.home()
        self.handles: list[Any] = []  # every running task of this page
        self.preview: PreviewDialog | None = None
        self._dark = self._styled(None)

        heading = QLabel("Résumé")
        heading.setObjectName("pageTitle")
        intro = _note(
            "Refresh your CV one role at a time: the coach asks what each role still lacks "
            "for your target level, you answer in your own words, and you decide on every "
            "drafted line. Nothing goes on the résumé that you did not say or confirm."
        )
        top = self._top_row()
        self.notice = _note(name="pageNotice")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)
        self.level_notice = level_notice(lambda: self._show_page("settings"))
        self.empty, self.library_button = no_cv_state(lambda: self._show_page("library"))
        self.splitter = self._panes(dictation)

        inner = QWidget()
        inner.setMinimumHeight(560)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 18, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.level_notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.scroll = fill_with_scroll(self, inner)

        export = QShortcut(QKeySequence("Ctrl+E"), self)
        export.setContext(Qt.ShortcutContext.WindowShortcut)
        export.activated.connect(self._export_shortcut)
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        """The coaching mode, always in view, and the résumé's own actions."""
        self.mode = QLabel()
        self.mode.setObjectName("resumeMode")
        self.mode.setWordWrap(True)
        self.preview_button = QPushButton("Preview")
        self.preview_button.setToolTip("See what the exported résumé contains")
        self.preview_button.clicked.connect(self.show_preview)
        self.export_button = QPushButton("Export résumé…")
        self.export_button.setToolTip("Save the refreshed résumé as Markdown, Word or PDF (Ctrl+E)")
        self.export_button.clicked.connect(self.choose_export)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.mode, 1)
        top.addWidget(self.preview_button)
        top.addWidget(self.export_button)
        return top

    def _dictation_bar(self, dictation: DictationService | None) -> DictationBar | None:
        if dictation is None:
            return None
        bar = DictationBar(
            dictation,
            context="refresh",
            boxes=[self.conversation.answer_box],
            run_task=self._run_task,
            show_error=self._show_error,
        )
        self.conversation.set_dictation(bar)
        return bar

    def _roles_pane(self) -> QFrame:
        self.roles = RoleList()
        self.roles.role_selected.connect(self._role_selected)
        self.roles.recency_chosen.connect(self.choose_recency)
        self.roles_caption = _note(name="muted")
        pane = QFrame()
        pane.setObjectName("resumePane")
        pane.setMinimumWidth(200)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(10, 12, 10, 10)
        layout.addWidget(_note("Roles", "paneTitle"))
        layout.addWidget(self.roles_caption)
        layout.addWidget(self.roles, 1)
        return pane

    def _panes(self, dictation: DictationService | None) -> QSplitter:
        """Roles | conversation (with the dictation bar, if any) | drafts, sized for a
        1280-pixel-wide window."""
        roles = self._roles_pane()
        self.conversation = ConversationPane()
        self.dictation_bar = self._dictation_bar(dictation)  # None: typing only
        self.conversation.setMinimumWidth(300)
        self.conversation.send_clicked.connect(self._send)
        self.conversation.skip_clicked.connect(self.skip)
        self.conversation.enough_clicked.connect(self.end_questions)
        self.conversation.start_clicked.connect(self.start_role)
        self.conversation.restart_clicked.connect(self.restart_role)
        self.conversation.retry_clicked.connect(self._ensure_question)
        self.drafts = DraftPane()
        self.drafts.setMinimumWidth(300)
        self.drafts.accept_clicked.connect(lambda i: self.decide(i, DraftStatus.ACCEPTED))
        self.drafts.reject_clicked.connect(lambda i: self.decide(i, DraftStatus.REJECTED))
        self.drafts.edit_saved.connect(
            lambda i, text: self.decide(i, DraftStatus.EDITED, text=text)
        )
        self.drafts.accept_all_clicked.connect(self.accept_all_supported)
        self.drafts.ask_more_clicked.connect(self.ask_more)
        self.drafts.redraft_clicked.connect(self.draft)
        self.drafts.draft_clicked.connect(self.draft)
        self.drafts.rule_draft_clicked.connect(lambda: self.draft(with_model=False))
        self.drafts.cancel_clicked.connect(self._cancel_drafting)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(8)
        for pane in (roles, self.conversation, self.drafts):
            splitter.addWidget(pane)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([240, 440, 370])
        return splitter

    # ---- showing -----------------------------------------------------------------------

    def _styled(self, was_dark: bool | None) -> bool:
        """Set the sheet for the palette's theme when it changed; returns whether dark."""
        dark = is_dark(self.palette())
        if dark != was_dark:
            self.setStyleSheet(page_style(self.palette()))
        return dark

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._dark = self._styled(self._dark)

    def refresh(self) -> None:
        """Read the CV's roles and where each stands again (quick), keeping the selection."""
        profile = self._profiles.load()
        self._level = profile.level if profile is not None else None
        self.level_notice.setVisible(self._level is None)
        self.refresh_mode()
        cvs = self._cv_documents()
        self._document_id = cvs[-1].id if cvs else None
        has_cv = self._document_id is not None
        self.empty.setVisible(not has_cv)
        self.splitter.setVisible(has_cv)
        self.export_button.setEnabled(has_cv)
        self.preview_button.setEnabled(has_cv)
        if not has_cv:
            self.roles.set_rows([])
            self._role_id = None
            self._view = None
            return
        cv = cvs[-1]
        rows = role_rows(self._service, cv.id, self._recency_years())
        keep = self._role_id if any(row.role.id == self._role_id for row in rows) else None
        self.roles.set_rows(rows, keep)
        title = cv.title or cv.source_name
        if rows:
            self.roles_caption.setText(f"From {title}, newest first.")
        else:
            self.roles_caption.setText(
                f"No roles were found in {title}. Check its roles on the Library page."
            )
        if keep is None:
            self._role_id = None
            if rows:
                self.roles.setCurrentRow(0)  # shows the newest role
            else:
                self._role_selected(None)
        else:
            self._role_selected(keep)

    def open_role(self, role_id: int) -> None:
        """Show `role_id`'s session, e.g. after prep put a question to it."""
        self.refresh()
        if self.roles.selected_role() == role_id:
            self._role_selected(role_id)  # already current: no selection signal comes
        elif any(row.role.id == role_id for row in self.roles.rows):
            self.roles.select_role(role_id)

    def refresh_mode(self) -> None:
        """Say where questions come from: the loaded chat model, or the bank."""
        model = self._model()
        if model is None:
            self.mode.setText(NO_MODEL_MODE)
            self.mode.setToolTip(
                "Load a chat model on the Models page for follow-up questions and rewrites; "
                "without one, the questions come from a curated bank and drafts tighten "
                "your own words."
            )
        else:
            self.mode.setText(f"Questions from {model.name}")
            self.mode.setToolTip("The model words the questions and writes the drafts.")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_mode()

    def profile_changed(self, _profile: object = None) -> None:
        self.refresh()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @property
    def view(self) -> SessionView | None:
        """The session of the role in view (None: no role, or one not started)."""
        return self._view

    @property
    def busy(self) -> bool:
        """A question or a draft is being fetched for the role in view."""
        return self._view is not None and (
            self._view.id in self._asking or self._view.id in self._drafting
        )

    def _model(self) -> ChatModel | None:
        try:
            return self._chat_model()
        except Exception:  # a model host in a bad state means: no model
            return None

    def _role(self, role_id: int) -> Any:
        return next(row.role for row in self.roles.rows() if row.role.id == role_id)

    def _role_selected(self, role_id: int | None) -> None:
        self._role_id = role_id
        self._view = None
        if role_id is None:
            self.conversation.show_nothing("Pick a role on the left to refresh it.")
            self.drafts.show_view(None)
            self.drafts.clear_banner()
            return
        try:
            info = self._service.session_for(role_id)
            if info is None:
                self._show_intro(role_id)
                return
            view = self._service.view(info.id)
        except Exception as exc:
            self._show_error(report_for(exc, "opening this role"))
            return
        self._show(view)
        self._ensure_question()

    def _show_intro(self, role_id: int) -> None:
        self.conversation.show_intro(self._role(role_id), self._level)
        self.drafts.show_view(None)
        self.drafts.clear_banner()

    def _show(self, view: SessionView) -> None:
        """Show the session (the current role's) as it now stands."""
        self._view = view
        self.conversation.say("")
        asking = self._asking.get(view.id) is not None
        drafting = view.id in self._drafting
        tag = ""
        if asking and view.pending is None:
            tag = "from the model" if self._model() is not None else "from the question bank"
        self.conversation.show_view(
            view, waiting_tag=tag, streamed=self._streamed.get(view.id, ""), target=self._level
        )
        self.conversation.restart_button.setEnabled(not asking and not drafting)
        if not view.asking and not view.drafts and not drafting:
            if view.assessment.meets_bar:
                self.conversation.say(
                    f"Your answers cover what a {view.level.label} résumé needs: write the drafts."
                )
            else:
                self.conversation.say("The questions are over for this role: write the drafts.")
        elif not view.asking and view.drafts:
            self.conversation.say("Review the drafts; “Ask more questions” adds to your answers.")
        self.drafts.show_view(view, drafting=drafting)
        if drafting:
            self.drafts.drafting(self._drafting_live.get(view.id, ("", ""))[0]
                                 or self._drafting_text(self._drafting[view.id][1]))
        elif view.id in self._banners:
            text, offer_rules = self._banners[view.id]
            self.drafts.failed(text, offer_rules=offer_rules)
        else:
            self.drafts.clear_banner()
        self._update_status(view.role.id)

    def _update_status(self, role_id: int) -> None:
        with contextlib.suppress(KeyError):  # the role may have gone with a changed CV
            self.roles.entry(role_id).set_status(*role_status(self._service, role_id))

    def _current(self, session_id: int) -> bool:
        return self._view is not None and self._view.id == session_id

    # ---- the tasks' bookkeeping ----------------------------------------------------------

    def _track(self, handle: Any, then: Callable[[], object] | None = None) -> None:
        self.handles.append(handle)

        def done() -> None:
            if handle in self.handles:
                self.handles.remove(handle)
            if then is not None:
                then()

        handle.finished.connect(done)

    # ---- questions and answers -----------------------------------------------------------

    def start_role(self) -> None:
        if self._role_id is None or self._level is None:
            return
        try:
            view = self._service.start(self._role_id, self._level)
        except Exception as exc:
            self._show_error(report_for(exc, "starting this role"))
            return
        self._show(view)
        self._ensure_question()

    def _ensure_question(self) -> None:
        """When the session waits for a question, ask for it (in the background)."""
        view = self._view
        if view is None or not view.asking or view.pending is not None:
            return
        if view.id in self._asking:
            return
        model = self._model()
        self.refresh_mode()
        session_id = view.id
        handle = self._run_task(
            next_question_task,
            self._service,
            session_id,
            model,
            title="Asking the next question",
            lane=Lane.MODEL if model is not None else Lane.GENERAL,
            on_result=self._question_ready,
            on_error=lambda report: self._question_failed(session_id, report),
        )
        self._asking[session_id] = handle
        self._streamed.pop(session_id, None)
        handle.partial.connect(lambda piece: self._partial(session_id, piece))
        handle.cancelled.connect(lambda: self._question_cancelled(session_id))
        self._track(handle, lambda: self._question_done(session_id))
        self.conversation.say("")
        self._show(view)

    def _question_done(self, session_id: int) -> None:
        self._asking.pop(session_id, None)
        self._streamed.pop(session_id, None)

    def _partial(self, session_id: int, piece: object) -> None:
        self._streamed[session_id] = self._streamed.get(session_id, "") + str(piece)
        if self._current(session_id):
            self.conversation.stream(str(piece))

    def _question_ready(self, view: SessionView) -> None:
        self._asking.pop(view.id, None)
        if self._current(view.id):
            self._show(view)
        else:
            self._update_status(view.role.id)

    def _question_failed(self, session_id: int, report: ErrorReport) -> None:
        self._asking.pop(session_id, None)
        self._show_error(report)
        if self._current(session_id):
            self._refresh_view()
            self.conversation.say("The next question could not be asked.", retry=True)

    def _question_cancelled(self, session_id: int) -> None:
        self._asking.pop(session_id, None)
        if self._current(session_id):
            self._refresh_view()
            if self._view is not None and self._view.asking and self._view.pending is None:
                self.conversation.say("Asking was cancelled.", retry=True)

    def _refresh_view(self) -> None:
        if self._view is None:
            return
        try:
            self._show(self._service.view(self._view.id))
        except Exception as exc:
            self._show_error(report_for(exc, "reading this role"))

    def submit_answer(self, text: str, audio_path: str | None = None) -> bool:
        """The one way an answer comes in, typed or dictated (with its recording).

        The answer is committed before the next question is asked."""
        view = self._view
        if view is None or view.pending is None:
            return False
        if not text.strip():
            self.conversation.say("Type or dictate an answer first, or skip the question.")
            return False
        try:
            view = self._service.answer(view.id, text, audio_path=audio_path)
        except Exception as exc:
            self._show_error(report_for(exc, "saving your answer"))
            return False
        self.conversation.answer_box.clear()
        self._show(view)
        self._ensure_question()
        return True

    def _send(self) -> None:
        bar = self.dictation_bar
        if bar is not None and bar.hold_send():
            return  # words are still coming from a recording
        self.submit_answer(self.conversation.answer_box.answer(), audio_path=self._audio_path())

    def _audio_path(self) -> str | None:
        """The recording behind the words in the answer box, when they were dictated."""
        bar = self.dictation_bar
        return str(bar.audio_path) if bar is not None and bar.audio_path else None

    def skip(self) -> None:
        view = self._view
        if view is None or view.pending is None:
            return
        try:
            view = self._service.skip(view.id)
        except Exception as exc:
            self._show_error(report_for(exc, "skipping the question"))
            return
        self._show(view)
        self._ensure_question()

    def end_questions(self) -> None:
        """Stop the questions (keeping every answer) and draft."""
        view = self._view
        if view is None:
            return
        running = self._asking.pop(view.id, None)
        if running is not None:
            running.cancel()
        try:
            view = self._service.end_questions(view.id)
        except Exception as exc:
            self._show_error(report_for(exc, "ending the questions"))
            return
        self._show(view)
        self.draft()

    def ask_more(self) -> None:
        view = self._view
        if view is None:
            return
        try:
            view = self._service.ask_more(view.id)
        except Exception as exc:
            self._show_error(report_for(exc, "going back to questions"))
            return
        self._banners.pop(view.id, None)
        self._show(view)
        self._ensure_question()

    def restart_role(self) -> None:
        view = self._view
        if view is None or view.id in self._asking or view.id in self._drafting:
            return
        role = view.role.title or "this role"
        answers = {0: "", 1: "your answer, "}.get(view.answered, f"your {view.answered} answers, ")
        if not self.confirm(
            "Start this role over?",
            f"Start {role} over? Its questions, {answers}and its drafts are removed. "
            "Your CV is not changed.",
            "Start over",
        ):
            return
        try:
            fresh = self._service.restart(view.id, self._level or view.level)
        except Exception as exc:
            self._show_error(report_for(exc, "starting the role over"))
            return
        self._banners.pop(view.id, None)
        self._show(fresh)
        self._ensure_question()

    def confirm(self, title: str, text: str, action: str) -> bool:
        return self._confirm(title, text, action)

    # ---- drafts --------------------------------------------------------------------------

    def _drafting_text(self, model_name: str | None) -> str:
        if model_name:
            return f"{model_name} is drafting from your answers…"
        return "Drafting from your own words…"

    def draft(self, with_model: bool = True) -> Any:
        view = self._view
        if view is None or view.id in self._drafting:
            return None
        model = self._model() if with_model else None
        session_id = view.id
        self._banners.pop(session_id, None)
        role = view.role.title or "this role"
        handle = self._run_task(
            draft_task,
            self._service,
            session_id,
            model,
            title=f"Drafting {role}",
            lane=Lane.MODEL if model is not None else Lane.GENERAL,
            on_result=self._drafted,
            on_error=lambda report: self._draft_failed(session_id, report, model is not None),
        )
        self._drafting[session_id] = (handle, model.name if model is not None else None)
        self._drafting_live.pop(session_id, None)
        handle.progress.connect(lambda value: self._draft_progress(session_id, value))
        handle.partial.connect(lambda piece: self._draft_partial(session_id, piece))
        handle.cancelled.connect(lambda: self._draft_cancelled(session_id))
        self._track(handle, lambda: self._drafting.pop(session_id, None))
        if self._current(session_id):
            self._show(view)
        return handle

    def _draft_progress(self, session_id: int, value: Progress) -> None:
        """Which step is running ("bullet: … is writing the outcome bullet"); no silent minute."""
        if not value.text or session_id not in self._drafting:
            return
        self._drafting_live[session_id] = (value.text[:1].upper() + value.text[1:], "")
        self._show_drafting(session_id)

    def _draft_partial(self, session_id: int, piece: object) -> None:
        """The model's text as it comes, under the step it belongs to."""
        if session_id not in self._drafting:
            return
        step, streamed = self._drafting_live.get(session_id, ("", ""))
        self._drafting_live[session_id] = (step, streamed + str(piece))
        self._show_drafting(session_id)

    def _show_drafting(self, session_id: int) -> None:
        if not self._current(session_id):
            return
        step, streamed = self._drafting_live.get(session_id, ("", ""))
        step = step or self._drafting_text(self._drafting[session_id][1])
        streamed = " ".join(streamed.split())
        tail = streamed[-STREAM_TAIL:]
        self.drafts.drafting(f"{step}…\n{'…' if len(streamed) > STREAM_TAIL else ''}{tail}"
                             if tail else f"{step}…")

    def _cancel_drafting(self) -> None:
        if self._view is not None and self._view.id in self._drafting:
            self._drafting[self._view.id][0].cancel()

    def _drafted(self, view: SessionView) -> None:
        self._drafting.pop(view.id, None)
        if self._current(view.id):
            self._show(view)
        else:
            self._update_status(view.role.id)

    def _draft_failed(self, session_id: int, report: ErrorReport, with_model: bool) -> None:
        self._drafting.pop(session_id, None)
        text = " ".join(part for part in (report.message, report.hint) if part)
        if with_model:
            text = f"The model's draft failed. {text}"
        self._banners[session_id] = (text, with_model)
        if not report.expected or not self._current(session_id):
            self._show_error(report)  # a bug's details, or a role no longer in view
        if self._current(session_id):
            self._refresh_view()

    def _draft_cancelled(self, session_id: int) -> None:
        self._drafting.pop(session_id, None)
        if self._current(session_id):
            self._refresh_view()
            self.drafts.notice("Drafting was cancelled. Your answers are kept.", retry=True)

    def decide(self, draft_id: int, status: DraftStatus, *, text: str | None = None) -> bool:
        """Accept, edit or reject a line; unsupported claims need the candidate's word."""
        doing = {
            DraftStatus.ACCEPTED: "accepting the line",
            DraftStatus.EDITED: "saving your edit",
            DraftStatus.REJECTED: "rejecting the line",
            DraftStatus.PENDING: "saving the line",
        }[status]
        try:
            try:
                view = self._service.decide(draft_id, status, text=text)
            except UnconfirmedClaims as unconfirmed:
                if not self.confirm(
                    "Are these claims true?",
                    claims_question(unconfirmed.unsupported),
                    "They are true: keep the line",
                ):
                    self.say(
                        "The line was not kept: edit it to say only what is true, or reject it."
                    )
                    return False
                view = self._service.decide(draft_id, status, text=text, confirm=True)
        except Exception as exc:
            self._show_error(report_for(exc, doing))
            return False
        self.say("")
        self._show(view)
        return True

    def accept_all_supported(self) -> int:
        """Accept every line to review whose claims are all in the candidate's own words."""
        view = self._view
        if view is None:
            return 0
        chosen = [
            draft.id
            for draft in view.drafts
            if draft.status == DraftStatus.PENDING
            and (review := view.reviews.get(draft.id)) is not None
            and review.supported
        ]
        accepted = 0
        try:
            for draft_id in chosen:
                view = self._service.decide(draft_id, DraftStatus.ACCEPTED)
                accepted += 1
        except Exception as exc:
            self._show_error(report_for(exc, "accepting the supported lines"))
        self._refresh_view()
        left = sum(
            1 for d in (self._view.drafts if self._view else ()) if d.status == DraftStatus.PENDING
        )
        self.say(
            f"Accepted {accepted} line{'s' if accepted != 1 else ''} found in your own words."
            + (f" {left} still need{'s' if left == 1 else ''} your review." if left else "")
        )
        return accepted

    # ---- recency -------------------------------------------------------------------------

    def choose_recency(self, role_id: int, choice: RecencyChoice) -> None:
        try:
            self._service.set_recency(role_id, choice)
        except Exception as exc:
            self._show_error(report_for(exc, "saving how the role appears"))
            return
        role = self._role(role_id)
        self.say(f"{role.title or 'The role'} will appear as: {RECENCY_LABELS[choice]}.")
        self.refresh()

    # ---- export --------------------------------------------------------------------------

    def _export_shortcut(self) -> None:
        if self.isVisible():
            self.choose_export()

    def choose_export(self) -> Any:
        if self._document_id is None:
            return None
        cv = next((d for d in self._cv_documents() if d.id == self._document_id), None)
        path = ask_export_path(self, self._last_folder, cv.title if cv else "")
        return None if path is None else self.export_to(path)

    def export_to(self, path: Path) -> Any:
        if self._document_id is None:
            return None
        self._last_folder = path.parent
        handle = self._run_task(
            export_task,
            self._service,
            self._document_id,
            path,
            self._recency_years(),
            title="Exporting your résumé",
            on_result=self._exported,
        )
        self._track(handle)
        return handle

    def _exported(self, path: Path) -> None:
        self._show_status(f"Résumé written to {path}")
        self.say(f"Your résumé was written to {path}.")

    def show_preview(self) -> Any:
        if self._document_id is None:
            return None
        handle = self._run_task(
            preview_task,
            self._service,
            self._document_id,
            self._recency_years(),
            title="Building the preview",
            on_result=self._preview_ready,
        )
        self._track(handle)
        return handle

    def _preview_ready(self, markdown: str) -> None:
        dialog = PreviewDialog(markdown, self)
        self.preview = dialog
        dialog.export_clicked.connect(self.choose_export)
        dialog.finished.connect(lambda _code: setattr(self, "preview", None))
        dialog.open()
