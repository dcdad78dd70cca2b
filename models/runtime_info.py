"""What llama.cpp build this install carries, for `loopcoach doctor`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LlamaBuild:
    available: bool
    version: str = ""
    features: dict[str, bool] = field(default_factory=dict)
    system_info: str = ""
    error: str = ""


def parse_system_info(text: str) -> dict[str, bool]:
    """Turn llama.cpp's 'CPU : SSE3 = 1 | AVX2 = 1 | ...' line into flags.

    Keys that appear under several backends keep the first value seen; entries
    that are not `NAME = 0/1` (thread counts, backend names) are skipped.
    """
    features: dict[str, bool] = {}
    for part in text.replace("\n", "|").split("|"):
        name, sep, value = part.rpartition("=")
        name = name.split(":")[-1].strip()
        value = value.strip()
        if sep and name and value in ("0", "1") and name not in features:
            features[name] = value == "1"
    return features


def llama_build() -> LlamaBuild:
    try:
        import llama_cpp  # noqa: PLC0415  (slow import, only when asked)
    except Exception as exc:  # a broken build raises OSError, not ImportError
        return LlamaBuild(available=False, error=f"{type(exc).__name__}: {exc}")
    raw = llama_cpp.llama_print_system_info()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return LlamaBuild(
        available=True,
        version=getattr(llama_cpp, "__version__", "unknown"),
        features=parse_system_info(text),
        system_info=text.strip(),
    )
