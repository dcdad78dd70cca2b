"""Crash safety during the model's own work: SIGKILL while the real model writes.

The ingest and refresh campaigns of test_crash_kill.py run without a chat model; here a
résumé refresh is worked by the real Qwen2.5-Coder 0.5B Instruct (llama.cpp): it words
every question and drafts the role's lines (tests/trust/model_kill_child.py). One child
at a time works the data folder and is killed with SIGKILL at a point from a seeded
schedule, then the next one (already started, its model loaded) opens the folder:

- half the kills come at the N-th generated token of the child (N uniform in 1..120:
  questions are up to 96 tokens, drafts longer): the child says `at N` and goes on
  generating, and the kill lands a few milliseconds later, inside the decoding or, at
  the end of a call, in the write that follows it (a question added, drafts written);
- half come a random time after the start of the k-th model call (k in 1..2), the
  delay uniform up to the median length of a call measured so far: inside the prompt's
  evaluation or the first tokens.

A kill counts as during model work when the last thing the child said was that a model
call started (or its token cue). The campaign goes on until 30 such kills, each followed
by a restart that checks: the database passes its integrity check; every answer a child
said was committed is there with its text; a session's drafts are either the set it had
before or exactly the complete set the model had finished (never part of one); drafts a
child said were written are there, and decided drafts stay decided. Correctness only:
nothing asserts a time; the summary (`-s`) says where the kills landed.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
KILLS_IN_MODEL_WORK = 30
MAX_LIVES = 60  # a bound: kills that land outside model work do not count
SEED = 19_2026
LOAD_TIMEOUT = 300.0  # a child's start on a loaded machine; only a guard against a hang
ENV = {
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "LOOPCOACH_PASSPHRASE": "model kill passphrase",
}
WORK_MARKERS = ("model", "at")  # the last line said before a kill "during model work"


class Child:
    def __init__(self, home: Path, model: Path) -> None:
        env = {**os.environ, **ENV}
        env.pop("LOOPCOACH_HOME", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "tests.trust.model_kill_child", str(home), str(model)],
            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self.stderr: list[str] = []  # before the threads that fill them start
        self.changed = threading.Condition()
        self._threads = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._drain, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        self.stderr.extend(self.proc.stderr)

    def wait_for(self, test: Any, timeout: float, nth: int = 1) -> tuple[float, str] | None:
        """The `nth` line (from the start) that passes `test`, waiting for it."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                passing = [(when, line) for when, line in self.lines if test(line)]
                if len(passing) >= nth:
                    return passing[nth - 1]
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    return None
                self.changed.wait(min(0.5, max(0.0, deadline - time.monotonic())))

    def go(self, kill_at: int) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {kill_at}\n")
        self.proc.stdin.flush()

    def kill(self) -> str:
        """SIGKILL; returns the last line the child said before it."""
        with self.changed:
            last = self.lines[-1][1] if self.lines else ""
            self.proc.kill()
        self.proc.wait(30)
        for thread in self._threads:  # both pipes reach EOF once the process is gone
            thread.join(30)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return last


@dataclasses.dataclass
class Ledger:
    """What the children said was committed: the restart must show all of it."""

    answers: dict[tuple[int, int], str] = dataclasses.field(default_factory=dict)
    drafts: dict[int, tuple[int, str]] = dataclasses.field(default_factory=dict)  # committed
    finished: dict[int, tuple[int, str]] = dataclasses.field(default_factory=dict)  # in memory
    decided: set[int] = dataclasses.field(default_factory=set)

    def note(self, line: str) -> None:
        word, *rest = line.split(" ", 3)
        if word == "answered":
            self.answers[(int(rest[0]), int(rest[1]))] = rest[2]
        elif word == "drafting":
            self.finished[int(rest[0])] = (int(rest[1]), rest[2])
        elif word == "drafted":
            self.drafts[int(rest[0])] = (int(rest[1]), rest[2])
            self.finished.pop(int(rest[0]), None)
        elif word == "decided":
            self.decided.add(int(rest[0]))

    def check(self, state: dict[str, Any], where: str) -> None:
        from tests.trust.model_kill_child import digest

        assert state["integrity"], f"{where}: integrity check failed"
        sessions = {s["id"]: s for s in state["sessions"]}
        for (session, turn), text in self.answers.items():
            got = sessions.get(session, {}).get("answers", {}).get(str(turn))
            assert got == text, f"{where}: answer {turn} of session {session} lost: {got!r}"
        for session, info in sessions.items():
            drafts = info["drafts"]
            shown = (len(drafts), digest([d[1] for d in drafts]))
            allowed = {self.drafts.get(session, (0, digest([])))}
            if session in self.finished:
                allowed.add(self.finished[session])
            assert shown in allowed, (
                f"{where}: session {session} shows drafts {shown}, not one of {allowed}"
            )
            if session in self.finished and shown == self.finished[session]:
                self.drafts[session] = self.finished.pop(session)  # committed after all
            for draft_id, _text, status in drafts:
                if draft_id in self.decided:
                    assert status != "pending", f"{where}: decision on draft {draft_id} lost"


