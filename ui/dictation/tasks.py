"""Dictation's background work: each runs as `fn(ctx, ...)` on a worker thread.

No widgets here. The transcript's segments are streamed as the task's partial results
(`ctx.partial`), which the runner delivers, queued, to the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.tasks import TaskContext

if TYPE_CHECKING:
    from coach.delivery.records import Dictation
    from coach.delivery.service import DictationService


def transcribe_task(
    ctx: TaskContext, service: DictationService, audio_path: Path, context: str
) -> Dictation:
    """The recording's transcript and delivery; each segment is a partial as it comes."""
    ctx.progress(0, None, "listening to your answer")
    return service.transcribe(audio_path, ctx, context=context, on_text=ctx.partial)


def import_task(
    ctx: TaskContext, service: DictationService, source: Path, context: str
) -> Dictation:
    """Copy an audio file into the data folder, then transcribe it."""
    ctx.progress(0, None, f"copying {source.name}")
    audio_path = service.import_audio(source)
    return transcribe_task(ctx, service, audio_path, context)
