"""The llama.cpp build this project installs: portable flags, and it runs a real model."""

from __future__ import annotations

import math
import platform
from pathlib import Path

from models.runtime_info import llama_build, parse_system_info


def test_parse_system_info() -> None:
    text = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AMX_INT8 = 0 | LLAMAFILE = 1 | n_threads = 2 |"
    assert parse_system_info(text) == {
        "SSE3": True,
        "AVX": True,
        "AVX2": True,
        "AMX_INT8": False,
        "LLAMAFILE": True,
    }


def test_build_reports_version_and_portable_cpu_features() -> None:
    build = llama_build()
    assert build.available, build.error
    import llama_cpp

    assert build.version == llama_cpp.__version__
    if platform.machine() == "x86_64":
        # The Makefile builds with GGML_NATIVE=OFF and AVX2 on: AMX must not be compiled in.
        assert build.features.get("AVX2") is True
        assert not build.features.get("AMX_INT8")


def test_real_embedding_model_runs_on_this_build(embedding_model: Path) -> None:
    from llama_cpp import Llama

    llm = Llama(str(embedding_model), embedding=True, n_ctx=512, n_threads=2, verbose=False)
    try:
        vectors = llm.embed(["Led the migration of 15 services to Kubernetes."], normalize=True)
    finally:
        llm.close()
    assert len(vectors) == 1
    assert len(vectors[0]) == 384
    assert math.isclose(math.sqrt(sum(v * v for v in vectors[0])), 1.0, rel_tol=1e-3)
