from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment would send "loopback" requests off the machine."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="session")
def llama_server(instruct_model_path, embedding_model, tmp_path_factory):
    """One real `python -m llama_cpp.server` on 127.0.0.1 for the whole session, serving
    Qwen2.5-Coder-0.5B-Instruct ("qwen-0.5b") and all-MiniLM-L6-v2 ("minilm", embeddings)."""
    from tests.models.llama_server import LlamaServer, ServedModel

    server = LlamaServer(
        [
            ServedModel("qwen-0.5b", instruct_model_path),
            ServedModel("minilm", embedding_model, embedding=True, n_ctx=512),
        ],
        tmp_path_factory.mktemp("llama-server"),
    )
    with server:
        yield server
