"""The child process of test_no_network.py: the network guard goes in first, then the
app's own start-up switch (app.offline.keep_offline), then the whole workflow.

    python -m tests.trust.offline_child workflow REPORT HOME OUTSIDE EMBEDDING CHAT WHISPER
    python -m tests.trust.offline_child probe REPORT

Writes a JSON report (what the guard saw, what the workflow did) to REPORT and exits 0
only when the run finished and nothing tried to reach another machine.
"""

from __future__ import annotations

# The guard is installed before anything else is imported: it is stdlib only, and the
# packages above it (tests, tests.trust) have empty __init__ files.
from tests.trust import net_guard

GUARD = net_guard.install(net_guard.GuardLog())

import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# Modules worth naming in the report when they were imported during the run.
WATCHED_MODULES = (
    "chromadb",
    "chromadb_rust_bindings",
    "onnxruntime",
    "opentelemetry.sdk",
    "grpc",
    "huggingface_hub",
    "faster_whisper",
    "ctranslate2",
    "llama_cpp",
    "httpx",
    "requests",
    "urllib3",
    "posthog",
    "kubernetes",
    "PySide6",
)


def run_workflow_child(home: Path, outside: Path, models: list[str]) -> dict[str, Any]:
    from app.offline import OFFLINE_ENV, keep_offline

    overridden = keep_offline()  # what app/main.py does first
    from tests.trust.workflow import ModelPaths, run_workflow

    report: dict[str, Any] = {
        "overridden": overridden,
        "offline_env": {name: os.environ.get(name) for name in OFFLINE_ENV},
    }
    try:
        summary = run_workflow(
            home,
            outside,
            ModelPaths(*(Path(m) for m in models)),
            say=lambda text: print(text, flush=True),
        )
        report["summary"] = summary.as_dict()
        report["error"] = None
    except BaseException:
        report["error"] = traceback.format_exc()
    report["modules"] = sorted(m for m in WATCHED_MODULES if m in sys.modules)
    return report


def _attempt(name: str, call: Any) -> dict[str, Any]:
    """Run `call`; the guard's record (not the exception, which urllib wraps and a
    library may swallow) says whether it was refused."""
    before = len(GUARD.attempts)
    error = ""
    try:
        call()
    except OSError as exc:  # NetworkAttempt is an OSError, as a library expects
        error = f"{type(exc).__name__}: {exc}"
    return {"name": name, "refused": len(GUARD.attempts) - before, "error": error}


def _swallowed() -> None:
    """A library that catches the refusal and carries on is still on the record."""
    with contextlib.suppress(Exception):
        socket.getaddrinfo("telemetry.example.com", 443)


def run_probe() -> dict[str, Any]:
    """Deliberate attempts, out and local, so the parent can check the guard's verdicts
    without any network being there: the hook fires before anything is sent."""
    import urllib.request

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    results = [
        _attempt("create_connection example.org", lambda: socket.create_connection(
            ("example.org", 80), timeout=2)),
        _attempt("getaddrinfo example.org", lambda: socket.getaddrinfo("example.org", 443)),
        _attempt("gethostbyname example.org", lambda: socket.gethostbyname("example.org")),
        _attempt("connect 93.184.215.14", lambda: socket.socket().connect(
            ("93.184.215.14", 80))),
        _attempt("udp sendto 8.8.8.8", lambda: socket.socket(
            socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))),
        _attempt("urlopen http://example.org", lambda: urllib.request.urlopen(
            "http://example.org/", timeout=2)),
        _attempt("bind 0.0.0.0", lambda: socket.socket().bind(("0.0.0.0", 0))),
        _attempt("swallowed getaddrinfo", _swallowed),
        _attempt("connect 127.0.0.1", lambda: socket.create_connection(
            ("127.0.0.1", port), timeout=2).close()),
        _attempt("getaddrinfo localhost", lambda: socket.getaddrinfo("localhost", port)),
        _attempt("connect ::1", lambda: socket.socket(socket.AF_INET6).connect(
            ("::1", port))),
        _attempt("unix socketpair", lambda: [s.sendall(b"x") for s in socket.socketpair()]),
    ]  # fmt: skip
    server.close()
    return {"probes": results}


def main(argv: list[str]) -> int:
    mode, report_path = argv[0], Path(argv[1])
    if mode == "probe":
        report = run_probe()
        ok = True
    else:
        report = run_workflow_child(Path(argv[2]), Path(argv[3]), argv[4:7])
        ok = report["error"] is None
    report["guard"] = GUARD.as_dict()
    report_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if ok and (mode == "probe" or not GUARD.attempts) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
