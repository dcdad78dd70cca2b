"""SQLite side of dictation: one row per transcribed answer (schema 6, `deliveries`).

The audio path and the timed transcript are the candidate's own and go through the
codec; the metrics are numbers only, so the history reads without decoding them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach.delivery.fillers import FILLER_WORDS
from coach.delivery.metrics import cut_for
from coach.delivery.records import Delivery, DeliveryRecord, FillerHit, Pause
from coach.protocols import TranscriptWord
from coach.storage.codec import TextCodec
from coach.storage.db import Database


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def metrics_json(delivery: Delivery) -> str:
    return json.dumps(
        {
            "seconds": delivery.seconds,
            "words": delivery.words,
            "wpm": delivery.wpm,
            "fillers": [[FILLER_WORDS.index(f.text), f.start] for f in delivery.fillers],
            "pauses": [[p.start, p.seconds] for p in delivery.pauses],
        }
    )


def delivery_from_json(text: str) -> Delivery:
    data: dict[str, Any] = json.loads(text)
    seconds = float(data["seconds"])
    return Delivery(
        seconds=seconds,
        words=int(data["words"]),
        wpm=float(data["wpm"]),
        fillers=tuple(FillerHit(FILLER_WORDS[int(i)], float(at)) for i, at in data["fillers"]),
        pauses=tuple(Pause(float(at), float(length)) for at, length in data["pauses"]),
        cut=cut_for(seconds),
    )


class DeliveryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def _codec(self) -> TextCodec:
        # Read at each use: rotating the data key swaps the database's codec.
        return self._db.codec

    def add(
        self,
        *,
        context: str,
        audio_path: Path | None,
        text: str,
        words: Sequence[TranscriptWord],
        delivery: Delivery,
        audio_key: bytes | None = None,
    ) -> DeliveryRecord:
        created = _now()
        transcript = json.dumps(
            {"text": text, "words": [[w.start, w.end, w.text] for w in words]},
            ensure_ascii=False,
        )
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO deliveries (created_at, context, audio_path, transcript, metrics, "
                "audio_key) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    created,
                    context,
                    None if audio_path is None else self._codec.encode(str(audio_path)),
                    self._codec.encode(transcript),
                    metrics_json(delivery),
                    None if audio_key is None else self._codec.encode(audio_key.hex()),
                ),
            )
        return DeliveryRecord(int(cursor.lastrowid or 0), created, context, delivery)

    def history(self, limit: int = 100) -> list[DeliveryRecord]:
        """The latest `limit` deliveries, oldest first."""
        rows = self._db.conn.execute(
            "SELECT id, created_at, context, metrics FROM deliveries ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            DeliveryRecord(int(row[0]), row[1], row[2], delivery_from_json(row[3]))
            for row in reversed(rows)
        ]

    def audio_key(self, delivery_id: int) -> bytes | None:
        """The key a sealed recording opens with (None: the recording is not ours)."""
        row = self._db.conn.execute(
            "SELECT audio_key FROM deliveries WHERE id = ?", (delivery_id,)
        ).fetchone()
        if row is None:
            raise KeyError(delivery_id)
        return None if row[0] is None else bytes.fromhex(self._codec.decode(row[0]))

    def transcript(self, delivery_id: int) -> tuple[str, tuple[TranscriptWord, ...], str | None]:
        """(text, timed words, audio path) of one delivery."""
        row = self._db.conn.execute(
            "SELECT transcript, audio_path FROM deliveries WHERE id = ?", (delivery_id,)
        ).fetchone()
        if row is None:
            raise KeyError(delivery_id)
        data = json.loads(self._codec.decode(row[0]))
        words = tuple(TranscriptWord(float(s), float(e), str(t)) for s, e, t in data["words"])
        audio = None if row[1] is None else self._codec.decode(row[1])
        return data["text"], words, audio
