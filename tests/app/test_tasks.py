"""The Qt task runner: signals on the GUI thread, cancellation, lanes, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from pytestqt.qtbot import QtBot

from app.tasks import TaskRunner
from coach.errors import ErrorReport, UserError
from coach.storage.db import Database
from coach.tasks import Lane, Progress, TaskContext


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    built = TaskRunner()
    yield built
    assert built.shutdown(5000)


def test_result_progress_and_partials_arrive_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui_thread = threading.get_ident()
    worker_threads: list[int] = []
    seen: list[tuple[str, object, int]] = []

    def work(ctx: TaskContext, count: int) -> int:
        worker_threads.append(threading.get_ident())
        for i in range(count):
            ctx.progress(i + 1, count, f"step {i + 1}")
            ctx.partial(i)
        return count * 10

    handle = runner.submit(work, 3, title="Counting")
    handle.progress.connect(lambda p: seen.append(("progress", p, threading.get_ident())))
    handle.partial.connect(lambda v: seen.append(("partial", v, threading.get_ident())))
    with qtbot.waitSignal(handle.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [30]
    assert worker_threads and worker_threads[0] != gui_thread
    assert all(thread == gui_thread for _, _, thread in seen)
    assert [value for kind, value, _ in seen if kind == "partial"] == [0, 1, 2]
    progress = [value for kind, value, _ in seen if kind == "progress"]
    assert progress[-1] == Progress(3, 3, "step 3")


def test_generator_tasks_stream_partials_and_return_a_result(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def tokens(ctx: TaskContext) -> Iterator[str]:
        yield "Hello"
        yield ", world"
        return "done"

    partials: list[str] = []
    handle = runner.submit(tokens, title="Streaming")
    handle.partial.connect(partials.append)
    with qtbot.waitSignal(handle.succeeded, timeout=5000) as blocker:
        pass
    assert partials == ["Hello", ", world"]
    assert blocker.args == ["done"]


def test_failure_comes_back_as_a_readable_report(qtbot: QtBot, runner: TaskRunner) -> None:
    def broken(ctx: TaskContext) -> None:
        raise KeyError("chunk_id")

    handle = runner.submit(broken, title="Reading your CV")
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    report: ErrorReport = blocker.args[0]
    assert report.message == "Something went wrong while reading your CV."
    assert "Traceback" not in report.message
    assert "KeyError: 'chunk_id'" in report.details
    assert not report.expected


def test_user_errors_keep_their_own_words(qtbot: QtBot, runner: TaskRunner) -> None:
    def encrypted(ctx: TaskContext) -> None:
        raise UserError("This PDF is encrypted.", hint="Export an unlocked copy and add that.")

    handle = runner.submit(encrypted, title="Reading your CV")
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert blocker.args[0].message == "This PDF is encrypted."
    assert blocker.args[0].expected


def test_cancel_stops_a_running_task_promptly(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()
    steps: list[int] = []

    def endless(ctx: TaskContext) -> None:
        started.set()
        i = 0
        while True:
            ctx.check()
            steps.append(i)
            i += 1
            time.sleep(0.005)

    handle = runner.submit(endless, title="Looping")
    assert started.wait(5)
    with qtbot.waitSignals([handle.cancelled, handle.finished], timeout=5000, order="strict"):
        handle.cancel()
    count = len(steps)
    time.sleep(0.05)
    assert len(steps) == count  # the worker really stopped
    assert not handle.running


def test_model_lane_runs_one_task_at_a_time(qtbot: QtBot, runner: TaskRunner) -> None:
    lock = threading.Lock()
    overlaps: list[bool] = []
    inside = [0]

    def inference(ctx: TaskContext) -> None:
        with lock:
            inside[0] += 1
            overlaps.append(inside[0] > 1)
        time.sleep(0.05)
        with lock:
            inside[0] -= 1

    handles = [runner.submit(inference, title="Thinking", lane=Lane.MODEL) for _ in range(3)]
    with qtbot.waitSignals([h.succeeded for h in handles], timeout=5000):
        pass
    assert overlaps == [False, False, False]


def test_shutdown_cancels_running_work(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def waits(ctx: TaskContext) -> None:
        started.set()
        while not ctx.token.wait(0.01):
            pass
        ctx.check()

    runner.submit(waits, title="Waiting")
    assert started.wait(5)
    assert runner.shutdown(2000)



def _open_file_handles(path: Path) -> int:
    return sum(1 for f in psutil.Process().open_files() if Path(f.path) == path)


def test_a_task_closes_its_database_connection_when_it_ends(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = Database(tmp_path / "tasks.sqlite3")
    runner = TaskRunner(on_task_end=db.release_thread)
    assert db.open_connections == 1  # the GUI thread's, from the migrations
    threads: set[int] = set()

    def query(ctx: TaskContext, n: int) -> int:
        threads.add(threading.get_ident())
        with db.transaction() as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return n

    handles = [runner.submit(query, n, title="Reading") for n in range(20)]
    for handle in handles:
        if handle.running:
            qtbot.waitSignal(handle.finished, timeout=10000).wait()
    assert runner.shutdown(5000)
    assert threads  # the tasks ran on pool threads, each of which opened a connection
    assert db.open_connections == 1  # was 21 after 20 tasks: one per pool thread, kept
    db.close()
    assert db.open_connections == 0
    # SQLite keeps a closed connection's file open while another connection in the process
    # holds a lock on it; once the last one closes, none is left.
    assert _open_file_handles(db.path) == 0
