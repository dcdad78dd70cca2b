"""Turning a schema-constrained answer into a dict, the same way for every engine.

A grammar (or a server's structured-output mode) guarantees a valid prefix, not a
finished object: a cut-off or unparsable answer is retried, then reported in words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from models.errors import ModelOutputError
from models.generation import Generation

Generate = Callable[[], Generation]
# Returns what is wrong with a parsed answer for the schema, or "" when it fits.
SchemaCheck = Callable[[dict[str, Any]], str]


def answer_json(
    generate: Generate, *, attempts: int, check: SchemaCheck | None = None
) -> dict[str, Any]:
    last = Generation()
    problem = ""
    for _ in range(attempts):
        last = generate()
        if last.finish_reason == "cancelled":
            raise ModelOutputError("The answer was cancelled before it was complete.")
        if last.finish_reason == "length":
            continue
        try:
            value = json.loads(last.text)
        except ValueError:
            problem = "was not valid JSON"
            continue
        if not isinstance(value, dict):
            problem = "was not valid JSON"
            continue
        problem = check(value) if check is not None else ""
        if not problem:
            return value
        problem = f"did not fit the answer's schema ({problem})"
    reason = "was cut off at the length limit" if last.finish_reason == "length" else problem
    raise ModelOutputError(
        f"The model's answer {reason or 'was not valid JSON'} after {attempts} tries.",
        hint="Try again, or choose a larger model.",
    )
