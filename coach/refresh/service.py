"""The résumé-refresh loop, one role at a time.

Deterministic gap checks decide what the role still lacks for the target level; the
next question is about the first missing aspect (worded by the model when one is
loaded, else taken from the bank). Each answer is committed before anything else
happens, and a question is committed before it is shown, so a session reopened after
a crash resumes at the same question. Every draft line carries its claim provenance
and level reading, and a line with unsupported claims is accepted only once the
candidate confirms they are true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import UserError
from coach.library.store import LibraryStore, StoredRole
from coach.profile import Level
from coach.protocols import ChatModel
from coach.provenance import ClaimCheck
from coach.refresh.asking import ask
from coach.refresh.export import export_resume
from coach.refresh.gaps import Aspect, RoleAssessment, assess_role
from coach.refresh.model_draft import model_drafts
from coach.refresh.question_bank import QuestionBank
from coach.refresh.records import (
    DraftLine,
    DraftStatus,
    RecencyChoice,
    SessionInfo,
    SessionStatus,
    Turn,
)
from coach.refresh.resume_build import RoleRecency, build_resume, recency
from coach.refresh.resume_doc import ResumeDocument
from coach.refresh.review import LineReview, review_draft, role_sources
from coach.refresh.rule_draft import rule_drafts
from coach.refresh.store import RefreshStore
from coach.storage.db import Database
from coach.stories.bank import StoryBank
from coach.stories.records import Story
from coach.tasks import TaskContext

# Enough to cover every aspect with a follow-up; past this the candidate has given
# what they have, and drafting is more use than another question.
MAX_TURNS = 12
# The aspect of a question prep sent over for a requirement the evidence does not show.
PREP_ASPECT = "requirement"


class UnconfirmedClaims(UserError):
    """Accepting a line whose claims are not in the candidate's material."""

    def __init__(self, unsupported: Sequence[ClaimCheck]) -> None:
        listed = "; ".join(f"“{check.claim.text}”: {check.reason}" for check in unsupported)
        super().__init__(
            f"This line has claims not found in your own words: {listed}",
            hint="Confirm they are true to accept it, or edit the line.",
        )
        self.unsupported = tuple(unsupported)


@dataclass(frozen=True)
class SessionView:
    info: SessionInfo
    role: StoredRole
    level: Level
    turns: tuple[Turn, ...]
    assessment: RoleAssessment
    drafts: tuple[DraftLine, ...] = ()
    reviews: dict[int, LineReview] = field(default_factory=dict)  # by draft id

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def pending(self) -> Turn | None:
        return next((turn for turn in self.turns if turn.pending), None)

    @property
    def asking(self) -> bool:
        return self.info.status == SessionStatus.ASKING

    @property
    def answered(self) -> int:
        return sum(1 for turn in self.turns if turn.answer)


@dataclass(frozen=True)
class SessionSummary:
    info: SessionInfo
    answers: int
    pending_drafts: int


