"""`loopcoach models ...` as a user runs it, on real model files and a loopback server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from tests.models.http_server import FileServer
from tests.registry_models import minilm_sha256

# The file the embedding_model fixture gives (from ../shared, or built from its wheel).
MINILM_SHA256 = minilm_sha256()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def models(*args: str, home: Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run("models", *args, home=home, extra_env=env)


def test_list_shows_the_catalog_with_status(home: Path) -> None:
    result = models("list", "--json", home=home)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert len(listing["catalog"]) >= 9
    assert {row["status"] for row in listing["catalog"]} == {"available"}
    assert listing["installed"] == []
    text = models("list", home=home).stdout
    assert "qwen2.5-3b-instruct-q4_k_m" in text and "Nothing installed yet." in text


def test_add_use_check_and_wrong_kind(home: Path, embedding_model: Path) -> None:
    added = models("add", str(embedding_model), "--json", home=home)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["kind"] == "embedding"

    wrong = models("use", embedding_model.name, "--kind", "chat", home=home)
    assert wrong.returncode == 2
    assert "is an embedding model, not a chat model" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    used = models("use", embedding_model.name, "--json", home=home)
    assert json.loads(used.stdout)["active"] is True

    checked = models("check", embedding_model.name, "--json", home=home)
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout)
    assert result["kind"] == "embedding" and result["chunks_per_second"] > 0
    listed = json.loads(models("list", "--json", home=home).stdout)["installed"]
    assert listed[0]["fitness"]["chunks_per_second"] == result["chunks_per_second"]


def test_discover_a_folder(home: Path, embedding_model: Path) -> None:
    result = models("discover", str(embedding_model.parent), "--json", home=home)
    assert result.returncode == 0, result.stderr
    found = {Path(m["path"]).name: m for m in json.loads(result.stdout)}
    assert found[embedding_model.name]["kind"] == "embedding"
    missing = models("discover", str(home / "nowhere"), home=home)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr


def test_bad_names_and_files_are_clear_errors(home: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a model at all")
    cases = [
        (("add", str(bogus)), "not a GGUF file"),
        (("download", "no-such-model"), "No catalog model is called 'no-such-model'"),
        (("verify", "qwen2.5-3b-instruct-q4_k_m"), "is not installed"),
        (("use", "nothing-here"), "No model called 'nothing-here'"),
    ]
    for args, message in cases:
        result = models(*args, home=home)
        assert result.returncode == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr


@pytest.fixture
def served_catalog(tmp_path: Path, embedding_model: Path) -> Iterator[Path]:
    with FileServer({"minilm.gguf": embedding_model}) as server:
        catalog = tmp_path / "catalog.json"
        catalog.write_text(
            json.dumps(
                {
                    "version": 1,
                    "models": [
                        {
                            "id": "test-minilm",
                            "name": "Test MiniLM",
                            "kind": "embedding",
                            "format": "gguf",
                            "files": [
                                {
                                    "name": "minilm.gguf",
                                    "url": server.url("minilm.gguf"),
                                    "size_bytes": embedding_model.stat().st_size,
                                    "sha256": MINILM_SHA256,
                                }
                            ],
                            "min_ram_gb": 1,
                            "licence": "Apache-2.0",
                        }
                    ],
                }
            )
        )
        yield catalog


def test_download_then_verify_from_a_catalog_file(home: Path, served_catalog: Path) -> None:
    env = {"LOOPCOACH_CATALOG": str(served_catalog)}
    downloaded = models("download", "test-minilm", "--json", home=home, env=env)
    assert downloaded.returncode == 0, downloaded.stderr
    path = Path(json.loads(downloaded.stdout)["path"])
    # Models are kept outside the sealed data folder, in the platform's data dir (HOME is
    # the test's own, see tests/e2e/test_cli.py:run).
    assert path.parent.name == "loopcoach-models" and path.name == "minilm.gguf"
    assert path.is_relative_to(home.parent / "user-home") and path.is_file()
    verified = models("verify", "test-minilm", home=home, env=env)
    assert verified.returncode == 0 and "matches its published sha256" in verified.stdout
    status = json.loads(models("list", "--json", home=home, env=env).stdout)["catalog"]
    assert status[0]["status"] == "installed"


def test_a_server_model_added_with_its_api_key_sealed_and_chosen(home: Path) -> None:
    """No keyring in the child process: the API key is sealed with the data key."""
    from tests.models.status_server import Script, StatusServer

    with StatusServer(Script(models=["qwen2.5-7b"], api_key="s3cret-key")) as server:
        refused = models("remote", "add", "box", server.url, home=home)
        assert refused.returncode == 2 and "needs an API key" in refused.stderr
        assert "Traceback" not in refused.stderr
        added = models(
            "remote", "add", "box", server.url, "--api-key-from-keyring", "--json",
            home=home, env={"LOOPCOACH_SERVER_API_KEY": "s3cret-key"},
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        data = json.loads(added.stdout)
        assert data["model"] == "qwen2.5-7b" and data["key_store"] in ("keyring", "sealed")
        assert "this computer" in data["place"]
        # Server settings sit beside the model registry, outside the data folder.
        child_home = home.parent / "user-home"  # the HOME `run` gives the CLI
        stored = (child_home / ".local" / "share" / "loopcoach-models" / "remote.json").read_text()
        assert "s3cret-key" not in stored
        used = models("use", "box", home=home)
        assert used.returncode == 0 and "Active chat model: box" in used.stdout
        listed = models("remote", "list", home=home).stdout
        assert "* chat      box: qwen2.5-7b" in listed and "API key kept" in listed
        probed = models("remote", "probe", server.url, home=home)
        assert probed.returncode == 2 and "API key" in probed.stderr

    public = models("remote", "add", "cloud", "http://8.8.8.8:8080/v1", "--model", "x", home=home)
    assert public.returncode == 2 and "public address" in public.stderr
    assert "--allow-public-address" in public.stderr
