"""Nothing leaves the machine: the switches that turn off every library's telemetry and
implicit downloads, set before any of those libraries is imported.

Each library reads its switch when it is imported or when its client is built, so
`keep_offline()` must run first thing in the process (app/main.py's `main`, before the
CLI or the window imports anything). Every switch is set whatever the environment said:
a shell that turns telemetry on for other tools does not turn it on here.

What each switch does, in the library versions this app ships (read in their sources):

- `ANONYMIZED_TELEMETRY=False`: chromadb's `Settings.anonymized_telemetry`
  (chromadb/config.py) is a pydantic `BaseSettings` field, read from the environment
  and from a `.env` file in the working directory; it defaults to True. The product
  telemetry client (chromadb/telemetry/product/posthog.py) is a no-op in chromadb 1.5,
  but earlier versions sent events to PostHog. coach/storage/vectors.py also
  passes `anonymized_telemetry=False`; the variable covers any other client. An
  environment variable outranks a `.env` file in pydantic-settings.
- `CHROMA_OTEL_GRANULARITY=none`: chromadb's OpenTelemetry tracing
  (chromadb/telemetry/opentelemetry/__init__.py) exports spans to
  `chroma_otel_collection_endpoint` once a granularity is set; a stray `.env` in the
  folder Loopcoach is started from could set both. "none" is chromadb's own default.
- `OTEL_SDK_DISABLED=true`: the OpenTelemetry SDK that chromadb pulls in hands out
  no-op tracers, meters and loggers (opentelemetry/sdk/trace/__init__.py,
  sdk/metrics/_internal, sdk/_logs/_internal): nothing is recorded, so nothing can be
  exported, whatever else is configured.
- `OTEL_TRACES_EXPORTER`, `OTEL_METRICS_EXPORTER`, `OTEL_LOGS_EXPORTER` = `none`: the
  SDK's environment configuration (opentelemetry/sdk/_configuration) builds no exporter.
- `HF_HUB_OFFLINE=1`: huggingface_hub (constants.py) makes no HTTP call at all; it is
  imported by faster-whisper (faster_whisper/utils.py), whose `download_model` would
  otherwise fetch a model named by size instead of a folder. Model downloads the
  candidate starts go through models/download.py (httpx), which this does not affect.
- `TRANSFORMERS_OFFLINE=1`: the same for transformers, and huggingface_hub falls back
  to it (constants.py: `HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE`).
- `HF_HUB_DISABLE_TELEMETRY=1`: huggingface_hub's `send_telemetry`
  (utils/_telemetry.py) sends nothing.
- `HF_HUB_DISABLE_UPDATE_CHECK=1`: huggingface_hub's version and skills checks
  (cli/_cli_utils.py, cli/extensions.py) stay off.
- `ORT_DISABLE_TELEMETRY=1`: onnxruntime sends telemetry from Linux and macOS too since
  1.29 (1DS; microsoft/onnxruntime PR #27379, OHF-Voice/wyoming-piper issue #64). On its
  first session (faster-whisper's Silero VAD runs on it) it writes a device id and an
  event cache under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/ and tries to post a
  ProcessInfo event (OS, CPU model, container kind, the Python executable's path, the
  device id) to mobile.events.data.microsoft.com. Measured with 1.31.1: five DNS
  lookups of that host in one workflow, from native code that a Python audit hook does
  not see (tests/trust/test_no_network.py found them with strace); with the variable,
  no lookup, no device id, no cache. It is read once, when onnxruntime's environment is
  created (the name is in libonnxruntime.so; PR #29843's title says
  ORT_TELEMETRY_DISABLED, which this build does not contain).
- `DO_NOT_TRACK=1`: the cross-tool convention (https://donottrack.sh); huggingface_hub
  honours it, and so do tools this list does not know yet.

Not switchable from the environment, so handled in code or not needed:
- chromadb downloads an ONNX embedding model the first time a collection embeds text
  itself; coach/storage/vectors.py creates every collection with
  `embedding_function=None` and passes our own vectors.
- faster-whisper fetches a missing tokenizer.json from the internet; models/transcriber.py
  refuses a folder without one and loads with `local_files_only=True`.
- onnxruntime on Windows logs ETW events instead (its older telemetry). Whether the
  variable silences those is not documented; `onnxruntime.disable_telemetry_events()`
  does, once onnxruntime is imported (worth calling where the Windows build loads it).
- llama.cpp, CTranslate2, chromadb's Rust core, pypdf, python-docx and reportlab made no
  network call in the traced workflow. PySide6 was not loaded there: the window's own
  start-up is not covered by that measurement.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

OFFLINE_ENV: dict[str, str] = {
    "ANONYMIZED_TELEMETRY": "False",
    "CHROMA_OTEL_GRANULARITY": "none",
    "OTEL_SDK_DISABLED": "true",
    "OTEL_TRACES_EXPORTER": "none",
    "OTEL_METRICS_EXPORTER": "none",
    "OTEL_LOGS_EXPORTER": "none",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def keep_offline(environ: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set every switch in OFFLINE_ENV, whatever the environment said.

    Telemetry stays off even when the candidate's shell turns it on for other tools
    (a global `ANONYMIZED_TELEMETRY=True`, say): Loopcoach promises nothing leaves the
    machine. Returns the values that were overridden, so the caller can log them."""
    env = os.environ if environ is None else environ
    overridden: dict[str, str] = {}
    for name, value in OFFLINE_ENV.items():
        current = env.get(name, "")
        if current.strip() and current.strip().lower() != value.lower():
            overridden[name] = current
        env[name] = value
    return overridden
