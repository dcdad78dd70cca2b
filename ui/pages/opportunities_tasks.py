"""The Opportunities page's background work: each runs as `fn(ctx, ...)` on a worker thread.

No widgets here: the page hands these to the window's task runner and renders what they
return on the GUI thread. Saving notes is not here: it is a quick SQLite write the page
makes at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.tasks import TaskContext

if TYPE_CHECKING:
    from coach.prep.model_prep import RequirementExtraction
    from coach.prep.records import Prep
    from coach.prep.service import PrepService
    from coach.profile import Level
    from coach.protocols import ChatModel


def prep_task(ctx: TaskContext, service: PrepService, posting_id: int, level: Level) -> Prep:
    """The posting's requirements against the stories and the CV, the gaps, the keyword
    coverage, the values, the round plan and the questions to ask."""
    ctx.progress(0, 3, "reading the posting")
    return service.prep(posting_id, level, ctx)


def export_task(
    ctx: TaskContext, service: PrepService, posting_id: int, level: Level, path: Path
) -> Path:
    """The brief as Markdown or PDF (by the file's suffix), prepared afresh."""
    ctx.progress(0, None, f"writing {path.name}")
    return service.export_brief(posting_id, level, path, ctx)


def model_prep_task(
    ctx: TaskContext, service: PrepService, posting_id: int, level: Level, model: ChatModel
) -> tuple[Prep, RequirementExtraction, str]:
    """The model looks for requirements the rules missed (kept only when the posting says
    them), then the prep is made again and the model explains its matches (withheld when
    they claim what the candidate never said). When only the explaining fails, what was
    found is kept and the third item says why there are no explanations."""
    return service.model_prep(posting_id, level, model, ctx)
