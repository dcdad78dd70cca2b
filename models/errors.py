"""Model failures written for a person. `user_facing` tells the window to show the
message as is (see coach.errors.report_for), without importing this package."""

from __future__ import annotations


class ModelError(Exception):
    user_facing = True

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ModelLoadError(ModelError):
    """The file cannot be used as asked: not GGUF, damaged, wrong kind, too big."""


class ContextOverflowError(ModelError):
    """The prompt does not fit the model's context even after trimming old turns."""


class ModelOutputError(ModelError):
    """The model's answer is not what was asked (cut off, or not valid JSON)."""
