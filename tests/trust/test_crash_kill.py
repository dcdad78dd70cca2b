"""Crash safety: SIGKILL at 50 points during ingestion and 50 during a refresh session.

A child process (tests/trust/kill_child.py) opens a data folder the way the app does
(`build_services`, the passphrase from LOOPCOACH_PASSPHRASE) and works: the ingest child
adds a stream of distinct generated CVs and postings (Markdown, text and PDF) with real
MiniLM vectors in chromadb; the refresh child answers and skips bank questions in refresh
sessions on CV roles (no chat model), drafts, and accepts, edits or rejects the drafts,
adding another CV when every role is done. The parent kills it with SIGKILL and lets the
next child open the same folder. That restart reports what the app shows, and the
parent checks:

- `PRAGMA integrity_check` is ok (on opening, and after the library's start-up sweep);
- after the sweep no document other than 'ready' is left, each visible document has its
  chunks (roles and bullets for a CV, requirements for a posting), and chromadb reopens,
  searches, and holds a vector for every chunk of every visible document and no other
  (a vector left behind would be mapped to whichever chunk reuses its id);
- every document a child reported added is there, unchanged; a document interrupted and
  added again is never visible twice;
- every answer a child reported accepted is there with the same text, every skip is a
  skip, every question shown is there with the same wording, every draft decision is
  kept; a restart goes on with the same session, at the same waiting question.

Where kills land: 40% at a random time after `ready` (the range measured from the
child's own pace), 25% at a random marker line the child prints (a unit's start, a
transaction's BEGIN, the chromadb write...) plus a random delay, 35% at a failpoint
where the child stops and waits for the kill (inside a transaction after its last write
and before COMMIT, right after COMMIT, between the SQLite and chromadb writes); and half
of the ingest restarts that have a half-ingested document to sweep are killed inside the
sweep. The summary printed at the end (`-s`) says where each kill landed.

The next child is started while the current one works: it imports (chromadb, llama.cpp,
the model) and waits, and opens the data folder only after the kill. The two campaigns
run side by side, each in its own folder. Correctness only: nothing here asserts a time.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.trust import kill_child

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("kill_child.py")
KILLS = 50
SEED = 7_212_024
READY_TIMEOUT = 180.0  # a child's start-up on a busy machine; only a guard against a hang
MARKER_TIMEOUT = 6.0  # after `ready`: kill anyway when the chosen marker has not come

# What ends a unit of work (the line after its `begin`), per child mode.
RESULTS = {
    "ingest": ("ingested",),
    "refresh": ("ingested", "started", "stopped", "asked", "accepted", "skipped", "drafted",
                "decided"),
}  # fmt: skip
# Kills aimed at a marker line (a prefix), reacted to by the parent after a random delay
# of up to the given seconds: the chromadb write lasts tens of milliseconds, a small
# transaction a few.
TARGETS = {
    "ingest": {"begin ingest": 0.5, "txb insert": 0.004, "txe insert": 0.004, "vecb": 0.08,
               "txb mark_ready": 0.004, "txe mark_ready": 0.004},
    "refresh": {"begin answer": 0.02, "begin ask": 0.02, "txb answer_turn": 0.004,
                "txb add_turn": 0.004, "txb replace_drafts": 0.004, "txb decide": 0.004,
                "txb create_session": 0.004, "txb set_status": 0.004},
}  # fmt: skip
# Failpoints: the child stops on the marker line and the kill lands exactly there.
# `txc` is inside the transaction after its last write, before COMMIT; `txe` right after
# COMMIT; `vecb`/`vece` just before and after the chromadb write.
FAILPOINTS = {
    "ingest": ("txc insert", "txe insert", "vece", "txc mark_ready", "txe mark_ready"),
    "refresh": ("txc answer_turn", "txe answer_turn", "txc add_turn", "txe add_turn",
                "txc replace_drafts", "txe replace_drafts", "txc decide", "txe decide",
                "txc create_session", "txc drop_pending_turns", "txc set_status"),
}  # fmt: skip
# The n-th occurrence of a marker is aimed at, n at most this (default 2): later units of
# work start from a state the child itself wrote. Once a role: the first.
OCCURRENCES = {
    "ingest": {},
    "refresh": {"begin answer": 4, "txb answer_turn": 4, "txc answer_turn": 4,
                "txe answer_turn": 4} | dict.fromkeys(
        ("txb replace_drafts", "txc replace_drafts", "txe replace_drafts", "txb set_status",
         "txc set_status", "txc drop_pending_turns", "txb create_session",
         "txc create_session"), 1),
}  # fmt: skip
# Kills in the start-up sweep, in this share of the restarts that find a document left
# half-ingested. The sweep removes one as a removal does: some transactions and the purge
# of its vectors; the failpoints are named by position, not by transaction: just after the
# first transaction committed (then a vector whose chunk row is gone would be left behind
# if the rows went first), just before the second, just after the second.
SWEEP_SHARE = 0.75
SWEEP_FAILPOINTS = (("txe", 1), ("txb", 2), ("txe", 2))
SWEEP_WEIGHTS = (2, 1, 1)
# Share of each way to kill; the rest are failpoints.
TIME_SHARE, MARKER_SHARE = 0.4, 0.25
# Time-based kills: uniform in [0, PACE_UNITS x the median unit of work] after `ready`.
PACE_UNITS = {"ingest": 2.5, "refresh": 12.0}
DEFAULT_PACE = {"ingest": 1.0, "refresh": 0.04}
AHEAD = 8  # documents written for the ingest child before it starts (more than it adds)


def child_env() -> dict[str, str]:
    skip = ("LOOPCOACH_HOME", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        PYTHONPATH=str(REPO),
        LOOPCOACH_PASSPHRASE="kill-test-passphrase",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        ANONYMIZED_TELEMETRY="False",
        # A hundred children import the same modules: compile them once, outside the tree.
        PYTHONPYCACHEPREFIX=str(REPO / ".cache" / "kill-test-pycache"),
    )
    return env


class Child:
    """One child process: its stdout lines with the time each was read; it can be killed
    from the reader thread the moment a chosen marker arrives."""

    def __init__(self, args: list[str], stderr_path: Path) -> None:
        self._stderr_path = stderr_path
        self._stderr = stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), *args],
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.lines: list[tuple[float, str]] = []
        self.eof = False
        self.killed_at: float | None = None
        self._cond = threading.Condition()
        self._trigger: tuple[str, int, float] | None = None
        self._seen = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def go(self, command: str, trigger: tuple[str, int, float] | None = None) -> None:
        """Send `command` (`go ...` lets the child open the data folder) and arm `trigger`
        (marker, occurrence, delay): the kill then comes from the reader, right after the
        marker's occurrence'th line (plus the delay)."""
        self._trigger, self._seen = trigger, 0
        self.send(command)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.rstrip("\n")
            if self._trigger is not None and line.startswith(self._trigger[0]):
                self._seen += 1
                if self._seen == self._trigger[1]:
                    if self._trigger[2]:
                        time.sleep(self._trigger[2])
                    self.kill()
            with self._cond:
                self.lines.append((time.monotonic(), line))
                self._cond.notify_all()
        with self._cond:
            self.eof = True
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[str], bool], timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        index = 0
        with self._cond:
            while True:
                while index < len(self.lines):
                    line = self.lines[index][1]
                    index += 1
                    if predicate(line):
                        return line
                if self.eof or self.killed_at is not None:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)

    def wait_killed(self, timeout: float) -> bool:
        """True once the kill was sent (by the trigger), False at the timeout or EOF."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.killed_at is None and not self.eof:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            return self.killed_at is not None

    def kill(self) -> None:
        with self._cond:
            if self.killed_at is not None:
                return
            self.killed_at = time.monotonic()
            self._cond.notify_all()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)

    def finish(self) -> int:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        self._reader.join(timeout=60)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()
        return code

    def stderr(self) -> str:
        return self._stderr_path.read_text(errors="replace")[-4000:]

    def texts(self) -> list[str]:
        return [line for _, line in self.lines]


