"""The ways model servers take a JSON schema, and how to tell which one a server honours.

Servers accept the same schema in different request fields, and some accept a field
and then ignore it. So each way is tried on a tiny request whose only valid answer is
one unusual enum value: an answer that is exactly that value proves the server
constrained the output; an error status or anything else moves on to the next way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema  # type: ignore[import-untyped]

Fields = Callable[[dict[str, Any]], dict[str, Any]]


def _response_format_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # OpenAI's structured outputs: vLLM, LM Studio, llama.cpp's llama-server, Ollama >= 0.5.
    return {
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": schema, "strict": True},
        }
    }


def _grammar(schema: dict[str, Any]) -> dict[str, Any]:
    # llama.cpp's GBNF (llama-server and llama-cpp-python's server), made with the same
    # converter as the in-process engine, so strings cannot hold raw control characters.
    from models.chat_engine import json_grammar  # noqa: PLC0415  (loads llama.cpp)

    return {"grammar": json_grammar(json.dumps(schema, sort_keys=True))}


def _json_object_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # llama-cpp-python's server and Anyscale-style JSON mode with a schema.
    return {"response_format": {"type": "json_object", "schema": schema}}


def _llama_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # llama-server's own top-level field.
    return {"json_schema": schema}


def _ollama_format(schema: dict[str, Any]) -> dict[str, Any]:
    # Ollama's native structured outputs.
    return {"format": schema}


# In the order tried: the standard first, then the engines' own fields.
MODES: dict[str, tuple[str, Fields]] = {
    "json_schema": ("response_format json_schema", _response_format_schema),
    "grammar": ("a llama.cpp grammar", _grammar),
    "json_object": ("response_format json_object with a schema", _json_object_schema),
    "llama_json_schema": ("llama.cpp's json_schema field", _llama_json_schema),
    "ollama_format": ("Ollama's format field", _ollama_format),
}

PROBE_VALUE = "loopcoach-structured-probe"
PROBE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"status": {"type": "string", "enum": [PROBE_VALUE]}},
    "required": ["status"],
    "additionalProperties": False,
}
PROBE_PROMPT = "Greet the interviewer in one short sentence."
PROBE_MAX_TOKENS = 24


def request_fields(mode: str, schema: dict[str, Any]) -> dict[str, Any]:
    return MODES[mode][1](schema)


def mode_label(mode: str) -> str:
    return MODES[mode][0]


def probe_passed(text: str) -> bool:
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("status") == PROBE_VALUE


def schema_problem(schema: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """A check of a parsed answer against `schema`: a server may accept the schema and
    still let an answer through that breaks it, so the app checks it itself."""
    validator = jsonschema.Draft202012Validator(schema)

    def check(value: dict[str, Any]) -> str:
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        if error is None:
            return ""
        where = "/".join(str(p) for p in error.absolute_path) or "the answer"
        return f"{where}: {error.validator} {error.validator_value!r}"[:160]

    return check
