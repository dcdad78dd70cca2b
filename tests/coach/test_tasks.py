from __future__ import annotations

import pytest

from coach.tasks import Cancelled, CancelToken, Progress, TaskContext


def test_progress_fraction() -> None:
    assert Progress(5, 10).fraction == 0.5
    assert Progress(15, 10).fraction == 1.0
    assert Progress(3).fraction is None
    assert Progress(0, 0).fraction is None


def test_context_reports_until_cancelled() -> None:
    seen: list[object] = []
    token = CancelToken()
    ctx = TaskContext(token, seen.append, seen.append)
    ctx.progress(1, 4, "page 1")
    ctx.partial("tok")
    assert seen == [Progress(1, 4, "page 1"), "tok"]
    token.cancel()
    assert ctx.cancelled
    with pytest.raises(Cancelled):
        ctx.progress(2, 4)
    with pytest.raises(Cancelled):
        ctx.partial("more")
    with pytest.raises(Cancelled):
        ctx.check()
    assert len(seen) == 2


def test_token_wait_returns_early_when_cancelled() -> None:
    token = CancelToken()
    assert token.wait(0.01) is False
    token.cancel()
    assert token.wait(10) is True