def words(line: str, count: int) -> list[str]:
    """The first `count` space-separated fields, then the rest (JSON) as one."""
    return line.split(" ", count)


@dataclass
class Kill:
    index: int
    plan: str
    phase: str
    mid_work: bool
    units_done: int
    startup: float  # seconds from `go` (after the kill) to `ready`: the restart
    worked: float  # seconds from `ready` to the kill


@dataclass
class Campaign:
    mode: str  # "ingest" or "refresh"
    folder: Path
    model: Path | None
    rng: random.Random
    stop: threading.Event
    kills: list[Kill] = field(default_factory=list)
    unit_times: list[float] = field(default_factory=list)
    counters: collections.Counter[str] = field(default_factory=collections.Counter)
    child: Child | None = None
    spare: Child | None = None  # the next child, importing while this one works
    # ingest: what the children said
    begun: set[int] = field(default_factory=set)
    added: dict[int, tuple[int, int, int, str]] = field(default_factory=dict)
    next_doc: int = 0
    # refresh: what the children said
    accepted: dict[int, str] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    asked: dict[int, tuple[int, str]] = field(default_factory=dict)
    decided: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    refresh_cvs: dict[int, int] = field(default_factory=dict)
    waiting: tuple[int, int] | None = None  # (session, turn) shown and not answered
    last_session: int | None = None
    restart_turns: dict[int, dict[str, Any]] = field(default_factory=dict)
    restart_done: set[int] = field(default_factory=set)

    @property
    def home(self) -> Path:
        return self.folder / "home"

    def spawn(self, name: str) -> Child:
        args = [self.mode, str(self.home), "--wait"]
        if self.mode == "ingest":
            args += ["--model", str(self.model)]
        return Child(args, self.folder / f"{name}.err")

    def next_child(self, name: str) -> Child:
        child, self.spare = self.spare or self.spawn(name), None
        self.child = child
        if child.wait_for(lambda line: line == "imported", READY_TIMEOUT) is None:
            child.kill()
            child.finish()
            pytest.fail(f"{self.mode} child {name} failed to import:\n{child.stderr()}")
        return child

    def cleanup(self) -> None:
        for child in (self.child, self.spare):
            if child is not None and child.proc.poll() is None:
                child.kill()
                child.finish()

    # ---- the loop --------------------------------------------------------------------

    def run(self) -> None:
        self.folder.mkdir(parents=True)
        for index in range(KILLS):
            if self.stop.is_set():
                return
            self.one_kill(index)
        child = self.next_child("verify")
        child.go("go verify")
        state_line = child.wait_for(lambda line: line.startswith("state "), READY_TIMEOUT)
        code = child.finish()
        assert code == 0 and state_line, f"the verifying child failed:\n{child.stderr()}"
        self.check_state(json.loads(state_line[6:]))

    def plan(self, pace: float) -> tuple[str, tuple[str, int, float] | None, str, int]:
        """(what, the reader's trigger, the failpoint for the child, occurrence)."""
        style = self.rng.random()
        if style < TIME_SHARE:
            return f"time {self.rng.uniform(0, PACE_UNITS[self.mode] * pace):.3f}s", None, "", 1
        if style < TIME_SHARE + MARKER_SHARE:
            marker, most = self.rng.choice(sorted(TARGETS[self.mode].items()))
            occurrence = self.rng.randint(1, OCCURRENCES[self.mode].get(marker, 2))
            extra = self.rng.choice((0.0, self.rng.uniform(0, most)))
            plan = f"marker {marker!r} #{occurrence} +{extra * 1000:.1f}ms"
            return plan, (marker, occurrence, extra), "", occurrence
        marker = self.rng.choice(FAILPOINTS[self.mode])
        occurrence = self.rng.randint(1, OCCURRENCES[self.mode].get(marker, 2))
        return f"failpoint {marker!r} #{occurrence}", ("paused", 1, 0.0), marker, occurrence

    def one_kill(self, index: int) -> None:
        pace = statistics.median(self.unit_times[-15:]) if self.unit_times else None
        pace = pace or DEFAULT_PACE[self.mode]
        plan, trigger, failpoint, occurrence = self.plan(pace)
        child = self.next_child(f"child-{index}")
        launched = time.monotonic()
        if self.mode == "ingest":
            inbox = self.folder / "inbox"
            inbox.mkdir(exist_ok=True)
            for n in range(self.next_doc, self.next_doc + AHEAD):
                kill_child.document(n, inbox)
        command = f"go work {self.next_doc}"
        if failpoint:
            command += f" {failpoint.replace(' ', ':')} {occurrence}"
        child.go(command, trigger)
        if self.mode == "ingest":
            plan = self.maybe_sweep_kill(child, plan)
        state_line = child.wait_for(lambda line: line.startswith("state "), READY_TIMEOUT)
        ready = child.wait_for(lambda line: line == "ready", READY_TIMEOUT)
        self.spare = self.spawn(f"child-{index + 1}" if index + 1 < KILLS else "verify")
        if plan.startswith("sweep") and state_line is None and child.killed_at is not None:
            self.finish(index, plan, child, launched, pace)  # killed in the start-up sweep
            return
        if state_line is None or ready is None:
            child.kill()
            child.finish()
            pytest.fail(f"{self.mode} child {index} did not start:\n{child.stderr()}")
        self.check_state(json.loads(state_line[6:]))
        if plan.startswith("sweep"):
            delay = self.rng.uniform(0, PACE_UNITS[self.mode] * pace)
            plan += f" (not reached: time {delay:.3f}s instead)"
            time.sleep(delay)
        elif trigger is None:
            time.sleep(float(plan.split()[1].rstrip("s")))
        elif not child.wait_killed(min(60, max(MARKER_TIMEOUT, 20 * pace * occurrence))):
            plan += " (not reached: killed at the timeout)"
            self.counters["marker kills not reached (killed at the timeout)"] += 1
        child.kill()
        self.finish(index, plan, child, launched, pace)

    def maybe_sweep_kill(self, child: Child, plan: str) -> str:
        """With documents left half-ingested, stop the child in its start-up sweep (the
        first or second transaction of a removal, or right after it) and kill it there."""
        line = child.wait_for(lambda line: line.startswith("unfinished "), READY_TIMEOUT)
        if line is None or line == "unfinished 0":
            return plan
        if self.rng.random() >= SWEEP_SHARE:
            child.send("sweep")  # no kill in the sweep: the plan's trigger stays armed
            return plan
        marker, occurrence = self.rng.choices(SWEEP_FAILPOINTS, SWEEP_WEIGHTS)[0]
        child.go(f"sweep {marker} {occurrence}", ("paused", 1, 0.0))
        return f"sweep failpoint {marker!r} #{occurrence}"

    def finish(self, index: int, plan: str, child: Child, launched: float, pace: float) -> None:
        code = child.finish()
        assert code == -signal.SIGKILL, (
            f"{self.mode} child {index} ended by itself ({code}), not by the kill:\n"
            f"{child.stderr()}"
        )
        if self.mode == "refresh":
            self.check_resume(child.texts(), f"refresh child {index}")
        self.kills.append(self.record(index, plan, child, launched, pace))

    # ---- what the killed child said --------------------------------------------------

    def record(self, index: int, plan: str, child: Child, launched: float, pace: float) -> Kill:
        assert child.killed_at is not None
        texts = child.texts()
        if "ready" not in texts:  # killed during the start-up sweep
            marker = next(line for line in reversed(texts) if line[:3] in ("txb", "txc", "txe"))
            phase = "start-up sweep: " + phase_of(self.mode, marker, marker, exact=True)
            return Kill(index, plan, phase, True, 0, child.killed_at - launched, 0.0)
        ready = texts.index("ready")
        ready_at = child.lines[ready][0]
        begun_at: float | None = None
        units = 0
        last_marker = "ready"
        open_unit: str | None = None
        for stamp, line in child.lines[ready + 1 :]:
            head = line.split(" ", 1)[0]
            if head == "begin":
                begun_at, open_unit = stamp, line
            elif head in RESULTS[self.mode]:
                if begun_at is not None:
                    self.unit_times.append(stamp - begun_at)
                begun_at, open_unit = None, None
                units += 1
                self.note_result(line)
            if head in ("begin", "txb", "txc", "txe", "vecb", "vece") or head in RESULTS[self.mode]:
                last_marker = line
            if self.mode == "ingest" and head == "begin":
                self.begun.add(int(line.split()[2]))
            if self.mode == "refresh":
                self.note_refresh(line)
        exact = "failpoint" in plan and "(" not in plan  # reached, not killed at a timeout
        phase = phase_of(self.mode, last_marker, open_unit, exact)
        if begun_at is not None and child.killed_at - begun_at > pace:
            # A unit cut off after longer than the pace so far: the pace is at least that
            # (on a busy machine no unit may finish at first).
            self.unit_times.append(child.killed_at - begun_at)
        if self.mode == "ingest":
            unfinished = [n for n in self.begun if n not in self.added]
            self.next_doc = max(unfinished) if unfinished else max(self.begun, default=-1) + 1
        return Kill(
            index,
            plan,
            phase,
            open_unit is not None,
            units,
            ready_at - launched,
            child.killed_at - ready_at,
        )

    def note_result(self, line: str) -> None:
        if self.mode == "ingest" and line.startswith("ingested "):
            _, n, doc_id, _created, chunks, roles, _took, title = words(line, 7)
            self.added[int(n)] = (int(doc_id), int(chunks), int(roles), json.loads(title))

    def note_refresh(self, line: str) -> None:
        head = line.split(" ", 1)[0]
        if head == "question":
            _, session, turn, question = words(line, 3)
            self.asked[int(turn)] = (int(session), json.loads(question))
            self.waiting = (int(session), int(turn))
        elif head == "asked":
            _, session, turn, _took, question = words(line, 4)
            self.asked[int(turn)] = (int(session), json.loads(question))
        elif head == "accepted":
            _, turn, _took, text = words(line, 3)
            self.accepted[int(turn)] = json.loads(text)
            self.waiting = None
        elif head == "skipped":
            self.skipped.add(int(line.split()[1]))
            self.waiting = None
        elif head == "decided":
            _, draft, status, _took, final = words(line, 4)
            self.decided[int(draft)] = (status, json.loads(final))
        elif head == "started":
            self.last_session = int(line.split()[1])
        elif head == "ingested":
            _, n, doc_id, _created, _took = line.split()
            self.refresh_cvs[int(n)] = int(doc_id)

    # ---- what the restarted app shows ------------------------------------------------

    def check_state(self, state: dict[str, Any]) -> None:
        where = f"{self.mode} restart after {len(self.kills)} kills"
        assert state["integrity_before"], f"{where}: integrity_check failed on opening"
        assert state["integrity_after"], f"{where}: integrity_check failed after the sweep"
        assert state["unfinished_after_sweep"] == 0, f"{where}: a half-ingested document left"
        self.counters["restarts that swept a half-ingested document"] += bool(state["swept"])
        documents = {doc["id"]: doc for doc in state["documents"]}
        for doc in documents.values():
            assert doc["chunks"] > 0 and doc["chunks"] == len(doc["chunk_ids"]), (where, doc)
            if doc["kind"] == "cv":
                assert doc["roles"] > 0 and doc["bullets"] > 0, (where, doc)
            else:
                assert doc["requirements"] > 0, (where, doc)
        if "vectors" in state:
            assert state["vectors"]["missing"] == [], f"{where}: chunks without vectors"
            # A vector whose chunk is gone is not harmless: chunk ids are reused (INTEGER
            # PRIMARY KEY), and search maps a vector hit to the chunk that has its id now.
            orphans = state["vectors"]["count"] - sum(d["chunks"] for d in documents.values())
            assert orphans == 0, f"{where}: {orphans} vectors of chunks that are gone"
            assert state["search_hits"] > 0 or not documents, where
        if self.mode == "ingest":
            self.check_documents(documents, where)
        else:
            self.check_refresh(state, documents, where)

    def check_documents(self, documents: dict[int, dict[str, Any]], where: str) -> None:
        by_n: dict[int, dict[str, Any]] = {}
        for doc in documents.values():
            n = int(doc["source"].split("-", 1)[1].split(".", 1)[0])
            assert n in self.begun, f"{where}: a document nobody added: {doc}"
            assert n not in by_n, f"{where}: document {n} is visible twice"
            by_n[n] = doc
        for n, (doc_id, chunks, roles, title) in self.added.items():
            doc = by_n.get(n)
            assert doc is not None, f"{where}: added document {n} (id {doc_id}) is lost"
            assert (doc["id"], doc["chunks"], doc["roles"], doc["title"]) == (
                doc_id,
                chunks,
                roles,
                title,
            ), f"{where}: document {n} changed: {doc}"
        retried = {n for n in by_n if n not in self.added}
        # Only the document a kill interrupted may be there without a report (it was
        # made ready just before the kill); the next child adds it again (deduplicated).
        assert retried <= {self.next_doc}, (where, retried, self.next_doc)
        self.counters["documents ready before the kill but unreported"] += len(retried)

    def check_refresh(
        self, state: dict[str, Any], documents: dict[int, dict[str, Any]], where: str
    ) -> None:
        for n, doc_id in self.refresh_cvs.items():
            assert doc_id in documents, f"{where}: refresh CV {n} (id {doc_id}) is lost"
        turns: dict[int, dict[str, Any]] = {}
        drafts: dict[int, dict[str, Any]] = {}
        done: set[int] = set()
        for session in state["sessions"]:
            pending = [t for t in session["turns"] if t["answer"] is None and not t["skipped"]]
            assert len(pending) <= 1, f"{where}: two questions waiting in {session['id']}"
            for turn in session["turns"]:
                turns[turn["id"]] = turn | {"session": session["id"]}
            for draft in session["drafts"]:
                drafts[draft["id"]] = draft
            if session["status"] == "reviewing" and all(
                d["status"] != "pending" for d in session["drafts"]
            ):
                done.add(session["id"])
        for turn_id, text in self.accepted.items():
            turn = turns.get(turn_id)
            assert turn is not None, f"{where}: the turn of accepted answer {turn_id} is lost"
            assert turn["answer"] == text, f"{where}: accepted answer {turn_id} changed: {turn}"
        for turn_id in self.skipped:
            assert turns[turn_id]["skipped"] and turns[turn_id]["answer"] is None, (where, turn_id)
        for turn_id, (session_id, question) in self.asked.items():
            turn = turns.get(turn_id)
            assert turn is not None, f"{where}: question {turn_id} (shown) is lost"
            assert (turn["session"], turn["question"]) == (session_id, question), (where, turn)
        for draft_id, (status, final_text) in self.decided.items():
            draft = drafts.get(draft_id)
            assert draft is not None, f"{where}: decided draft {draft_id} is lost"
            assert (draft["status"], draft["final"]) == (status, final_text), (where, draft)
        self.restart_turns, self.restart_done = turns, done

    def check_resume(self, lines: list[str], where: str) -> None:
        """The restart went on where the killed child was: the same session, and the same
        waiting question unless its answer was committed just before the kill."""
        if self.waiting is not None:
            session_id, turn_id = self.waiting
            turn = self.restart_turns[turn_id]
            if turn["answer"] is not None or turn["skipped"]:
                self.counters["answers committed before the kill but unreported"] += 1
            else:
                shown = next((line for line in lines if line.startswith("question ")), None)
                if shown is not None:  # None: this child was killed before it got there
                    assert words(shown, 3)[1:3] == [str(session_id), str(turn_id)], (
                        f"{where} did not resume at question {turn_id}: {shown}"
                    )
                    self.counters["restarts that resumed the waiting question"] += 1
        if self.last_session is not None and self.last_session not in self.restart_done:
            started = next((line for line in lines if line.startswith("started ")), None)
            if started is not None:
                assert started.split()[1] == str(self.last_session), (
                    f"{where} did not continue session {self.last_session}: {started}"
                )
                self.counters["restarts that continued the same session"] += 1

    # ---- the report ------------------------------------------------------------------

    def summary(self) -> str:
        phases = collections.Counter(kill.phase for kill in self.kills)
        mid = sum(kill.mid_work for kill in self.kills)
        exact_tx = sum("before COMMIT (failpoint)" in kill.phase for kill in self.kills)
        timed_tx = sum(
            "COMMIT not returned" in kill.phase or " or just before it" in kill.phase
            for kill in self.kills
        )
        units = sum(kill.units_done for kill in self.kills)
        startups = [kill.startup for kill in self.kills] or [0.0]
        worked = [kill.worked for kill in self.kills] or [0.0]
        lines = [
            f"{self.mode}: {len(self.kills)} kills, {mid} mid-work; in an SQLite transaction: "
            f"{exact_tx} exactly (stopped after its last write, before COMMIT), {timed_tx} "
            f"by timing (after its BEGIN marker, before COMMIT returned, or just before "
            f"BEGIN); {units} units of work reported done",
            *(f"    {count:3d}  {phase}" for phase, count in phases.most_common()),
            *(f"    {name}: {count}" for name, count in self.counters.items()),
            f"    restart (open, sweep, check) to `ready`: median "
            f"{statistics.median(startups):.1f} s, max {max(startups):.1f} s; `ready` to "
            f"kill: median "
            f"{statistics.median(worked):.2f} s",
        ]
        if self.mode == "ingest":
            lines.append(f"    documents reported added: {len(self.added)}")
        else:
            lines.append(
                f"    answers accepted: {len(self.accepted)}, skips: {len(self.skipped)}, "
                f"draft decisions: {len(self.decided)}"
            )
        lines += [
            f"    #{kill.index}: {kill.plan}; {kill.units_done} done; start-up "
            f"{kill.startup:.1f} s, worked {kill.worked:.2f} s; {kill.phase}"
            for kill in self.kills
        ]
        return "\n".join(lines)


