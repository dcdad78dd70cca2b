"""Mock rounds, end to end: start a drill, answer, follow-ups, scoring, history.

A drill in outline (the window and the CLI do exactly this)::

    service = DrillService(db)
    view = service.start(level=Level.STAFF, track=Track.SRE, round=Round.DIAGNOSIS)
    view = service.answer(view.id, "What changed in the config?")   # committed, facts logged
    view = service.follow_up(view.id, model, ctx)                   # model or rule probe
    view = service.finish(view.id, model, ctx, k=3)                 # scored and saved

Every answer is committed before any model call; a follow-up is committed before it is
returned. Without a model everything still works: rule probes ask, the rule scorer
scores. A model failure never ends a drill: the rules step in and a note says so.
Errors meant for the candidate are `UserError`s.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from coach.drills import generation, history
from coach.drills.interviewer import next_question
from coach.drills.model_checks import ScoringFailed, score_with_checks
from coach.drills.probes import ProbeBank
from coach.drills.prompts import opening_text
from coach.drills.records import (
    SOURCE_DICTATED,
    SOURCE_SCENARIO,
    SOURCE_TYPED,
    DrillInfo,
    DrillStatus,
    DrillTurn,
    DrillView,
    Speaker,
    Suggestion,
    stamp,
    utc_now,
)
from coach.drills.reveal import reveal
from coach.drills.rubric import Reward, Rubric
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import Round, Scenario, ScenarioBank
from coach.drills.scoring import Scorecard
from coach.drills.store import DrillStore, NewTurn
from coach.errors import UserError
from coach.profile import Level, Track
from coach.protocols import ChatModel
from coach.storage.db import Database
from coach.tasks import TaskContext

__all__ = [
    "DrillInfo",
    "DrillService",
    "DrillStatus",
    "DrillTurn",
    "DrillView",
    "Suggestion",
]

MAX_K = 9  # repeat scorings; past this the wait outgrows what the spread adds


class DrillService:
    def __init__(
        self,
        db: Database,
        *,
        bank: ScenarioBank | None = None,
        now: Callable[[], dt.datetime] = utc_now,
        probes: ProbeBank | None = None,
        rubric: Rubric | None = None,
    ) -> None:
        self._store = DrillStore(db)
        self._bank = bank or ScenarioBank.load()
        self._now = now
        self._probes = probes
        self._rubric = rubric or Rubric.load()

    # ---- scenarios --------------------------------------------------------------------

    def scenarios(
        self,
        round: Round | None = None,
        *,
        track: Track | None = None,
        level: Level | None = None,
    ) -> list[Scenario]:
        """The shipped bank, then saved generated scenarios, filtered."""
        return [
            s
            for s in self._pool().scenarios
            if (round is None or s.round is Round(round)) and s.suits(track=track, level=level)
        ]

    def scenario(self, scenario_id: str) -> Scenario:
        try:
            return self._pool().get(scenario_id)
        except KeyError:
            raise UserError(
                f"There is no scenario {scenario_id!r}.",
                hint="`loopcoach scenarios` lists them.",
            ) from None

    def is_generated(self, scenario_id: str) -> bool:
        return scenario_id in self._store.generated_ids()

    def delete_scenario(self, scenario_id: str) -> None:
        """Remove a generated scenario (drills of it keep their own copy)."""
        if not self._store.delete_generated(scenario_id):
            raise UserError(f"There is no generated scenario {scenario_id!r} to delete.")

    def _pool(self) -> ScenarioBank:
        return ScenarioBank((*self._bank.scenarios, *self._store.generated()))

    # ---- a drill ----------------------------------------------------------------------

    def start(
        self,
        *,
        level: Level,
        track: Track,
        round: Round | None = None,
        scenario_id: str | None = None,
        time_limit_s: int = 0,
        rng: random.Random | int | None = None,
    ) -> DrillView:
        """A new drill. With no `scenario_id`, a surprise scenario for the level and track
        (of `round`, if given) that was not drilled lately. Its first turn is the
        interviewer giving the scenario's prompt and artifact."""
        if time_limit_s < 0:
            raise UserError("The time limit cannot be negative.", hint="Use 0 for no limit.")
        if scenario_id is not None:
            scenario = self.scenario(scenario_id)
            if round is not None and scenario.round is not Round(round):
                raise UserError(
                    f"Scenario {scenario_id!r} is a {scenario.round.value} round, "
                    f"not {Round(round).value}."
                )
        else:
            recent = self._store.recent_scenario_ids(history.AVOID_RECENT)
            try:
                scenario = self._pool().surprise(level, track, rng, round=round, avoid=recent)
            except KeyError:
                raise UserError(f"There are no scenarios for the {round} round.") from None
        drill_id = self._store.create(
            scenario,
            level=level,
            track=track,
            time_limit_s=time_limit_s,
            started_at=stamp(self._now()),
            opening=NewTurn(Speaker.INTERVIEWER, SOURCE_SCENARIO, opening_text(scenario)),
        )
        return self.view(drill_id)

    def view(self, drill_id: int) -> DrillView:
        info = self._store.info(drill_id)
        if info is None:
            raise UserError(f"There is no drill {drill_id}.", hint="`loopcoach drills` lists them.")
        scenario = self._store.scenario_snapshot(drill_id)
        turns = tuple(self._store.turns(drill_id))
        revealed = tuple(scenario.fact(t.source) for t in turns if t.speaker == Speaker.FACT)
        stored = self._store.score(drill_id) if info.status is DrillStatus.SCORED else None
        return DrillView(
            info=info,
            scenario=scenario,
            turns=turns,
            revealed=revealed,
            scorecard=stored.card if stored else None,
            score_runs=stored.runs if stored else (),
            score_note=stored.note if stored else "",
            clock=self._now,
        )

    def answer(self, drill_id: int, text: str, *, audio_path: str | None = None) -> DrillView:
        """Commit the candidate's turn, then log the hidden facts its questions earn as
        fact turns. Quick, no model. Dictation passes the transcript and the recording."""
        text = text.strip()
        if not text:
            raise UserError("The answer is empty.", hint="Type or dictate an answer first.")
        view = self._active(drill_id)
        source = SOURCE_DICTATED if audio_path else SOURCE_TYPED
        at = stamp(self._now())
        self._store.add_turns(
            drill_id, [NewTurn(Speaker.CANDIDATE, source, text, audio_path=audio_path)], at
        )
        earned = reveal(text, view.scenario, {fact.id for fact in view.revealed})
        self._store.add_turns(
            drill_id, [NewTurn(Speaker.FACT, fact.id, fact.fact) for fact in earned], at
        )
        return self.view(drill_id)

    def follow_up(self, drill_id: int, model: ChatModel | None, ctx: TaskContext) -> DrillView:
        """The interviewer's next turn, committed before it is returned: the model's
        question (streamed through ctx.partial) or, without a model or when its turn is
        unusable, a rule probe at the weakest reward so far. No new turn when the last
        turn is already the interviewer's, or when the round has asked all it will."""
        view = self._active(drill_id)
        if not view.turns or view.turns[-1].speaker == Speaker.INTERVIEWER:
            return view
        asked = next_question(
            view.scenario,
            level=view.info.level,
            track=view.info.track,
            turns=view.turns,
            model=model,
            ctx=ctx,
            probes=self._probes,
        )
        ctx.check()
        if asked is None:
            return view
        turn = NewTurn(Speaker.INTERVIEWER, asked.source, asked.text, asked.note, asked.aim)
        self._store.add_turns(drill_id, [turn], stamp(self._now()))
        return self.view(drill_id)

    def finish(
        self, drill_id: int, model: ChatModel | None, ctx: TaskContext, *, k: int = 3
    ) -> DrillView:
        """Score all the answers together and save the card; the drill becomes SCORED.
        Without a model: one deterministic rule card. With one: the checklist, each check
        asked k times (majority, spread), progress "check n of m", cancellable between
        checks (a cancelled scoring saves nothing). A finished drill is returned as it is."""
        view = self.view(drill_id)
        if view.status is DrillStatus.SCORED:
            return view
        if not view.answers:
            raise UserError("There is no answer to score yet.", hint="Answer at least once.")
        if not 1 <= k <= MAX_K:
            raise UserError(f"Score 1 to {MAX_K} times, not {k}.")
        answer = view.answer_text
        revealed_ids = [fact.id for fact in view.revealed]
        note = ""
        card: Scorecard | None = None
        runs: tuple[dict[Reward, int], ...] = ()
        if model is not None:
            try:
                scored = score_with_checks(
                    model,
                    view.scenario,
                    level=view.info.level,
                    answer=answer,
                    revealed=view.revealed,
                    ctx=ctx,
                    k=k,
                    rubric=self._rubric,
                )
                card, runs, note = scored.card, scored.runs, scored.note
            except ScoringFailed as failed:
                reason = failed.reasons[0] if failed.reasons else "no usable answer"
                note = (
                    f"The model could not score this answer ({reason}); these scores are "
                    "from the rules."
                )
        if card is None:
            ctx.progress(0, 1, "scoring by the rules")
            card = score_answer(answer, view.scenario, revealed=revealed_ids, rubric=self._rubric)
            runs = ({s.reward: s.score for s in card.scores},)
        ctx.check()
        self._store.save_score(drill_id, card, runs=runs, note=note, finished_at=stamp(self._now()))
        return self.view(drill_id)

    def delete(self, drill_id: int) -> None:
        if not self._store.delete(drill_id):
            raise UserError(f"There is no drill {drill_id}.")

    def _active(self, drill_id: int) -> DrillView:
        view = self.view(drill_id)
        if view.status is not DrillStatus.ACTIVE:
            raise UserError(
                f"Drill {drill_id} is already scored.", hint="Start a new drill to practise again."
            )
        return view

    # ---- history ----------------------------------------------------------------------

    def history(self, limit: int | None = None) -> list[DrillView]:
        """Every drill, active or scored, newest first (full views; `limit` keeps the
        newest few)."""
        infos = self._store.infos()
        if limit is not None:
            infos = infos[:limit]
        return [self.view(info.id) for info in infos]

    def progress(self) -> dict[Reward, list[tuple[str, int]]]:
        """Per reward, (finished_at, score) of each scored drill, oldest first."""
        return history.progress(self._store.score_history())

    def suggest(self, level: Level, track: Track) -> Suggestion:
        """What to drill next: the weakest reward lately -> the round that tests it
        most -> a scenario for this level and track not drilled lately."""
        return history.suggest(
            self._store.score_history(),
            self._pool(),
            level,
            track,
            self._store.recent_scenario_ids(history.AVOID_RECENT),
        )

    # ---- scenarios from a posting -----------------------------------------------------

    def generate_scenario(
        self,
        posting_text: str,
        *,
        level: Level,
        track: Track,
        round: Round,
        model: ChatModel,
        ctx: TaskContext,
    ) -> Scenario:
        """A scenario written by the model from a job posting, validated like the bank's
        and saved, so `scenarios()` lists it. Unusable output: a UserError, nothing saved."""
        taken = {s.id for s in self._pool().scenarios}
        scenario = generation.generate(
            posting_text,
            level=level,
            track=track,
            round=Round(round),
            model=model,
            ctx=ctx,
            taken_ids=taken,
            today=self._now().date(),
        )
        ctx.check()
        self._store.save_generated(scenario, author=model.name, at=stamp(self._now()))
        return scenario
