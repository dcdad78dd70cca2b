from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from pathlib import Path

import gguf
import pytest

from models.discovery import (
    BAD_MANIFEST_PROBLEM,
    FOLDER,
    GPT4ALL,
    HUGGING_FACE,
    LM_STUDIO,
    MISSING_BLOB_PROBLEM,
    OLLAMA,
    VOCAB_ONLY_PROBLEM,
    FoundModel,
    GGUFArray,
    discover,
    find_candidates,
    find_gguf_files,
    inspect_gguf,
    known_locations,
    read_metadata,
)
from tests.models.gguf_files import place, write_gguf

MINILM_REPO = "second-state/All-MiniLM-L6-v2-Embedding-GGUF"
GEMMA_REPO = "unsloth/gemma-3-270m-GGUF"


def tree_state(root: Path) -> list[tuple[str, int, int]]:
    """Every entry below root (links not followed) with its mtime and size."""
    state = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            info = (Path(folder) / name).lstat()
            relative = (Path(folder) / name).relative_to(root).as_posix()
            state.append((relative, info.st_mtime_ns, info.st_size))
    return sorted(state)


# --- reading one file ----------------------------------------------------------------


def test_finds_and_reads_a_real_embedding_model(tmp_path: Path, embedding_model: Path) -> None:
    folder = tmp_path / "models" / "nested"
    folder.mkdir(parents=True)
    target = folder / embedding_model.name
    shutil.copyfile(embedding_model, target)
    (tmp_path / "models" / "notes.txt").write_text("not a model")

    found = list(find_gguf_files([tmp_path / "models", tmp_path / "missing"]))
    assert found == [target]
    model = inspect_gguf(target)
    assert model.usable, model.problem
    assert model.architecture == "bert"
    assert model.kind == "embedding"
    assert model.context_length == 512
    assert model.size_bytes == embedding_model.stat().st_size
    assert model.quantization == "F16"
    assert model.size_label == "23M"
    assert model.title == "MiniLM L6 H384 Uncased"
    assert not model.has_chat_template


def test_reads_the_real_chat_model(chat_model_path: Path) -> None:
    model = inspect_gguf(chat_model_path)
    assert model.usable, model.problem
    assert model.architecture == "gemma3"
    assert model.kind == "chat"  # a base model is still a chat-kind model
    assert model.quantization == "Q4_K_M"
    assert model.has_chat_template is False
    assert model.context_length == 32768
    assert model.size_label == "270M"
    assert model.size_bytes == chat_model_path.stat().st_size


def test_the_header_parser_agrees_with_ggufs_own_reader(embedding_model: Path) -> None:
    meta = read_metadata(embedding_model)
    reader = gguf.GGUFReader(embedding_model)
    try:
        assert meta.tensor_count == len(reader.tensors)
        assert meta.bytes_needed == embedding_model.stat().st_size
        for name, field in reader.fields.items():
            if name.startswith("GGUF."):
                continue  # the reader's pseudo-fields for the fixed header
            if field.types[0] == gguf.GGUFValueType.ARRAY:
                assert meta.fields[name] == GGUFArray(int(field.types[1]), len(field.data))
            else:
                assert meta.fields[name] == field.contents(), name
        assert set(meta.fields) == {name for name in reader.fields if not name.startswith("GGUF.")}
    finally:
        del reader  # drop the memory map before the next test


def test_a_vocab_only_file_is_reported(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "ggml-vocab-llama.gguf", with_tensors=False)
    model = inspect_gguf(path)
    assert model.problem == VOCAB_ONLY_PROBLEM
    assert not model.usable
    assert model.architecture == "llama"


def test_without_file_type_the_weights_type_names_the_quantisation(tmp_path: Path) -> None:
    model = inspect_gguf(write_gguf(tmp_path / "tiny.gguf"))
    assert model.usable, model.problem
    assert model.quantization == "F16"  # two F16 matrices outweigh the F32 norm


def test_a_file_named_gguf_that_is_not_one_is_reported(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"<html>404 Not Found</html>")
    model = inspect_gguf(bogus)
    assert not model.usable
    assert "not a GGUF file" in model.problem
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    assert "not a GGUF file" in inspect_gguf(empty).problem