PHASES = {  # by the last marker; (at a failpoint: exactly there, by timing: after it)
    "txb": ("just before transaction {rest}", "in transaction {rest} or just before it"),
    "txc": ("inside transaction {rest}, all written, before COMMIT",
            "inside transaction {rest}, all written, COMMIT not returned"),
    "txe": ("just after transaction {rest} committed", "after transaction {rest} committed"),
    "vecb": ("just before the chromadb write", "inside the chromadb write"),
    "vece": ("after the chromadb write, before mark_ready",
             "after the chromadb write, before mark_ready"),
}  # fmt: skip


def phase_of(mode: str, marker: str, open_unit: str | None, exact: bool) -> str:
    """Where a kill landed, from the last marker line the child printed before it."""
    head, _, rest = marker.partition(" ")
    if open_unit is None:
        return "between units of work"
    if head == "begin":
        if mode == "ingest":
            return "reading, parsing and embedding (before any write)"
        return f"{rest.split()[0]}: before its first write"
    exactly, after = PHASES.get(head, ("after {head}", "after {head}"))
    where = (exactly if exact else after).format(rest=rest, head=head)
    return f"{where} (failpoint)" if exact else where


@pytest.mark.timeout(1800)  # a guard against a hang; about 5 min on an idle machine
def test_sigkill_during_ingestion_and_refresh(tmp_path: Path, embedding_model: Path) -> None:
    stop = threading.Event()
    ingest = Campaign("ingest", tmp_path / "ingest", embedding_model, random.Random(SEED), stop)
    refresh = Campaign("refresh", tmp_path / "refresh", None, random.Random(SEED + 1), stop)
    errors: list[BaseException] = []

    def run(campaign: Campaign) -> None:
        try:
            campaign.run()
        except BaseException as exc:
            errors.append(exc)
            stop.set()

    started = time.monotonic()
    side = threading.Thread(target=run, args=(refresh,))
    side.start()
    try:
        run(ingest)
    finally:
        side.join(timeout=1800)
        ingest.cleanup()
        refresh.cleanup()
    print(f"\ncrash-kill campaigns took {time.monotonic() - started:.0f} s")
    print(ingest.summary())
    print(refresh.summary())
    if errors:
        raise errors[0]

    assert len(ingest.kills) == KILLS and len(refresh.kills) == KILLS
    assert ingest.added and refresh.accepted  # the children did work between the kills
    for campaign in (ingest, refresh):
        # The children checked with the app's Database.integrity_ok() at every restart;
        # once more here with plain sqlite3, after the last child has gone.
        conn = sqlite3.connect(campaign.home / "loopcoach.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
