"""What the candidate set for one model server: plain data, no HTTP library, so the model
list and settings load at start-up without httpx (see tests/app/test_lazy_imports.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Connection:
    """What the candidate set for one server (the API key is kept elsewhere)."""

    base_url: str
    model: str
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    allow_public: bool = False
    api_key: str = field(default="", repr=False)
