"""What a download is and reports, without the HTTP client: the catalog, the Models page
and the CLI use these types, and only a real download imports httpx (start-up stays quick).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from models.errors import ModelError

INCOMPLETE_PREFIX = "incomplete-"
Phase = Literal["downloading", "verifying"]

_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")


class DownloadError(ModelError):
    """A download failed; the message is a sentence meant for the person using the app."""


class DownloadCancelled(Exception):
    """`should_stop()` asked to stop; the incomplete file is kept so a later call resumes."""


@dataclass(frozen=True)
class DownloadProgress:
    """One progress report. `done_bytes` only grows, except when a server ignores a resume
    request and the file starts again from zero."""

    done_bytes: int
    total_bytes: int | None
    bytes_per_second: float
    eta_seconds: float | None
    phase: Phase  # "downloading" or "verifying" (hashing bytes already on disk)

    @property
    def fraction(self) -> float | None:
        if not self.total_bytes:
            return None
        return min(1.0, self.done_bytes / self.total_bytes)


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch: its final name, where it is, and what it should be."""

    name: str
    url: str
    size_bytes: int | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        # The name becomes a path: refuse anything that could escape the destination.
        if (
            not self.name
            or self.name in {".", ".."}
            or any(c in self.name for c in "/\\\0")
            or self.name.startswith(INCOMPLETE_PREFIX)
        ):
            raise ValueError(f"not a plain file name: {self.name!r}")
        if urlsplit(self.url).scheme.lower() not in {"http", "https"}:
            raise ValueError(f"not an http or https URL: {self.url!r}")
        if self.size_bytes is not None and self.size_bytes < 0:
            raise ValueError(f"negative size for {self.name}: {self.size_bytes}")
        if self.sha256 is not None and not _SHA256_RE.fullmatch(self.sha256):
            raise ValueError(f"not a sha256 hex digest for {self.name}: {self.sha256!r}")
