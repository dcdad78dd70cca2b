"""The Practice page's background work: each runs as `fn(ctx, ...)` on a worker thread.

No widgets here: the page hands these to the window's task runner (the model's work on
the model lane) and renders what they return on the GUI thread. Committing an answer is
not here: the page does that at once, so it is on disk before the interviewer replies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.tasks import TaskContext

if TYPE_CHECKING:
    from coach.drills.scenarios import Round, Scenario
    from coach.drills.service import DrillService, DrillView
    from coach.profile import Level, Track
    from coach.protocols import ChatModel


def follow_up_task(
    ctx: TaskContext, service: DrillService, drill_id: int, model: ChatModel | None
) -> DrillView:
    """The interviewer's next turn (streamed as partials when a model words it)."""
    ctx.progress(0, None, model.name if model is not None else "choosing a probe")
    return service.follow_up(drill_id, model, ctx)


def finish_task(
    ctx: TaskContext, service: DrillService, drill_id: int, model: ChatModel | None, k: int
) -> DrillView:
    """Score the drill k times and combine (the service reports "scoring i of k")."""
    ctx.progress(0, k, "scoring")
    return service.finish(drill_id, model, ctx, k=k)


def generate_task(
    ctx: TaskContext,
    service: DrillService,
    posting_text: str,
    aim: tuple[Level, Track, Round],
    model: ChatModel,
) -> Scenario:
    """A scenario written from the posting for (level, track, round), saved by the service."""
    level, track, round_ = aim
    ctx.progress(0, None, f"{model.name} is writing a scenario")
    return service.generate_scenario(
        posting_text, level=level, track=track, round=round_, model=model, ctx=ctx
    )