def test_a_truncated_gguf_is_reported_as_damaged(tmp_path: Path, embedding_model: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(embedding_model.read_bytes()[:4096])
    model = inspect_gguf(cut)
    assert not model.usable
    assert "damaged" in model.problem


def test_missing_tensor_data_is_an_incomplete_download(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf")
    needed = read_metadata(path).bytes_needed
    with path.open("r+b") as handle:
        handle.truncate(needed - 1)
    model = inspect_gguf(path)
    assert "damaged" in model.problem
    assert "incomplete download" in model.problem


def test_an_old_or_foreign_gguf_is_reported(tmp_path: Path) -> None:
    old = tmp_path / "old.gguf"
    old.write_bytes(b"GGUF" + (1).to_bytes(4, "little") + bytes(64))
    assert "version 1 is too old" in inspect_gguf(old).problem
    big = write_gguf(tmp_path / "big.gguf", endianess=gguf.GGUFEndian.BIG)
    model = inspect_gguf(big)
    assert "big-endian" in model.problem
    assert model.architecture == "llama"  # the header was still read correctly


def test_an_unreadable_path_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "folder.gguf"  # root reads everything, so use what nobody can read
    folder.mkdir()
    assert inspect_gguf(folder).problem.startswith("cannot read")
    assert inspect_gguf(tmp_path / "gone.gguf").problem.startswith("cannot read")


def test_damaged_bytes_never_raise(tmp_path: Path) -> None:
    original = write_gguf(tmp_path / "tiny.gguf").read_bytes()
    tensor_bytes = 2 * 8 * 32 * 2 + 32 * 4  # damage the header, not the weights
    header_end = read_metadata(tmp_path / "tiny.gguf").bytes_needed - tensor_bytes
    damaged = tmp_path / "damaged.gguf"
    rng = random.Random(7)
    problems = set()
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(4, header_end)] = rng.randrange(256)
        damaged.write_bytes(bytes(data))
        model = inspect_gguf(damaged)
        assert isinstance(model, FoundModel)
        problems.add(model.problem.split(":")[0])
    assert "damaged GGUF file" in problems


def test_split_models_are_used_from_their_first_part(tmp_path: Path) -> None:
    write_gguf(tmp_path / "tiny.gguf", split_max_tensors=2)
    first = tmp_path / "tiny-00001-of-00002.gguf"
    second = tmp_path / "tiny-00002-of-00002.gguf"
    model = inspect_gguf(first)
    assert model.usable, model.problem
    assert model.size_bytes == first.stat().st_size + second.stat().st_size
    assert "part 2 of 2" in inspect_gguf(second).problem
    second.unlink()
    assert "part 2 of 2 is missing" in inspect_gguf(first).problem


def test_links_are_not_followed_and_each_file_counts_once(
    tmp_path: Path, embedding_model: Path
) -> None:
    (tmp_path / "link.gguf").symlink_to(embedding_model)
    assert list(find_gguf_files([tmp_path])) == []
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copyfile(embedding_model, folder / "m.gguf")
    assert len(list(find_gguf_files([folder, folder, tmp_path]))) == 1


# --- where the applications keep models --------------------------------------------


def test_known_locations_per_system(tmp_path: Path) -> None:
    home = tmp_path / "home"
    linux = dict(known_locations(home, {}, system="Linux"))
    assert linux[GPT4ALL] == home / ".local/share/nomic.ai/GPT4All"
    assert linux[HUGGING_FACE] == home / ".cache/huggingface/hub"
    assert (LM_STUDIO, home / ".cache/lm-studio/models") in known_locations(home, {})
    mac = dict(known_locations(home, {}, system="Darwin"))
    assert mac[GPT4ALL] == home / "Library/Application Support/nomic.ai/GPT4All"
    local = tmp_path / "AppData-Local"
    windows = dict(known_locations(home, {"LOCALAPPDATA": str(local)}, system="Windows"))
    assert windows[GPT4ALL] == local / "nomic.ai/GPT4All"
    assert dict(known_locations(home, {}, system="Windows"))[GPT4ALL] == (
        home / "AppData/Local/nomic.ai/GPT4All"
    )
    # Only the real home adds the system-wide Ollama service folder.
    assert all(path.is_relative_to(home) for _, path in known_locations(home, {}, system="Linux"))


def test_environment_overrides(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"OLLAMA_MODELS": "~/big-disk/ollama", "HF_HOME": str(tmp_path / "hf")}
    places = known_locations(home, env, system="Linux")
    ollama = [path for source, path in places if source == OLLAMA]
    assert ollama == [home / "big-disk/ollama", home / ".ollama/models"]
    assert dict(places)[HUGGING_FACE] == tmp_path / "hf/hub"
    hub = tmp_path / "hub-cache"
    env = {"HF_HUB_CACHE": str(hub), "HF_HOME": str(tmp_path / "hf")}
    assert dict(known_locations(home, env))[HUGGING_FACE] == hub


def test_lm_studio_home_pointer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "disk" / "lmstudio"
    home.mkdir()
    (home / ".lmstudio-home-pointer").write_text(f"{elsewhere}\n")
    studio = [path for source, path in known_locations(home, {}) if source == LM_STUDIO]
    assert studio[0] == elsewhere / "models"


@pytest.fixture
def fake_home(tmp_path: Path, embedding_model: Path, chat_model_path: Path) -> Path:
    """LM Studio, Ollama, GPT4All and the Hugging Face cache as they lay out their files."""
    home = tmp_path / "home"
    # LM Studio, both the current and the older folder: publisher/repo/file.gguf.
    place(embedding_model, home / f".lmstudio/models/{MINILM_REPO}/all-MiniLM-L6-v2-f16.gguf")
    place(chat_model_path, home / f".cache/lm-studio/models/{GEMMA_REPO}/gemma-3-270m-Q4_K_M.gguf")

    # Ollama: manifests name blobs that have no extension.
    ollama = home / ".ollama/models"
    digest = hashlib.sha256(embedding_model.read_bytes()).hexdigest()
    place(embedding_model, ollama / "blobs" / f"sha256-{digest}")
    manifests = ollama / "manifests/registry.ollama.ai"

    def manifest(name: str, layers: list[dict[str, str]] | str) -> None:
        path = manifests / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = layers if isinstance(layers, str) else json.dumps({"layers": layers})
        path.write_text(body)

    model_layer = "application/vnd.ollama.image.model"
    licence = {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:" + "0" * 64}
    manifest(
        "library/all-minilm/22m",
        [licence, {"mediaType": model_layer, "digest": f"sha256:{digest}"}],
    )
    manifest("someone/ghost/latest", [{"mediaType": model_layer, "digest": "sha256:" + "f" * 64}])
    manifest("library/broken/latest", "{not json")
    manifest("library/escape/latest", [{"mediaType": model_layer, "digest": "sha256:../../x"}])
    manifest("library/template-only/latest", [licence])

    # GPT4All: a flat folder, with GPT4All's own unfinished download beside it.
    gpt4all = home / ".local/share/nomic.ai/GPT4All"
    place(embedding_model, gpt4all / "all-MiniLM-L6-v2.gguf2.f16.gguf")
    (gpt4all / "incomplete-Llama-3.2-3B-Instruct-Q4_0.gguf").write_bytes(b"GGUF\x03")

    # Hugging Face cache: snapshot entries are relative links into blobs/.
    repo = home / ".cache/huggingface/hub/models--second-state--All-MiniLM-L6-v2-Embedding-GGUF"
    blob_hash = digest
    place(embedding_model, repo / "blobs" / blob_hash)
    for revision in ("aaaa1111", "bbbb2222"):  # the same blob in two revisions
        snapshot = repo / "snapshots" / revision
        snapshot.mkdir(parents=True)
        (snapshot / "all-MiniLM-L6-v2-f16.gguf").symlink_to(f"../../blobs/{blob_hash}")
    (repo / "refs").mkdir()
    (repo / "refs/main").write_text("bbbb2222")
    # A link leading out of the cache is not followed.
    (repo / "snapshots/bbbb2222/outside.gguf").symlink_to(embedding_model)
    return home


def test_discovers_every_source_once(fake_home: Path, tmp_path: Path) -> None:
    mine = place(write_gguf(tmp_path / "tiny.gguf"), tmp_path / "mine/tiny-f16.gguf")
    ollama = fake_home / ".ollama/models"
    before = tree_state(fake_home)

    found = discover(
        fake_home,
        # LM Studio's folder is a known source already: its files are not reported again.
        extra_folders=[fake_home / ".lmstudio/models", tmp_path / "mine", tmp_path / "nowhere"],
        env={"OLLAMA_MODELS": str(ollama)},
        system="Linux",
    )

    by_name = {(model.source, model.name): model for model in found}
    assert len(by_name) == len(found)
    resolved = [model.path.resolve() for model in found]
    assert len(set(resolved)) == len(resolved), "a real file was reported twice"
    assert list(by_name) == [
        (LM_STUDIO, f"{MINILM_REPO}/all-MiniLM-L6-v2-f16"),
        (LM_STUDIO, f"{GEMMA_REPO}/gemma-3-270m-Q4_K_M"),
        (OLLAMA, "all-minilm:22m"),
        (OLLAMA, "broken:latest"),
        (OLLAMA, "escape:latest"),
        (OLLAMA, "someone/ghost:latest"),
        (GPT4ALL, "all-MiniLM-L6-v2.gguf2.f16"),
        (HUGGING_FACE, f"{MINILM_REPO}/all-MiniLM-L6-v2-f16"),
        (FOLDER, "tiny-f16"),
    ]

    minilm = by_name[LM_STUDIO, f"{MINILM_REPO}/all-MiniLM-L6-v2-f16"]
    assert (minilm.usable, minilm.kind, minilm.quantization) == (True, "embedding", "F16")
    gemma = by_name[LM_STUDIO, f"{GEMMA_REPO}/gemma-3-270m-Q4_K_M"]
    assert (gemma.kind, gemma.quantization, gemma.has_chat_template) == ("chat", "Q4_K_M", False)

    blob = by_name[OLLAMA, "all-minilm:22m"]
    assert blob.usable, blob.problem
    assert blob.path.parent == ollama / "blobs"
    assert blob.path.name.startswith("sha256-")
    assert blob.kind == "embedding"
    ghost = by_name[OLLAMA, "someone/ghost:latest"]
    assert ghost.problem == MISSING_BLOB_PROBLEM
    assert by_name[OLLAMA, "broken:latest"].problem == BAD_MANIFEST_PROBLEM
    assert by_name[OLLAMA, "escape:latest"].problem == BAD_MANIFEST_PROBLEM

    assert by_name[GPT4ALL, "all-MiniLM-L6-v2.gguf2.f16"].usable
    hf = by_name[HUGGING_FACE, f"{MINILM_REPO}/all-MiniLM-L6-v2-f16"]
    assert hf.usable, hf.problem
    assert hf.path.parent.name == "bbbb2222"  # the revision refs/main points at
    assert hf.path.is_symlink()  # kept as the snapshot name, used in place
    assert by_name[FOLDER, "tiny-f16"].path == mine

    assert tree_state(fake_home) == before, "discovery changed the folders it read"


def test_the_same_folder_reached_twice_counts_once(fake_home: Path) -> None:
    studio = fake_home / ".lmstudio/models"
    link = fake_home / "link-to-studio"
    link.symlink_to(studio, target_is_directory=True)
    env = {"OLLAMA_MODELS": str(fake_home / ".ollama/models")}
    candidates = find_candidates(fake_home, [studio, studio, link], env, system="Linux")
    resolved = [candidate.path.resolve() for candidate in candidates]
    assert len(set(resolved)) == len(resolved)
    assert FOLDER not in {candidate.source for candidate in candidates}


def test_lm_studio_follows_links_without_looping(tmp_path: Path, embedding_model: Path) -> None:
    home = tmp_path / "home"
    studio = home / ".lmstudio/models"
    shared = place(embedding_model, tmp_path / "shared/publisher/repo/model-f16.gguf")
    studio.mkdir(parents=True)
    (studio / "publisher").symlink_to(shared.parent.parent, target_is_directory=True)
    (studio / "loop").symlink_to(studio, target_is_directory=True)
    found = discover(home, env={}, system="Linux")
    assert [(model.source, model.name) for model in found] == [
        (LM_STUDIO, "publisher/repo/model-f16")
    ]
    assert found[0].usable


def test_an_empty_home_finds_nothing(tmp_path: Path) -> None:
    assert discover(tmp_path, env={}, system="Linux") == []
