"""Errors meant for the candidate's eyes.

Anything raised as a `UserError` carries a message written for a person; the window
shows it as is. Every other exception is a bug and is shown as a generic message
with copyable details.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass


class UserError(Exception):
    """A failure the candidate can understand and often fix."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


@dataclass(frozen=True)
class ErrorReport:
    """What the window shows for a failure: a sentence for a person, details for a bug report."""

    message: str
    hint: str
    details: str
    expected: bool  # True for a UserError, False for a bug


def report_for(exc: BaseException, doing: str) -> ErrorReport:
    """Describe `exc`, raised while `doing` (e.g. "reading your CV"), for the window."""
    details = "".join(traceback.format_exception(exc)).strip()
    # Errors from other layers (models/) mark themselves `user_facing` instead of
    # subclassing UserError, so those layers need not import the domain.
    if isinstance(exc, UserError) or getattr(exc, "user_facing", False):
        return ErrorReport(
            message=getattr(exc, "message", str(exc)),
            hint=getattr(exc, "hint", ""),
            details=details,
            expected=True,
        )
    if isinstance(exc, MemoryError):
        return ErrorReport(
            message=f"Loopcoach ran out of memory while {doing}.",
            hint="Close other programs or choose a smaller model, then try again.",
            details=details,
            expected=False,
        )
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return ErrorReport(
            message=f"A file problem stopped Loopcoach while {doing}: {exc.strerror}{where}.",
            hint="Check that the file exists and the disk has room, then try again.",
            details=details,
            expected=False,
        )
    return ErrorReport(
        message=f"Something went wrong while {doing}.",
        hint="Your saved work is safe. If it happens again, copy the details into a bug report.",
        details=details,
        expected=False,
    )


def outline(exc: BaseException) -> str:
    """An exception's type and where it was raised, for the log, without its message.

    Messages can quote the candidate's words (a parse error, a model's answer, a file
    name), and the log is a plain file; the full details are shown on screen only."""
    parts: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(parts) < 3:
        frames = traceback.extract_tb(current.__traceback__)[-6:]
        where = " < ".join(
            f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames)
        )
        parts.append(f"{type(current).__module__}.{type(current).__qualname__} at {where or '?'}")
        current = current.__cause__ or current.__context__
    return "; caused by ".join(parts)
