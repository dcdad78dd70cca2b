"""Practice: mock rounds of the four-part loop (experience screen, diagnosis, build or
debug narrated, judgment), scored on framing, diagnosis, taste, verification and
communication.

The page has three views, shown one at a time: choosing a drill (with the suggestion,
an unfinished drill to continue, the progress chart and the history), a drill in
progress, and a score card. Quick SQLite work (starting a drill, committing an answer,
reading the history) happens at once on the GUI thread, so an answer is on disk before
the interviewer replies; the interviewer's reply, the scoring and writing a scenario run
through the window's task runner (the model's work on the model lane), with progress,
Cancel and the error dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coach.drills.scenarios import Round
from coach.errors import ErrorReport, report_for
from coach.tasks import Lane, Progress
from ui.dictation.bar import DictationBar
from ui.pages.conversation import is_dark, text_label
from ui.pages.practice_drill import DrillPanel, clock_text
from ui.pages.practice_picker import PickerPanel, PostingDialog
from ui.pages.practice_progress import ProgressPanel
from ui.pages.practice_scorecard import ScorecardPanel, sentence, suggestion_text, when_text
from ui.pages.practice_style import page_style
from ui.pages.practice_tasks import finish_task, follow_up_task, generate_task
from ui.pages.scrolled import fill_with_scroll

if TYPE_CHECKING:
    from coach.delivery.service import DictationService
    from coach.drills.scenarios import Scenario
    from coach.drills.service import DrillService, DrillView, Suggestion
    from coach.library.store import DocumentInfo
    from coach.profile import Profile, ProfileStore
    from coach.protocols import ChatModel

RunTask = Callable[..., Any]  # MainWindow.run_task
ShowError = Callable[[ErrorReport], Any]  # MainWindow.show_error
Confirm = Callable[[str, str, str], bool]  # MainWindow.confirm

NO_MODEL_MODE = "No chat model: rule-based interviewer and scoring"
SCORINGS = 3  # k repeat scorings, combined; their spread is shown on the card


class PracticePage(QWidget):
    def __init__(
        self,
        drills: DrillService,
        *,
        profiles: ProfileStore,
        chat_model: Callable[[], ChatModel | None],
        postings: Callable[[], list[DocumentInfo]],
        posting_text: Callable[[int], str],
        run_task: RunTask,
        show_error: ShowError,
        confirm: Confirm,
        show_page: Callable[[str], object],
        show_status: Callable[[str], object],
        dictation: DictationService | None = None,
    ) -> None:
        super().__init__()
        self._service = drills
        self._profiles = profiles
        self._chat_model = chat_model
        self._postings = postings
        self._posting_text = posting_text
        self._run_task = run_task
        self._show_error = show_error
        self._confirm = confirm
        self._show_page = show_page
        self._show_status = show_status
        self._profile: Profile | None = None
        self._replying: dict[int, Any] = {}  # drill id -> running follow-up task
        self._scoring: dict[int, Any] = {}  # drill id -> running scoring task
        self._generating: Any = None
        self._suggestion: Suggestion | None = None
        self._unfinished: DrillView | None = None
        self._dark: bool | None = None
        self.handles: list[Any] = []  # every running task of this page
        self.mode_name = "home"  # "home", "drill" or "score"
        self.posting_dialog: PostingDialog | None = None

        self.mode = text_label("", "practiceMode", selectable=False)
        self.notice = text_label(name="pageNotice")
        self.notice.setVisible(False)
        self.level_notice = self._level_notice()
        self.home = self._home()
        self.drill = DrillPanel()
        self.drill.send_clicked.connect(self._send)
        self.drill.finish_clicked.connect(self.finish)
        self.drill.leave_clicked.connect(self.leave_drill)
        self.drill.cancel_clicked.connect(self._cancel_scoring)
        self.dictation_bar: DictationBar | None = None  # None: typing only
        if dictation is not None:
            self.dictation_bar = DictationBar(
                dictation,
                context="drill",
                boxes=[self.drill.answer_box],
                run_task=run_task,
                show_error=show_error,
            )
            self.drill.set_dictation(self.dictation_bar)
        self.scorings = SCORINGS
        self.scorecard = ScorecardPanel()
        self.scorecard.back_clicked.connect(self.show_home)
        self.scorecard.next_clicked.connect(self._start_suggested)
        self.scroll = fill_with_scroll(self, self._content())
        self._apply_style()
        self._set_mode("home")
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _content(self) -> QWidget:
        heading = QLabel("Practice")
        heading.setObjectName("pageTitle")
        intro = text_label(
            "Mock rounds of a senior loop. Ask the interviewer what you need to know "
            "(facts come out only when you ask), think aloud, and finish to get a score "
            "card on framing, diagnosis, taste, verification and communication, quoting "
            "your own sentences.",
            "pageNote",
            selectable=False,
        )
        inner = QWidget()
        inner.setMinimumHeight(600)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(20, 18, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.mode)
        layout.addWidget(self.notice)
        layout.addWidget(self.level_notice)
        layout.addWidget(self.home, 1)
        layout.addWidget(self.drill, 1)
        layout.addWidget(self.scorecard, 1)
        return inner

    def _level_notice(self) -> QFrame:
        box = QFrame()
        box.setObjectName("banner")
        text = text_label(
            "Choose the level you are preparing for first (Senior, Staff, Senior Staff or "
            "Principal) and your track: the scenarios and the scoring aim at them.",
            selectable=False,
        )
        button = QPushButton("Choose a target level…")
        button.clicked.connect(lambda: self._show_page("settings"))
        layout = QHBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        return box

    def _home(self) -> QWidget:
        self.resume_banner = QFrame()
        self.resume_banner.setObjectName("resumeBanner")
        self.resume_text = text_label(selectable=False)
        self.continue_button = QPushButton("Continue the drill")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.continue_unfinished)
        self.discard_button = QPushButton("Delete it…")
        self.discard_button.setToolTip("Delete the unfinished drill and its answers")
        self.discard_button.clicked.connect(
            lambda: self._unfinished is not None and self.delete_drill(self._unfinished.id)
        )
        resume = QHBoxLayout(self.resume_banner)
        resume.setContentsMargins(14, 10, 14, 10)
        resume.addWidget(self.resume_text, 1)
        resume.addWidget(self.discard_button)
        resume.addWidget(self.continue_button)

        self.suggestion_box = QFrame()
        self.suggestion_box.setObjectName("banner")
        self.suggestion_text = text_label(name="sectionTitle")
        self.suggestion_reason = text_label(name="muted")
        self.suggestion_button = QPushButton("Start this drill")
        self.suggestion_button.clicked.connect(self._start_suggested)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.suggestion_text)
        words.addWidget(self.suggestion_reason)
        suggestion = QHBoxLayout(self.suggestion_box)
        suggestion.setContentsMargins(14, 10, 14, 10)
        suggestion.addLayout(words, 1)
        suggestion.addWidget(self.suggestion_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.picker = PickerPanel()
        self.picker.round_changed.connect(lambda _r: self._fill_scenarios())
        self.picker.show_all_changed.connect(lambda _on: self._fill_scenarios())
        self.picker.start_clicked.connect(self.start_chosen)
        self.picker.surprise_clicked.connect(self.surprise_me)
        self.picker.generate_clicked.connect(self.choose_posting)
        self.progress = ProgressPanel()
        self.progress.open_requested.connect(self.open_drill)
        self.progress.delete_requested.connect(self.delete_drill)

        home = QWidget()
        layout = QVBoxLayout(home)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.suggestion_box)
        layout.addWidget(self.picker)
        layout.addWidget(text_label("Your progress", "paneTitle", selectable=False))
        layout.addWidget(self.progress, 1)
        self.picker.choose_round(Round.SCREEN)
        return home

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(page_style(self.palette()))
            self.progress.chart.apply_palette(self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_style()

    # ---- showing -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_style()
        self.refresh_mode()
        if self.mode_name == "home":
            self.refresh()

    def _set_mode(self, mode: str) -> None:
        self.mode_name = mode
        self.home.setVisible(mode == "home")
        self.drill.setVisible(mode == "drill")
        self.scorecard.setVisible(mode == "score")
        if mode != "drill":
            self.drill.stop()
        self.scroll.verticalScrollBar().setValue(0)

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _model(self) -> ChatModel | None:
        try:
            return self._chat_model()
        except Exception:  # a model host in a bad state means: no model
            return None

    def refresh_mode(self) -> None:
        """Say who interviews and scores: the loaded chat model, or the rules."""
        model = self._model()
        if model is None:
            self.mode.setText(NO_MODEL_MODE)
            self.mode.setToolTip(
                "The interviewer's follow-ups are probes from a curated bank, aimed at your "
                "weakest reward so far, and the rules score each reward from what you said. "
                "Load a chat model on the Models page for a model interviewer and scorer."
            )
        else:
            self.mode.setText(f"Interviewer: {model.name}")
            self.mode.setToolTip(
                f"{model.name} words the follow-ups and answers each scoring check "
                f"{self.scorings} times; the card shows how far those runs disagree."
            )
        self.picker.generate_button.setVisible(model is not None)

    def profile_changed(self, _profile: object = None) -> None:
        if self.mode_name == "home":
            self.refresh()

    def refresh(self) -> None:
        """Read the profile, the scenarios, the suggestion, the history and the progress
        again (quick SQLite reads) and show them."""
        self._profile = self._profiles.load()
        has_profile = self._profile is not None
        self.level_notice.setVisible(not has_profile)
        self.picker.set_can_start(has_profile)
        self.refresh_mode()
        self._fill_scenarios()
        self._suggestion = None
        try:
            if self._profile is not None:
                self._suggestion = self._service.suggest(self._profile.level, self._profile.track)
            history = sorted(self._service.history(), key=lambda v: v.info.started_at, reverse=True)
            progress = self._service.progress()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your drills"))
            history, progress = [], {}
        self._show_suggestion()
        self.progress.show_progress(progress, history)
        newest = history[0] if history else None
        self._unfinished = newest if newest is not None and newest.scorecard is None else None
        self._show_unfinished()

    def _fill_scenarios(self) -> None:
        round_ = self.picker.chosen_round()
        profile = self._profile
        show_all = self.picker.show_all.isChecked() or profile is None
        keep = self.picker.scenarios.selected_id()
        try:
            if show_all:
                scenarios = self._service.scenarios(round_)
            else:
                assert profile is not None
                scenarios = self._service.scenarios(
                    round_, track=profile.track, level=profile.level
                )
        except Exception as exc:
            self._show_error(report_for(exc, "reading the scenarios"))
            scenarios = []
        if show_all or profile is None:
            note = f"{len(scenarios)} for every track and level"
        else:
            note = f"{len(scenarios)} for {profile.level.label} · {profile.track.label}"
        self.picker.set_scenarios(scenarios, note, keep)
        self.picker.set_can_start(profile is not None)

    def _show_suggestion(self) -> None:
        suggestion = self._suggestion
        self.suggestion_box.setVisible(suggestion is not None)
        if suggestion is None:
            return
        self.suggestion_text.setText(suggestion_text(suggestion))
        self.suggestion_reason.setText(
            sentence(suggestion.reason) if suggestion.reward is None else ""
        )
        self.suggestion_reason.setVisible(suggestion.reward is None)
        self.suggestion_box.setToolTip(sentence(suggestion.reason))
        self.suggestion_button.setToolTip(
            f"Start “{suggestion.scenario.title}” ({suggestion.round.label})"
        )

    def _show_unfinished(self) -> None:
        view = self._unfinished
        self.resume_banner.setVisible(view is not None)
        if view is None:
            return
        spent = clock_text(view.elapsed_s)
        limit = view.info.time_limit_s
        timing = f"{spent} of {clock_text(limit)} used" if limit else f"{spent} since it started"
        answers = len(view.answers)
        self.resume_text.setText(
            f"You have an unfinished drill: “{view.scenario.title}” ({view.info.round.label}), "
            f"started {when_text(view.info.started_at)}; {answers} answer"
            f"{'s' if answers != 1 else ''} kept, {timing}. Continue where you left off?"
        )

    @property
    def view(self) -> DrillView | None:
        """The drill in view (in progress or scored)."""
        if self.mode_name == "drill":
            return self.drill.view
        if self.mode_name == "score":
            return self.scorecard.view
        return None

    @property
    def busy(self) -> bool:
        """The interviewer is replying to, or the scorer scoring, the drill in view."""
        view = self.drill.view
        return view is not None and (view.id in self._replying or view.id in self._scoring)

    def show_home(self) -> None:
        self._set_mode("home")
        self.refresh()

    def _show_drill(self, view: DrillView, *, waiting: str = "", reset_timer: bool = True) -> None:
        self._set_mode("drill")
        self.drill.show_view(view, waiting=waiting, reset_timer=reset_timer)
        scoring = self._scoring.get(view.id)
        if scoring is not None:
            self.drill.scoring(*scoring[1])
            self.drill.set_busy(True)
        else:
            self.drill.scoring("")
        if not waiting and self.isVisible():
            self.drill.answer_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_score(self, view: DrillView, *, read_only: bool) -> None:
        suggestion = None
        if not read_only and self._profile is not None:
            try:
                suggestion = self._service.suggest(self._profile.level, self._profile.track)
            except Exception as exc:
                self._show_error(report_for(exc, "choosing the next drill"))
        self._suggestion = suggestion or self._suggestion
        self._set_mode("score")
        self.scorecard.show_view(view, suggestion=suggestion, read_only=read_only)

    def _current(self, drill_id: int) -> bool:
        return (
            self.mode_name == "drill"
            and self.drill.view is not None
            and self.drill.view.id == drill_id
        )

    # ---- the tasks' bookkeeping ----------------------------------------------------------

    def _track(self, handle: Any, then: Callable[[], object] | None = None) -> None:
        self.handles.append(handle)

        def done() -> None:
            if handle in self.handles:
                self.handles.remove(handle)
            if then is not None:
                then()

        handle.finished.connect(done)

    # ---- starting ------------------------------------------------------------------------

    def start_chosen(self) -> DrillView | None:
        scenario = self.picker.chosen_scenario()
        if scenario is None:
            return None
        return self.start(scenario.round, scenario.id)

    def surprise_me(self) -> DrillView | None:
        """A scenario of the chosen round, picked for the target level and track."""
        return self.start(self.picker.chosen_round(), None)

    def _start_suggested(self) -> DrillView | None:
        suggestion = self._suggestion
        if suggestion is None:
            return None
        self.picker.choose_round(suggestion.round)
        return self.start(suggestion.round, suggestion.scenario.id)

    def start(
        self, round_: Round, scenario_id: str | None, *, time_limit_s: int | None = None
    ) -> DrillView | None:
        profile = self._profile or self._profiles.load()
        if profile is None:
            self.say("Choose your target level and track in Settings first.")
            return None
        limit = self.picker.time_limit_s() if time_limit_s is None else time_limit_s
        try:
            view = self._service.start(
                level=profile.level,
                track=profile.track,
                round=round_,
                scenario_id=scenario_id,
                time_limit_s=limit,
            )
        except Exception as exc:
            self._show_error(report_for(exc, "starting the drill"))
            return None
        self.say("")
        self._unfinished = None
        self._show_drill(view)
        return view

    def continue_unfinished(self) -> DrillView | None:
        view = self._unfinished
        if view is None:
            return None
        return self.open_drill(view.id)

    def open_drill(self, drill_id: int) -> DrillView | None:
        """A drill from the history: a scored one read-only, an unfinished one to go on."""
        try:
            view = self._service.view(drill_id)
        except Exception as exc:
            self._show_error(report_for(exc, "opening the drill"))
            return None
        self.say("")
        if view.scorecard is None:
            if self._unfinished is not None and self._unfinished.id == drill_id:
                self._unfinished = None
            self._show_drill(view, waiting=self._waiting_tag(view.id))
        else:
            self._show_score(view, read_only=True)
        return view

    def leave_drill(self) -> None:
        view = self.drill.view
        self.show_home()
        if view is not None and view.scorecard is None:
            self.say("The drill is kept: continue it when you like.")

    # ---- answers and the interviewer ------------------------------------------------------

    def submit_answer(self, text: str, audio_path: str | None = None) -> bool:
        """The one way an answer comes in, typed or dictated (with its recording).

        The answer is committed to disk before the interviewer is asked to reply."""
        view = self.drill.view
        if self.mode_name != "drill" or view is None or view.scorecard is not None:
            return False
        if view.id in self._scoring:
            self.drill.say("The drill is being scored.")
            return False
        if view.id in self._replying:
            self.drill.say("The interviewer is still replying: send this when they are done.")
            return False
        if not text.strip():
            self.drill.say("Type or dictate an answer first.")
            return False
        before = {fact.id for fact in view.revealed}
        try:
            view = self._service.answer(view.id, text, audio_path=audio_path)
        except Exception as exc:
            self._show_error(report_for(exc, "saving your answer"))
            return False
        self.drill.answer_box.clear()
        learned = [fact for fact in view.revealed if fact.id not in before]
        if learned:
            count = len(learned)
            self.drill.say(
                f"Your question earned {count} new fact{'s' if count != 1 else ''}: "
                "see “What you’ve learned”."
            )
        else:
            self.drill.say("")
        self._ask_follow_up(view)
        return True

    def _send(self) -> None:
        bar = self.dictation_bar
        if bar is not None and bar.hold_send():
            return  # words are still coming from a recording
        self.submit_answer(self.drill.answer_box.answer(), audio_path=self._audio_path())

    def _audio_path(self) -> str | None:
        """The recording behind the words in the answer box, when they were dictated."""
        bar = self.dictation_bar
        return str(bar.audio_path) if bar is not None and bar.audio_path else None

    def _waiting_tag(self, drill_id: int) -> str:
        if drill_id not in self._replying:
            return ""
        name = self._replying[drill_id][1]
        return f"Interviewer · {name} is replying…" if name else "Interviewer · choosing a probe…"

    def _ask_follow_up(self, view: DrillView) -> None:
        model = self._model()
        self.refresh_mode()
        drill_id = view.id
        handle = self._run_task(
            follow_up_task,
            self._service,
            drill_id,
            model,
            title="The interviewer is replying",
            lane=Lane.MODEL if model is not None else Lane.GENERAL,
            on_result=self._replied,
            on_error=lambda report: self._reply_failed(drill_id, report),
        )
        self._replying[drill_id] = (handle, model.name if model is not None else "")
        handle.partial.connect(lambda piece: self._partial(drill_id, piece))
        handle.cancelled.connect(lambda: self._reply_cancelled(drill_id))
        self._track(handle, lambda: self._replying.pop(drill_id, None))
        self._show_drill(view, waiting=self._waiting_tag(drill_id), reset_timer=False)

    def _partial(self, drill_id: int, piece: object) -> None:
        if self._current(drill_id):
            self.drill.conversation.stream(str(piece))

    def _replied(self, view: DrillView) -> None:
        self._replying.pop(view.id, None)
        if self._current(view.id):
            self._show_drill(view, reset_timer=False)

    def _reply_failed(self, drill_id: int, report: ErrorReport) -> None:
        self._replying.pop(drill_id, None)
        self._show_error(report)
        if self._current(drill_id):
            self._reload(drill_id)
            self.drill.say(
                "The interviewer could not reply. Your answer is saved: go on, or finish and score."
            )

    def _reply_cancelled(self, drill_id: int) -> None:
        self._replying.pop(drill_id, None)
        if self._current(drill_id):
            self._reload(drill_id)

    def _reload(self, drill_id: int) -> None:
        try:
            view = self._service.view(drill_id)
        except Exception as exc:
            self._show_error(report_for(exc, "reading the drill"))
            return
        if self._current(drill_id):
            self._show_drill(view, waiting=self._waiting_tag(drill_id), reset_timer=False)

    # ---- finishing -----------------------------------------------------------------------

    def finish(self) -> Any:
        """Score the drill in view (k scorings with a model; progress and Cancel)."""
        view = self.drill.view
        if self.mode_name != "drill" or view is None or view.scorecard is not None:
            return None
        bar = self.dictation_bar  # holds scoring while an answer's words are still coming
        if view.id in self._scoring or (bar is not None and bar.hold_send()):
            return None
        if not view.answers and not self.drill.answer_box.answer().strip():
            self.drill.say("Answer at least once before scoring: there is nothing to score yet.")
            return None
        typed = self.drill.answer_box.answer().strip()
        if typed and view.id in self._replying:
            self.drill.say(
                "Send your answer once the interviewer has replied (or clear it), then finish."
            )
            return None
        if typed:
            # What is typed but not sent still counts: commit it first.
            try:
                view = self._service.answer(
                    view.id, self.drill.answer_box.answer(), audio_path=self._audio_path()
                )
            except Exception as exc:
                self._show_error(report_for(exc, "saving your answer"))
                return None
            self.drill.answer_box.clear()
        replying = self._replying.pop(view.id, None)
        if replying is not None:
            replying[0].cancel()  # the scoring waits for it on the model lane
        model = self._model()
        drill_id = view.id
        handle = self._run_task(
            finish_task,
            self._service,
            drill_id,
            model,
            self.scorings,
            title="Scoring your drill",
            lane=Lane.MODEL if model is not None else Lane.GENERAL,
            on_result=self._scored,
            on_error=lambda report: self._score_failed(drill_id, report),
        )
        who = model.name if model is not None else "the rules"
        self._scoring[drill_id] = [handle, (f"Scoring with {who}…", 0, 0)]
        handle.progress.connect(lambda value: self._score_progress(drill_id, value))
        handle.cancelled.connect(lambda: self._score_cancelled(drill_id))
        self._track(handle, lambda: self._scoring.pop(drill_id, None))
        self._show_drill(view, reset_timer=False)
        return handle

    def _score_progress(self, drill_id: int, value: Progress) -> None:
        if not value.total:
            return
        total = int(value.total)
        done = int(value.done)
        shown = min(total, done + 1)
        # The scorer says which step runs ("Qwen: check 4 of 15"); say that when it does.
        state = (f"Scoring: {value.text}…" if value.text else f"Scoring {shown} of {total}…",
                 done, total)  # fmt: skip
        if drill_id in self._scoring:
            self._scoring[drill_id][1] = state
        if self._current(drill_id):
            self.drill.scoring(*state)

    def _cancel_scoring(self) -> None:
        view = self.drill.view
        if view is not None and view.id in self._scoring:
            self._scoring[view.id][0].cancel()

    def _scored(self, view: DrillView) -> None:
        self._scoring.pop(view.id, None)
        if self._current(view.id):
            self._show_score(view, read_only=False)
            self._show_status(f"Drill scored: average {self._average(view)}.")
        else:
            self._show_status(f"“{view.scenario.title}” is scored: open it from your history.")
            if self.mode_name == "home":
                self.refresh()

    @staticmethod
    def _average(view: DrillView) -> str:
        card = view.scorecard
        return "—" if card is None else f"{sum(s.score for s in card.scores) / 5:.1f} of 4"

    def _score_failed(self, drill_id: int, report: ErrorReport) -> None:
        self._scoring.pop(drill_id, None)
        self._show_error(report)
        if self._current(drill_id):
            self._reload(drill_id)
            self.drill.say("Scoring failed. Your answers are kept: finish again to retry.")

    def _score_cancelled(self, drill_id: int) -> None:
        self._scoring.pop(drill_id, None)
        if self._current(drill_id):
            self._reload(drill_id)
            self.drill.say("Scoring was cancelled. Your answers are kept: finish when ready.")

    # ---- deleting ------------------------------------------------------------------------

    def confirm(self, title: str, text: str, action: str) -> bool:
        return self._confirm(title, text, action)

    def delete_drill(self, drill_id: int) -> bool:
        if drill_id in self._replying or drill_id in self._scoring:
            self.say("That drill is busy; wait for it to finish first.")
            return False
        try:
            view = self._service.view(drill_id)
        except Exception as exc:
            self._show_error(report_for(exc, "reading the drill"))
            return False
        what = "scores" if view.scorecard is not None else "answers"
        if not self.confirm(
            "Delete this drill?",
            f"Delete the drill “{view.scenario.title}” of {when_text(view.info.started_at)}? "
            f"Its transcript and {what} go with it, and your progress chart no longer "
            "counts it.",
            "Delete",
        ):
            return False
        try:
            self._service.delete(drill_id)
        except Exception as exc:
            self._show_error(report_for(exc, "deleting the drill"))
            return False
        if self.view is not None and self.view.id == drill_id:
            self._set_mode("home")
        self.refresh()
        self.say(f"Deleted the drill “{view.scenario.title}”.")
        return True

    # ---- generating a scenario from a posting ------------------------------------------------

    def choose_posting(self) -> PostingDialog | None:
        model = self._model()
        if model is None or self._generating is not None:
            return None
        try:
            postings = self._postings()
        except Exception as exc:
            self._show_error(report_for(exc, "reading your postings"))
            return None
        if not postings:
            self.say("Add a job posting on the Library page first: the model writes from it.")
            return None
        dialog = PostingDialog(postings, self.picker.chosen_round(), self)
        self.posting_dialog = dialog

        def accepted() -> None:
            posting_id, round_ = dialog.chosen()
            if posting_id is not None:
                self.generate(posting_id, round_)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _code: setattr(self, "posting_dialog", None))
        dialog.open()
        return dialog

    def generate(self, posting_id: int, round_: Round) -> Any:
        model = self._model()
        profile = self._profile
        if model is None or profile is None or self._generating is not None:
            return None
        try:
            text = self._posting_text(posting_id)
        except Exception as exc:
            self._show_error(report_for(exc, "reading the posting"))
            return None
        if not text.strip():
            self.say("That posting has no text to write a scenario from.")
            return None
        handle = self._run_task(
            generate_task,
            self._service,
            text,
            (profile.level, profile.track, round_),
            model,
            title="Writing a scenario from the posting",
            lane=Lane.MODEL,
            on_result=self._generated,
        )
        self._generating = handle
        self.picker.generate_button.setEnabled(False)

        def done() -> None:
            self._generating = None
            self.picker.generate_button.setEnabled(True)

        self._track(handle, done)
        self.say(f"{model.name} is writing a {round_.label.lower()} scenario from the posting…")
        return handle

    def _generated(self, scenario: Scenario) -> None:
        self.picker.choose_round(scenario.round)
        self._fill_scenarios()
        if not self.picker.scenarios.select(scenario.id):
            self.picker.show_all.setChecked(True)
            self.picker.scenarios.select(scenario.id)
        self.say(f"New scenario: “{scenario.title}”. It is selected below: start it when ready.")
