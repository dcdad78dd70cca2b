"""The Models page's background work: each runs on a worker through the task runner, turns
the manager's callbacks into task progress, and touches no widget."""

from __future__ import annotations

from pathlib import Path

from coach.tasks import Cancelled, TaskContext
from models.describe import download_text, format_amount
from models.fitness import FitnessResult
from models.manager import LocalModel, ModelManager
from models.transfer import DownloadCancelled, DownloadProgress

SCAN_PLACES = "Looking in LM Studio, Ollama, GPT4All, Hugging Face and your folders"


def download_task(ctx: TaskContext, manager: ModelManager, entry_id: str) -> LocalModel:
    def report(progress: DownloadProgress) -> None:
        ctx.progress(progress.done_bytes, progress.total_bytes, download_text(progress))

    try:
        return manager.download(entry_id, on_progress=report, should_stop=lambda: ctx.cancelled)
    except DownloadCancelled:
        # The incomplete file stays on disk; the runner reports a cancel, not an error.
        raise Cancelled from None


def verify_task(ctx: TaskContext, manager: ModelManager, entry_id: str) -> str:
    def report(progress: DownloadProgress) -> None:
        amount = format_amount(progress.done_bytes, progress.total_bytes)
        ctx.progress(progress.done_bytes, progress.total_bytes, f"checking {amount}")

    try:
        return manager.verify(entry_id, on_progress=report, should_stop=lambda: ctx.cancelled)
    except DownloadCancelled:
        raise Cancelled from None


def check_task(ctx: TaskContext, manager: ModelManager, path: Path) -> FitnessResult:
    # ctx.progress raises Cancelled once Cancel is pressed, and the check reports "Done"
    # before it stores anything, so a cancelled test never records half-measured numbers.
    return manager.check(
        str(path),
        report=ctx.progress,
        should_stop=lambda: ctx.cancelled,
    )


def discover_task(ctx: TaskContext, manager: ModelManager) -> list[LocalModel]:
    ctx.progress(0, None, SCAN_PLACES[:1].lower() + SCAN_PLACES[1:])
    found = manager.discover()
    ctx.check()
    return found


def add_task(ctx: TaskContext, manager: ModelManager, path: Path) -> LocalModel:
    ctx.progress(0, None, "reading what the file holds")
    return manager.add(path)