@dataclasses.dataclass
class Kill:
    plan: str
    last: str
    in_model: bool
    phase: str


def _plan(rng: random.Random) -> tuple[str, int, int, float]:
    """("token", N, 0, 0) or ("time", 0, k, fraction of a median model call)."""
    if rng.random() < 0.5:
        return "token", rng.randint(1, 120), 0, 0.0
    return "time", 0, rng.randint(1, 2), rng.random()


def _phase(line: str) -> str:
    parts = line.split()
    if parts[:1] == ["model"]:
        return parts[1]
    if parts[:1] == ["at"]:
        return parts[2]
    return parts[0] if parts else "?"


@pytest.mark.timeout(3600)  # dozens of model calls on a loaded 2-core machine
def test_sigkill_during_model_refresh_and_drafts(tmp_path: Path, instruct_model_path: Path) -> None:
    home = tmp_path / "home"
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(home), str(instruct_model_path)],
        cwd=REPO, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    rng = random.Random(SEED)
    ledger = Ledger()
    kills: list[Kill] = []
    durations: list[float] = [3.0]
    current = Child(home, instruct_model_path)
    lives = 0
    while sum(k.in_model for k in kills) < KILLS_IN_MODEL_WORK:
        lives += 1
        assert lives <= MAX_LIVES, f"only {sum(k.in_model for k in kills)} kills in model work"
        assert current.wait_for(lambda line: line == "loaded", LOAD_TIMEOUT), current.stderr
        plan, kill_at, nth, fraction = _plan(rng)
        current.go(kill_at)
        following = Child(home, instruct_model_path)  # loads its model meanwhile
        said = current.wait_for(lambda line: line.startswith("state "), LOAD_TIMEOUT)
        assert said is not None, "".join(current.stderr)
        ledger.check(json.loads(said[1][len("state ") :]), f"restart {lives}")
        if plan == "token":
            cue = current.wait_for(lambda line: line.startswith("at "), LOAD_TIMEOUT)
        else:
            cue = current.wait_for(lambda line: line.startswith("model "), LOAD_TIMEOUT, nth)
            if cue is not None:
                time.sleep(fraction * statistics.median(durations))
        assert cue is not None, "".join(current.stderr)
        last = current.kill()
        _measure(current, durations)
        for _when, line in current.lines:
            ledger.note(line)
        in_model = last.split(" ", 1)[0] in WORK_MARKERS
        kills.append(Kill(plan, last[:40], in_model, _phase(last)))
        where = "model" if in_model else "other"
        progress = f"{len(ledger.answers)} answers, {len(ledger.drafts)} drafts"
        print(f"kill {lives}: {plan} {_phase(last)} {where}; {progress}", file=sys.stderr)
        current = following
    current.go(0)
    said = current.wait_for(lambda line: line.startswith("state "), LOAD_TIMEOUT)
    assert said is not None, "".join(current.stderr)
    ledger.check(json.loads(said[1][len("state ") :]), "after the last kill")
    current.kill()
    print(_summary(kills, ledger, durations))
    assert sum(k.in_model for k in kills) >= KILLS_IN_MODEL_WORK
    assert any(k.in_model and k.phase == "draft" for k in kills), _summary(kills, ledger, durations)
    assert ledger.answers, "no answer was ever committed: the campaign made no progress"


def _measure(child: Child, durations: list[float]) -> None:
    """Model calls that ran to their end: a start line followed by the next step."""
    started = None
    for when, line in child.lines:
        if line.startswith("model "):
            started = when
        elif started is not None and line.split(" ", 1)[0] in ("answered", "drafting", "drafted"):
            durations.append(when - started)
            started = None


def _summary(kills: list[Kill], ledger: Ledger, durations: list[float]) -> str:
    by = collections.Counter((k.plan, k.phase, k.in_model) for k in kills)
    lines = [f"{len(kills)} kills, {sum(k.in_model for k in kills)} during model work; "
             f"{len(ledger.answers)} answers, {len(ledger.drafts)} draft sets committed; "
             f"median model call {statistics.median(durations):.1f} s"]  # fmt: skip
    lines += [
        f"  {plan:<5} {phase:<9} {'model' if m else 'other'}: {n}"
        for (plan, phase, m), n in sorted(by.items())
    ]
    return "\n".join(lines)


SETUP = """
import dataclasses, sys
from pathlib import Path
from app.offline import keep_offline
keep_offline()
from app.services import build_services
from coach.library.service import Library
from coach.profile import Level, Profile, Track
from tests.trust.model_kill_child import cv_text
home, model = Path(sys.argv[1]), Path(sys.argv[2])
services = build_services(home)
services.save_settings(dataclasses.replace(services.settings, threads=1))
services.models.add(model)
services.models.use(str(model))
services.profiles.save(Profile(Level.STAFF, Track.SRE))
Library(services.db).ingest_text(cv_text(1), "cv")
services.close()
"""