class RefreshService:
    def __init__(
        self,
        db: Database,
        library: LibraryStore,
        *,
        bank: QuestionBank | None = None,
        stories: StoryBank | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._store = RefreshStore(db)
        self._library = library
        self._bank = bank or QuestionBank.load()
        self._stories = stories  # where accepted stories go; None keeps them on the draft
        self._today = today

    # ---- roles ----------------------------------------------------------------------

    def roles(self, document_id: int | None = None) -> list[StoredRole]:
        return self._library.roles(document_id)

    def role(self, role_id: int) -> StoredRole:
        for role in self._library.roles():
            if role.id == role_id:
                return role
        raise UserError(
            f"There is no role {role_id} in your library.",
            hint="`loopcoach roles` lists them; the CV may have been removed.",
        )

    def session_for(self, role_id: int) -> SessionInfo | None:
        return self._store.open_session(role_id)

    def summary(self, role_id: int) -> SessionSummary | None:
        """The role's session in brief, for a list: cheap, no checks run."""
        info = self._store.open_session(role_id)
        if info is None:
            return None
        answers, pending = self._store.counts(info.id)
        return SessionSummary(info, answers, pending)

    # ---- the loop -------------------------------------------------------------------

    def start(self, role_id: int, level: Level) -> SessionView:
        """The role's session, resumed where it stopped, or a new one."""
        role = self.role(role_id)
        info = self._store.open_session(role.id) or self._store.create_session(role.id, level.value)
        return self.view(info.id)

    def restart(self, session_id: int, level: Level) -> SessionView:
        """Start the role over: its questions, answers and drafts are removed."""
        role_id = self._store.session(session_id).role_id
        self._store.delete_session(session_id)
        return self.start(role_id, level)

    def view(self, session_id: int) -> SessionView:
        info = self._store.session(session_id)
        role = self.role(info.role_id)
        level = Level(info.target_level)
        turns = tuple(self._store.turns(session_id))
        drafts = tuple(self._store.drafts(session_id))
        sources = role_sources(role, turns, self._notes())
        return SessionView(
            info=info,
            role=role,
            level=level,
            turns=turns,
            assessment=assess_role(_material(role, turns), level),
            drafts=drafts,
            reviews={draft.id: review_draft(draft, sources, level) for draft in drafts},
        )

    def next_question(
        self, session_id: int, model: ChatModel | None, ctx: TaskContext
    ) -> SessionView:
        """Make sure the session has a question waiting, unless the asking is over."""
        view = self.view(session_id)
        if not view.asking or view.pending is not None:
            return view
        aspects = _ask_order(view.assessment.missing, view.turns)
        if view.assessment.meets_bar:
            # The bar is met; what they would do differently is asked once, never pressed.
            reflected = any(turn.aspect == Aspect.REFLECTION for turn in view.turns)
            aspects = [] if reflected else [a for a in aspects if a == Aspect.REFLECTION]
        if not aspects or len(view.turns) >= MAX_TURNS:
            return self._stop_asking(session_id)
        asked = ask(
            view.role,
            view.level,
            view.turns,
            aspects=aspects,
            bank=self._bank,
            model=model,
            ctx=ctx,
        )
        if asked is None:  # every missing aspect has been asked as far as it can be
            return self._stop_asking(session_id)
        self._store.add_turn(
            session_id,
            aspect=asked.aspect.value,
            asked_by=asked.asked_by,
            question=asked.question,
            question_id=asked.question_id,
            note=asked.note,
        )
        return self.view(session_id)

    def ask_about(self, role_id: int, level: Level, question: str, *, note: str) -> SessionView:
        """Put `question` to the candidate next in the role's session (opened or resumed,
        and back to asking if it was drafting): the way prep sends a gap here to mine a
        story. A question left waiting is replaced, never an answer."""
        view = self.start(role_id, level)
        if not view.asking:
            self._store.set_status(view.id, SessionStatus.ASKING)
        self._store.drop_pending_turns(view.id)
        self._store.add_turn(
            view.id, aspect=PREP_ASPECT, asked_by="prep", question=question, note=note
        )
        return self.view(view.id)

    def answer(self, session_id: int, text: str, *, audio_path: str | None = None) -> SessionView:
        """Commit an answer to the waiting question. Dictation calls this too, with the
        transcript as `text` and the recording's path."""
        text = text.strip()
        if not text:
            raise UserError("The answer is empty.", hint="Type or dictate an answer, or skip.")
        pending = self._pending(session_id)
        self._store.answer_turn(pending.id, session_id, text, audio_path=audio_path)
        return self.view(session_id)

    def skip(self, session_id: int) -> SessionView:
        pending = self._pending(session_id)
        self._store.answer_turn(pending.id, session_id, None)
        return self.view(session_id)

    def end_questions(self, session_id: int) -> SessionView:
        return self._stop_asking(session_id)

    def ask_more(self, session_id: int) -> SessionView:
        """Back to questions after drafting; the drafts stay until the next draft."""
        self._store.set_status(session_id, SessionStatus.ASKING)
        return self.view(session_id)

    def _stop_asking(self, session_id: int) -> SessionView:
        self._store.drop_pending_turns(session_id)
        if self._store.session(session_id).status == SessionStatus.ASKING:
            self._store.set_status(session_id, SessionStatus.DRAFTING)
        return self.view(session_id)

    def _pending(self, session_id: int) -> Turn:
        view = self.view(session_id)
        if view.pending is None:
            raise UserError("There is no question waiting for an answer in this session.")
        return view.pending

    # ---- drafts ---------------------------------------------------------------------

    def draft(self, session_id: int, model: ChatModel | None, ctx: TaskContext) -> SessionView:
        """Write drafts from the answers (replacing earlier drafts) and move to review."""
        self._stop_asking(session_id)
        view = self.view(session_id)
        if model is None:
            drafts = rule_drafts(view.role, view.turns)
        else:
            outcome = model_drafts(model, view.role, view.level, view.turns, ctx)
            drafts = outcome.drafts
            if outcome.notes:  # the candidate is told where the rules stood in, and why
                ctx.progress(1, 1, "Fell back to rules: " + "; ".join(outcome.notes))
        ctx.check()
        self._store.replace_drafts(session_id, drafts)
        return self.view(session_id)

    def decide(
        self,
        draft_id: int,
        status: DraftStatus,
        *,
        text: str | None = None,
        confirm: bool = False,
    ) -> SessionView:
        """Accept, edit (with `text`) or reject a draft line. A kept line whose claims
        are unsupported needs `confirm`: the candidate vouches they are true."""
        session_id = self._store.draft_session(draft_id)
        draft = self._store.draft(draft_id)
        final = None
        if status == DraftStatus.EDITED:
            final = (text or "").strip()
            if not final:
                raise UserError("The edited line is empty.", hint="Reject the line instead.")
            if draft.kind == "story":
                final = _story_json(final)
        if status in (DraftStatus.ACCEPTED, DraftStatus.EDITED) and not confirm:
            view = self.view(session_id)
            candidate = DraftLine(**{**draft.__dict__, "final": final})
            sources = role_sources(view.role, view.turns, self._notes())
            review = review_draft(candidate, sources, view.level)
            if review.unsupported:
                raise UnconfirmedClaims(review.unsupported)
        self._store.decide(draft_id, status, final=final, confirmed=confirm)
        if draft.kind == "story" and status != DraftStatus.REJECTED and self._stories:
            role_id = self._store.session(session_id).role_id
            self._stories.take_from_refresh(draft_id, final or draft.text, role_id)
        return self.view(session_id)

    # ---- the résumé -----------------------------------------------------------------

    def recencies(self, document_id: int, years: float) -> dict[int, RoleRecency]:
        chosen = self._store.recency_choices()
        today = self._today()
        return {
            role.id: recency(role, years, today, chosen.get(role.id))
            for role in self._library.roles(document_id)
        }

    def set_recency(self, role_id: int, choice: RecencyChoice) -> None:
        self._store.set_recency(self.role(role_id).id, choice)

    def resume(self, document_id: int, years: float) -> ResumeDocument:
        info = next((d for d in self._library.documents("cv") if d.id == document_id), None)
        if info is None:
            raise UserError(f"There is no CV {document_id} in your library.")
        roles = self._library.roles(document_id)
        drafts = {}
        for role in roles:
            session = self._store.open_session(role.id)
            if session is not None:
                drafts[role.id] = self._store.drafts(session.id)
        return build_resume(
            name=info.title,
            cv_text=self._library.document_text(document_id),
            roles=roles,
            drafts=drafts,
            recencies=self.recencies(document_id, years),
        )

    def export(self, document_id: int, path: Path, years: float) -> Path:
        return export_resume(self.resume(document_id, years), path)

    def _notes(self) -> list[tuple[str, str]]:
        return [
            (info.title, self._library.document_text(info.id))
            for info in self._library.documents("note")
        ]


def _story_json(text: str) -> str:
    try:
        return Story.from_json(text).to_json()
    except (ValueError, TypeError, AttributeError) as exc:
        raise UserError(
            "An edited story must keep its parts (situation, task, action, result, learning)."
        ) from exc


def _material(role: StoredRole, turns: Sequence[Turn]) -> list[str]:
    return [*role.bullets, *(turn.answer for turn in turns if turn.answer)]


def _ask_order(missing: Sequence[Aspect], turns: Sequence[Turn]) -> list[Aspect]:
    """Missing aspects in priority order, but one just skipped goes last: asking the
    same thing again at once after a skip is nagging."""
    skipped_last = turns[-1].aspect if turns and turns[-1].skipped else None
    order = [aspect for aspect in missing if aspect.value != skipped_last]
    return order + [aspect for aspect in missing if aspect.value == skipped_last]
