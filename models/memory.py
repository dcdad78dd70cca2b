"""Will a model fit in memory? Asked before loading, so the window can warn first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psutil

# Beyond the weights: the KV cache, compute buffers and the runtime itself. Measured
# on small models it is a few hundred MB at 4k context; 7B models need about 1 GB.
RUNTIME_OVERHEAD_BYTES = 600 * 1024 * 1024


@dataclass(frozen=True)
class MemoryFit:
    needed_bytes: int
    available_bytes: int

    @property
    def fits(self) -> bool:
        return self.needed_bytes <= self.available_bytes

    def describe(self) -> str:
        gb = 1024**3
        return (
            f"The model needs about {self.needed_bytes / gb:.1f} GB of memory and "
            f"{self.available_bytes / gb:.1f} GB is free."
        )


def memory_fit(path: Path, *, n_ctx: int = 4096) -> MemoryFit:
    weights = path.stat().st_size
    kv_guess = n_ctx * 64 * 1024  # ~64 KiB per token of context for mid-size models
    return MemoryFit(
        needed_bytes=weights + kv_guess + RUNTIME_OVERHEAD_BYTES,
        available_bytes=psutil.virtual_memory().available,
    )
