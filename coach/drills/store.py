"""SQLite side of drills: drills, their turns, their scores and generated scenarios.

Every write is its own committed transaction, so a candidate's answer is on disk
before the service asks a model anything. Free text (turns, notes, evidence,
rationales, scenario snapshots) goes through the database's text codec.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coach.drills.records import DrillInfo, DrillStatus, DrillTurn
from coach.drills.rubric import Reward
from coach.drills.scenarios import Round, Scenario
from coach.drills.scoring import RewardScore, Scorecard
from coach.profile import Level, Track
from coach.storage.codec import TextCodec
from coach.storage.db import Database

_DRILL_COLUMNS = (
    "id, scenario_id, round, level, track, time_limit_s, started_at, finished_at, status"
)


@dataclass(frozen=True)
class NewTurn:
    speaker: str
    source: str
    text: str
    note: str = ""
    aim: Reward | None = None
    audio_path: str | None = None


@dataclass(frozen=True)
class StoredScore:
    card: Scorecard
    runs: tuple[Mapping[Reward, int], ...]
    note: str


class DrillStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _codec(self) -> TextCodec:
        # Read at each use: rotating the data key swaps the database's codec.
        return self._db.codec

    def _text(self, blob: bytes | None) -> str:
        return self._codec.decode(blob) if blob is not None else ""

    # ---- drills ---------------------------------------------------------------------

    def create(
        self,
        scenario: Scenario,
        *,
        level: Level,
        track: Track,
        time_limit_s: int,
        started_at: str,
        opening: NewTurn,
    ) -> int:
        """A new active drill with its opening turn, in one transaction."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO drills (scenario_id, round, level, track, time_limit_s, status, "
                "started_at, scenario) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    scenario.id,
                    scenario.round.value,
                    level.value,
                    track.value,
                    time_limit_s,
                    DrillStatus.ACTIVE.value,
                    started_at,
                    self._codec.encode(json.dumps(scenario.to_dict(), ensure_ascii=False)),
                ),
            )
            drill_id = int(cursor.lastrowid or 0)
            self._insert_turns(conn, drill_id, [opening], started_at)
        return drill_id

    def info(self, drill_id: int) -> DrillInfo | None:
        row = self._db.conn.execute(
            f"SELECT {_DRILL_COLUMNS} FROM drills WHERE id = ?", (drill_id,)
        ).fetchone()
        return None if row is None else _info(row)

    def infos(self, *, status: DrillStatus | None = None) -> list[DrillInfo]:
        """Drills newest first (by start, then id)."""
        where, params = ("WHERE status = ?", (status.value,)) if status else ("", ())
        rows = self._db.conn.execute(
            f"SELECT {_DRILL_COLUMNS} FROM drills {where} ORDER BY started_at DESC, id DESC",
            params,
        ).fetchall()
        return [_info(row) for row in rows]

    def scenario_snapshot(self, drill_id: int) -> Scenario:
        row = self._db.conn.execute(
            "SELECT scenario FROM drills WHERE id = ?", (drill_id,)
        ).fetchone()
        if row is None:
            raise KeyError(drill_id)
        return Scenario.from_dict(json.loads(self._codec.decode(row[0])), origin="saved drill")

    def recent_scenario_ids(self, limit: int) -> list[str]:
        rows = self._db.conn.execute(
            "SELECT scenario_id FROM drills ORDER BY started_at DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def delete(self, drill_id: int) -> bool:
        with self._db.transaction() as conn:
            cursor = conn.execute("DELETE FROM drills WHERE id = ?", (drill_id,))
        return cursor.rowcount > 0

    # ---- turns ----------------------------------------------------------------------

    def turns(self, drill_id: int) -> list[DrillTurn]:
        rows = self._db.conn.execute(
            "SELECT ordinal, speaker, text, source, note, aim, audio_path FROM drill_turns "
            "WHERE drill_id = ? ORDER BY ordinal",
            (drill_id,),
        ).fetchall()
        return [
            DrillTurn(
                ordinal=int(row[0]),
                speaker=str(row[1]),
                text=self._codec.decode(row[2]),
                source=str(row[3]),
                note=self._text(row[4]),
                aim=Reward(row[5]) if row[5] else None,
                audio_path=self._codec.decode(row[6]) if row[6] is not None else None,
            )
            for row in rows
        ]

    def add_turns(self, drill_id: int, turns: Sequence[NewTurn], at: str) -> None:
        """Append turns in one transaction (no-op for an empty list)."""
        if not turns:
            return
        with self._db.transaction() as conn:
            self._insert_turns(conn, drill_id, turns, at)

    def _insert_turns(
        self, conn: sqlite3.Connection, drill_id: int, turns: Iterable[NewTurn], at: str
    ) -> None:
        (ordinal,) = conn.execute(
            "SELECT COALESCE(MAX(ordinal), -1) + 1 FROM drill_turns WHERE drill_id = ?",
            (drill_id,),
        ).fetchone()
        for offset, turn in enumerate(turns):
            conn.execute(
                "INSERT INTO drill_turns (drill_id, ordinal, speaker, source, aim, created_at, "
                "text, note, audio_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    drill_id,
                    ordinal + offset,
                    str(turn.speaker),
                    turn.source,
                    turn.aim.value if turn.aim else None,
                    at,
                    self._codec.encode(turn.text),
                    self._codec.encode(turn.note) if turn.note else None,
                    self._codec.encode(turn.audio_path) if turn.audio_path else None,
                ),
            )

    # ---- scores ---------------------------------------------------------------------

    def save_score(
        self,
        drill_id: int,
        card: Scorecard,
        *,
        runs: Sequence[Mapping[Reward, int]],
        note: str,
        finished_at: str,
    ) -> None:
        """The card, its runs and the scored status, in one transaction."""
        runs_json = json.dumps([{r.value: int(run[r]) for r in Reward} for run in runs])
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM drill_scores WHERE drill_id = ?", (drill_id,))
            for score in card.scores:
                conn.execute(
                    "INSERT INTO drill_scores (drill_id, reward, score, spread, uncertain, "
                    "evidence, rationale) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        drill_id,
                        score.reward.value,
                        score.score,
                        score.spread,
                        int(score.uncertain),
                        self._codec.encode(json.dumps(list(score.evidence), ensure_ascii=False)),
                        self._codec.encode(score.rationale),
                    ),
                )
            conn.execute(
                "UPDATE drills SET status = ?, finished_at = ?, scorer = ?, score_runs = ?, "
                "score_note = ? WHERE id = ?",
                (
                    DrillStatus.SCORED.value,
                    finished_at,
                    card.scorer,
                    runs_json,
                    self._codec.encode(note) if note else None,
                    drill_id,
                ),
            )

    def score(self, drill_id: int) -> StoredScore | None:
        head = self._db.conn.execute(
            "SELECT scorer, score_runs, score_note FROM drills WHERE id = ?", (drill_id,)
        ).fetchone()
        rows = self._db.conn.execute(
            "SELECT reward, score, spread, uncertain, evidence, rationale FROM drill_scores "
            "WHERE drill_id = ?",
            (drill_id,),
        ).fetchall()
        if head is None or head[0] is None or not rows:
            return None
        by_reward = {Reward(row[0]): row for row in rows}
        scores = tuple(
            RewardScore(
                reward=reward,
                score=int(by_reward[reward][1]),
                evidence=tuple(json.loads(self._codec.decode(by_reward[reward][4]))),
                rationale=self._codec.decode(by_reward[reward][5]),
                spread=float(by_reward[reward][2]),
                uncertain=bool(by_reward[reward][3]),
            )
            for reward in Reward
        )
        runs = tuple(
            {Reward(key): int(value) for key, value in run.items()}
            for run in json.loads(head[1] or "[]")
        )
        return StoredScore(Scorecard(scores, str(head[0])), runs, self._text(head[2]))

    def score_history(self) -> list[tuple[str, int, dict[Reward, int]]]:
        """(finished_at, drill id, scores) for scored drills, oldest first."""
        rows = self._db.conn.execute(
            "SELECT d.finished_at, d.id, s.reward, s.score FROM drills d "
            "JOIN drill_scores s ON s.drill_id = d.id WHERE d.status = ? "
            "ORDER BY d.finished_at, d.id",
            (DrillStatus.SCORED.value,),
        ).fetchall()
        out: dict[int, tuple[str, int, dict[Reward, int]]] = {}
        for finished_at, drill_id, reward, score in rows:
            entry = out.setdefault(int(drill_id), (str(finished_at), int(drill_id), {}))
            entry[2][Reward(reward)] = int(score)
        return list(out.values())

    # ---- generated scenarios --------------------------------------------------------

    def generated(self) -> list[Scenario]:
        rows = self._db.conn.execute(
            "SELECT id, data FROM drill_scenarios ORDER BY created_at, id"
        ).fetchall()
        return [
            Scenario.from_dict(json.loads(self._codec.decode(data)), origin=f"saved {sid}")
            for sid, data in rows
        ]

    def generated_ids(self) -> set[str]:
        return {str(row[0]) for row in self._db.conn.execute("SELECT id FROM drill_scenarios")}

    def save_generated(self, scenario: Scenario, *, author: str, at: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO drill_scenarios (id, round, created_at, author, data) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    scenario.id,
                    scenario.round.value,
                    at,
                    author,
                    self._codec.encode(json.dumps(scenario.to_dict(), ensure_ascii=False)),
                ),
            )

    def delete_generated(self, scenario_id: str) -> bool:
        with self._db.transaction() as conn:
            cursor = conn.execute("DELETE FROM drill_scenarios WHERE id = ?", (scenario_id,))
        return cursor.rowcount > 0


def _info(row: Sequence[object]) -> DrillInfo:
    return DrillInfo(
        id=int(row[0]),  # type: ignore[call-overload]
        scenario_id=str(row[1]),
        round=Round(row[2]),
        level=Level(row[3]),
        track=Track(row[4]),
        time_limit_s=int(row[5]),  # type: ignore[call-overload]
        started_at=str(row[6]),
        finished_at=None if row[7] is None else str(row[7]),
        status=DrillStatus(row[8]),
    )
