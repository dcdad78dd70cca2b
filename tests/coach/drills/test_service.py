"""Drills end to end on the rule path: real SQLite, the real bank, probes and scorer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.drills.history import FIRST_REASON, round_for
from coach.drills.interviewer import MAX_FOLLOW_UPS
from coach.drills.probes import ProbeBank, next_probe
from coach.drills.rubric import Reward
from coach.drills.rule_scorer import score_answer
from coach.drills.scenarios import Round, ScenarioBank
from coach.drills.service import DrillService, DrillStatus, DrillView
from coach.errors import UserError
from coach.profile import Level, Track
from coach.storage.db import Database
from coach.tasks import TaskContext

START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
ASK = "What changed in the config for this release? I'd want to know that before touching it."
DIAGNOSE = (
    "The most likely cause is the connection pool, because the log shows pool waits while "
    "the database itself is healthy. The latency is the symptom; the pool wait is the cause. "
    "I'd verify it by checking pool wait metrics per endpoint. If I'm right I'd roll back "
    "the config change behind a canary and watch p99 within the first hour."
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "loopcoach.sqlite3"


@pytest.fixture
def db(db_path: Path):
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(db: Database, clock: Clock) -> DrillService:
    return DrillService(db, now=clock)


def ctx() -> TaskContext:
    return TaskContext()


def start_checkout(service: DrillService, **kwargs) -> DrillView:
    return service.start(
        level=Level.STAFF, track=Track.BACKEND, scenario_id="diag-checkout-p99", **kwargs
    )


def test_a_full_drill_on_the_rule_path(service: DrillService) -> None:
    view = start_checkout(service)
    scenario = view.scenario
    assert view.status is DrillStatus.ACTIVE and view.scorecard is None
    opening = view.turns[0]
    assert (opening.speaker, opening.source) == ("interviewer", "scenario")
    assert scenario.prompt in opening.text and scenario.artifact in opening.text

    # A question that earns a hidden fact: the answer first, then the fact, logged.
    view = service.answer(view.id, ASK)
    assert [(t.speaker, t.source) for t in view.turns[1:]] == [
        ("candidate", "typed"),
        ("fact", "pool-config"),
    ]
    assert view.turns[2].text == scenario.fact("pool-config").fact
    assert [f.id for f in view.revealed] == ["pool-config"]
    assert view.answers == (ASK,)

    # The rule probe aims at the weakest reward of the answers so far.
    card = score_answer(ASK, scenario, revealed=["pool-config"])
    expected = next_probe(card, Round.DIAGNOSIS, ())
    assert expected is not None
    view = service.follow_up(view.id, None, ctx())
    probe = view.turns[-1]
    assert (probe.speaker, probe.source, probe.text) == ("interviewer", "probe", expected.text)
    assert probe.aim is expected.reward
    assert card.score(probe.aim) == min(s.score for s in card.scores)

    view = service.answer(view.id, DIAGNOSE)
    view = service.follow_up(view.id, None, ctx())
    second = view.turns[-1]
    assert second.source == "probe" and second.text != probe.text

    view = service.finish(view.id, None, ctx())
    assert view.status is DrillStatus.SCORED and view.info.finished_at
    card = view.scorecard
    assert card is not None and card.scorer == "rules"
    assert card == score_answer(view.answer_text, scenario, revealed=["pool-config"])
    assert view.score_runs == ({s.reward: s.score for s in card.scores},)
    assert view.score_note == ""
    quoted = 0
    for score in card.scores:
        assert score.spread == 0 and not score.uncertain
        for quote in score.evidence:
            quoted += 1
            assert any(quote in answer for answer in view.answers), quote
    assert quoted >= 3
    assert card.score(Reward.DIAGNOSIS) >= 3  # ranked by the log, symptom vs cause


def test_every_committed_turn_is_seen_by_another_connection(
    service: DrillService, db_path: Path
) -> None:
    view = start_checkout(service)
    other = Database(db_path)
    try:
        reader = DrillService(other)
        view = service.answer(view.id, ASK)
        assert reader.view(view.id).answers == (ASK,)  # before any follow-up
        assert [f.id for f in reader.view(view.id).revealed] == ["pool-config"]
        view = service.follow_up(view.id, None, ctx())
        view = service.answer(view.id, DIAGNOSE, audio_path="/tmp/answer-2.wav")
        seen = reader.view(view.id)
        assert seen.turns == view.turns
        assert seen.turns[-1].source == "dictated"
        assert seen.turns[-1].audio_path == "/tmp/answer-2.wav"
        view = service.finish(view.id, None, ctx())
        assert reader.view(view.id).scorecard == view.scorecard
    finally:
        other.close()


def test_candidate_text_is_stored_through_the_codec(service: DrillService, db: Database) -> None:
    view = service.answer(start_checkout(service).id, ASK)
    service.finish(view.id, None, ctx())
    kinds = {row[0] for row in db.conn.execute("SELECT typeof(text) FROM drill_turns")}
    assert kinds == {"blob"}
    for column in ("evidence", "rationale"):
        kinds = {row[0] for row in db.conn.execute(f"SELECT typeof({column}) FROM drill_scores")}
        assert kinds == {"blob"}
    assert db.conn.execute("SELECT typeof(scenario) FROM drills").fetchone()[0] == "blob"


def test_the_interviewer_waits_for_an_answer(service: DrillService) -> None:
    view = start_checkout(service)
    assert service.follow_up(view.id, None, ctx()).turns == view.turns  # nothing answered yet
    view = service.answer(view.id, ASK)
    view = service.follow_up(view.id, None, ctx())
    again = service.follow_up(view.id, None, ctx())
    assert again.turns == view.turns  # the probe waits for its answer


def test_follow_ups_stop_when_the_probes_run_out(db: Database) -> None:
    one_each = ProbeBank.from_dict(
        {
            "probes": [
                {"id": f"p-{reward.value}", "reward": reward.value, "text": f"About {reward}?"}
                for reward in Reward
            ]
        }
    )
    service = DrillService(db, probes=one_each)
    view = start_checkout(service)
    for number in range(len(Reward) + 2):
        view = service.answer(view.id, f"Answer number {number} says little.")
        view = service.follow_up(view.id, None, ctx())
    asked = [t.text for t in view.follow_ups]
    assert sorted(asked) == sorted(f"About {reward}?" for reward in Reward)
    assert view.turns[-1].speaker == "candidate"  # no new turn once exhausted


def test_a_round_asks_at_most_a_fixed_number_of_follow_ups(service: DrillService) -> None:
    view = start_checkout(service)
    for number in range(MAX_FOLLOW_UPS + 2):
        view = service.answer(view.id, f"Answer {number}: I would look at it.")
        view = service.follow_up(view.id, None, ctx())
    assert len(view.follow_ups) == MAX_FOLLOW_UPS
    assert len({t.text for t in view.follow_ups}) == MAX_FOLLOW_UPS  # never the same twice


def test_bad_input_is_refused_with_a_clear_error(service: DrillService, db: Database) -> None:
    with pytest.raises(UserError, match="no scenario 'no-such-scenario'"):
        service.start(level=Level.STAFF, track=Track.SRE, scenario_id="no-such-scenario")
    with pytest.raises(UserError, match="diagnosis round, not judgment"):
        start_checkout(service, round=Round.JUDGMENT)
    with pytest.raises(UserError, match="negative"):
        start_checkout(service, time_limit_s=-1)
    view = start_checkout(service)
    with pytest.raises(UserError, match="empty"):
        service.answer(view.id, "   \n ")
    assert service.view(view.id).turns == view.turns  # nothing stored
    with pytest.raises(UserError, match="no answer to score"):
        service.finish(view.id, None, ctx())
    view = service.answer(view.id, ASK)
    with pytest.raises(UserError, match="1 to 9 times"):
        service.finish(view.id, None, ctx(), k=0)
    view = service.finish(view.id, None, ctx())
    with pytest.raises(UserError, match="already scored"):
        service.answer(view.id, "One more thing.")
    with pytest.raises(UserError, match="already scored"):
        service.follow_up(view.id, None, ctx())
    assert service.finish(view.id, None, ctx()) == view  # finishing twice changes nothing
    with pytest.raises(UserError, match="no drill 999"):
        service.view(999)
    with pytest.raises(UserError, match="no drill 999"):
        service.delete(999)


def test_a_surprise_avoids_recently_drilled_scenarios(service: DrillService) -> None:
    tier = {
        s.id
        for s in service.scenarios(Round.DIAGNOSIS, track=Track.BACKEND, level=Level.STAFF)
        if Track.BACKEND in s.tracks
    }
    assert len(tier) >= 3
    drilled = [
        service.start(level=Level.STAFF, track=Track.BACKEND, round=Round.DIAGNOSIS, rng=7)
        for _ in range(3)
    ]
    ids = [view.scenario.id for view in drilled]
    assert len(set(ids)) == 3 and set(ids) <= tier
    assert all(view.info.round is Round.DIAGNOSIS for view in drilled)


def test_elapsed_time_and_the_time_limit(service: DrillService, clock: Clock) -> None:
    view = start_checkout(service, time_limit_s=120)
    clock.tick(90)
    view = service.answer(view.id, ASK)
    assert view.elapsed_s == pytest.approx(90)
    assert view.remaining_s == pytest.approx(30) and not view.over_time
    clock.tick(110)
    view = service.finish(view.id, None, ctx())
    clock.tick(1000)  # a finished drill's time stops at its end
    assert view.elapsed_s == pytest.approx(200)
    assert service.view(view.id).elapsed_s == pytest.approx(200)
    assert view.over_time
    assert start_checkout(service).remaining_s is None  # 0: no limit


def test_a_drill_keeps_its_scenario_when_the_bank_changes(
    service: DrillService, db: Database
) -> None:
    view = service.answer(start_checkout(service).id, ASK)
    others = ScenarioBank(
        tuple(s for s in ScenarioBank.load().scenarios if s.id != view.scenario.id)
    )
    reopened = DrillService(db, bank=others).view(view.id)
    assert reopened.scenario == view.scenario
    assert [f.id for f in reopened.revealed] == ["pool-config"]


def test_delete_removes_the_drill_and_everything_in_it(service: DrillService, db: Database) -> None:
    view = service.finish(service.answer(start_checkout(service).id, ASK).id, None, ctx())
    service.delete(view.id)
    with pytest.raises(UserError):
        service.view(view.id)
    for table in ("drills", "drill_turns", "drill_scores"):
        assert db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert service.history() == []


# ---- history, progress, suggestion ---------------------------------------------------------

WEAK_TASTE = [
    "What is the goal here, and who is affected? I think the real problem is the pool.",
    "The most likely cause is the pool, because the log shows pool waits. The latency is "
    "the symptom. I'd check pool wait metrics, roll back behind a canary and watch p99 within "
    "the first hour.",
]


def test_with_no_history_the_suggestion_is_the_experience_screen(service: DrillService) -> None:
    suggestion = service.suggest(Level.STAFF, Track.SRE)
    assert suggestion.reward is None
    assert suggestion.round is Round.SCREEN and suggestion.scenario.round is Round.SCREEN
    assert suggestion.reason == FIRST_REASON
    assert suggestion.scenario.suits(track=Track.SRE, level=Level.STAFF)
    assert service.progress() == {reward: [] for reward in Reward}


def test_history_progress_and_the_suggestion(service: DrillService, clock: Clock) -> None:
    cards = []
    for scenario_id in ("diag-checkout-p99", "diag-export-duplicates"):
        view = service.start(level=Level.STAFF, track=Track.BACKEND, scenario_id=scenario_id)
        for answer in WEAK_TASTE:
            clock.tick(30)
            view = service.answer(view.id, answer)
            view = service.follow_up(view.id, None, ctx())
        clock.tick(30)
        view = service.finish(view.id, None, ctx())
        cards.append(view)
    clock.tick(60)
    active = service.start(level=Level.STAFF, track=Track.BACKEND, round=Round.JUDGMENT)

    history = service.history()
    assert [v.id for v in history] == [active.id, cards[1].id, cards[0].id]  # newest first
    assert history[0].status is DrillStatus.ACTIVE and history[0].scorecard is None
    assert [v.id for v in service.history(limit=1)] == [active.id]

    progress = service.progress()
    for reward in Reward:
        points = progress[reward]
        assert [at for at, _ in points] == [v.info.finished_at for v in cards]
        assert [score for _, score in points] == [v.scorecard.score(reward) for v in cards]
        assert points[0][0] < points[1][0]

    suggestion = service.suggest(Level.STAFF, Track.BACKEND)
    averages = {r: sum(v.scorecard.score(r) for v in cards) / 2 for r in Reward}
    weakest = min(Reward, key=lambda r: (averages[r], list(Reward).index(r)))
    assert suggestion.reward is weakest
    assert suggestion.round is round_for(weakest)
    assert suggestion.scenario.round is suggestion.round
    recent = {"diag-checkout-p99", "diag-export-duplicates", active.scenario.id}
    assert suggestion.scenario.id not in recent
    assert weakest.value in suggestion.reason
    # The same history gives the same suggestion: the page does not flicker.
    assert service.suggest(Level.STAFF, Track.BACKEND) == suggestion


def test_round_for_follows_what_each_round_is_about() -> None:
    assert round_for(Reward.FRAMING) is Round.SCREEN
    assert round_for(Reward.DIAGNOSIS) is Round.DIAGNOSIS
    assert round_for(Reward.TASTE) is Round.JUDGMENT
    assert round_for(Reward.VERIFICATION) is Round.BUILD
    assert round_for(Reward.COMMUNICATION) is Round.JUDGMENT


def test_scenarios_lists_the_bank_filtered(service: DrillService) -> None:
    everything = service.scenarios()
    assert len(everything) == len(ScenarioBank.load())
    builds = service.scenarios(Round.BUILD, track=Track.DATA_ML)
    assert builds and all(s.round is Round.BUILD and Track.DATA_ML in s.tracks for s in builds)
    assert not service.is_generated(builds[0].id)
