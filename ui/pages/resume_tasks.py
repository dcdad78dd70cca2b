"""The Résumé page's background work: each runs as `fn(ctx, ...)` on a worker thread.

No widgets here: the page hands these to the window's task runner and renders what they
return on the GUI thread. Quick SQLite writes (an answer, a skip, a decision) are not
here: the page makes them at once, so an answer is on disk before the next model call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.tasks import TaskContext

if TYPE_CHECKING:
    from coach.protocols import ChatModel
    from coach.refresh.service import RefreshService, SessionView


def next_question_task(
    ctx: TaskContext, service: RefreshService, session_id: int, model: ChatModel | None
) -> SessionView:
    """The session with a question waiting (streamed as partials when the model words
    it), or with the asking over."""
    ctx.progress(0, None, "thinking of a question" if model is not None else "")
    return service.next_question(session_id, model, ctx)


def draft_task(
    ctx: TaskContext, service: RefreshService, session_id: int, model: ChatModel | None
) -> SessionView:
    ctx.progress(0, None, f"{model.name} is drafting" if model is not None else "drafting")
    return service.draft(session_id, model, ctx)


def export_task(
    ctx: TaskContext, service: RefreshService, document_id: int, path: Path, years: float
) -> Path:
    ctx.progress(0, None, f"writing {path.name}")
    return service.export(document_id, path, years)


def preview_task(ctx: TaskContext, service: RefreshService, document_id: int, years: float) -> str:
    """The résumé as it would be exported, in Markdown, for the preview."""
    from coach.refresh.export import to_markdown  # noqa: PLC0415  (only for a preview)

    ctx.progress(0, None, "building the preview")
    return to_markdown(service.resume(document_id, years))
