"""Find GGUF model files already on disk and read what they are, without loading them.

Models are used in place: discovery only reads. It looks where LM Studio, Ollama, GPT4All
and the Hugging Face hub cache keep their downloads, and in any folder the user picks.

The header is parsed here rather than with `gguf.GGUFReader`, using the `gguf` package's
constants. The reader decodes every vocabulary string into Python objects, which took
17 s for Gemma 3's 262k-token vocabulary on this machine; this parser skips arrays
without decoding them and never touches tensor data: 0.13 s for Gemma 3, 17 ms for MiniLM.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import re
import struct
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

GGUF_MAGIC = b"GGUF"
# Architectures llama.cpp serves as sentence embedders rather than chat models; any other
# architecture that states a pooling type is one too.
EMBEDDING_ARCHITECTURES = frozenset(
    {
        "bert",
        "modern-bert",
        "neo-bert",
        "eurobert",
        "nomic-bert",
        "nomic-bert-moe",
        "jina-bert",
        "jina-bert-v2",
        "jina-bert-v3",
        "gemma-embedding",
        "llama-embed",
        "t5encoder",
    }
)

# Source labels, as the UI and the CLI show them.
LM_STUDIO = "LM Studio"
OLLAMA = "Ollama"
GPT4ALL = "GPT4All"
HUGGING_FACE = "Hugging Face"
FOLDER = "Folder"

VOCAB_ONLY_PROBLEM = "vocab-only file: it has a tokenizer but no weights"
MISSING_BLOB_PROBLEM = "Ollama manifest points at a missing blob"
BAD_MANIFEST_PROBLEM = "Ollama manifest is damaged (not the JSON Ollama writes)"
TRUNCATED_PROBLEM = "damaged GGUF file: it ends early (an incomplete download?)"

# `general.type` values that are GGUF files but not runnable models.
_NOT_MODELS = {
    "adapter": "LoRA adapter: it changes a base model and cannot run on its own",
    "mmproj": "vision projector (mmproj): it goes with a chat model and cannot run on its own",
    "imatrix": "importance matrix used for quantising, not a model",
}
_OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"
_OLLAMA_DIGEST = re.compile(r"sha256[:-]([0-9a-f]{64})")
_SPLIT_NAME = re.compile(r"^(?P<prefix>.+)-(?P<no>\d{5})-of-(?P<count>\d{5})\.gguf$")
_MAX_MANIFEST_BYTES = 1 << 20
_MAX_TEXT_VALUE = 16 << 20  # longer is a damaged length field, not a real key or value
_MAX_TENSOR_DIMS = 4  # GGML_MAX_DIMS
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FoundModel:
    path: Path
    size_bytes: int  # of this file, or of all parts for a model split into several files
    name: str = ""
    architecture: str = ""
    kind: str = "unknown"  # "chat", "embedding", "reranker", "projector", "adapter", ...
    context_length: int | None = None
    has_chat_template: bool = False
    problem: str = ""  # why the file cannot be used, when it cannot
    source: str = ""  # LM_STUDIO, OLLAMA, GPT4ALL, HUGGING_FACE or FOLDER
    quantization: str = ""  # "Q4_K_M", "F16", ...
    size_label: str = ""  # parameter count as the file states it: "270M", "8x7B"
    title: str = ""  # `general.name` inside the file

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class Candidate:
    """A file one of the sources points at, before its header is read."""

    path: Path
    source: str
    display_name: str
    problem: str = ""  # known before reading (a manifest pointing at nothing)


@dataclass(frozen=True)
class GGUFArray:
    """An array value, skipped rather than decoded: its element type and length."""

    item_type: int
    count: int


@dataclass(frozen=True)
class GGUFMetadata:
    version: int
    tensor_count: int
    fields: Mapping[str, object]  # numbers, booleans and strings; arrays as GGUFArray
    big_endian: bool  # the file's byte order; llama.cpp reads only the machine's own
    main_tensor_type: str  # most common type among weight matrices, e.g. "Q4_K"
    bytes_needed: int  # the size the header says the file has, at least


class GGUFError(ValueError):
    """A GGUF file llama.cpp cannot read; the message is meant for the user."""


# --- where the applications keep their models ---------------------------------------


def known_locations(
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
) -> list[tuple[str, Path]]:
    """Where each application keeps models on this system, existing or not.

    `system` is `platform.system()` ("Linux", "Darwin", "Windows"); tests pass it.
    A system-wide place (the Linux Ollama service) is looked at only for the real home.
    """
    real_home = home is None
    home = Path.home() if home is None else home
    env = os.environ if env is None else env
    system = platform.system() if system is None else system

    def env_path(name: str) -> Path | None:
        value = env.get(name, "").strip()
        if not value:
            return None
        if value == "~" or value.startswith(("~/", "~\\")):
            return home / value[2:]
        return Path(value)

    places: list[tuple[str, Path]] = []
    lm_home = _lm_studio_home(home)
    downloads = _lm_studio_downloads_folder(lm_home)
    if downloads is not None:
        places.append((LM_STUDIO, downloads))
    places.append((LM_STUDIO, lm_home / "models"))
    places.append((LM_STUDIO, home / ".lmstudio" / "models"))
    places.append((LM_STUDIO, home / ".cache" / "lm-studio" / "models"))

    ollama = env_path("OLLAMA_MODELS")
    if ollama is not None:
        places.append((OLLAMA, ollama))
    places.append((OLLAMA, home / ".ollama" / "models"))
    if real_home and system == "Linux":
        places.append((OLLAMA, Path("/usr/share/ollama/.ollama/models")))  # the systemd service

    if system == "Windows":
        data = env_path("LOCALAPPDATA") or home / "AppData" / "Local"
    elif system == "Darwin":
        data = home / "Library" / "Application Support"
    else:
        data = env_path("XDG_DATA_HOME") or home / ".local" / "share"
    places.append((GPT4ALL, data / "nomic.ai" / "GPT4All"))

    hf_home = env_path("HF_HOME")
    xdg_cache = env_path("XDG_CACHE_HOME")
    hub = (
        env_path("HF_HUB_CACHE")
        or env_path("HUGGINGFACE_HUB_CACHE")
        or (hf_home / "hub" if hf_home else None)
        or (xdg_cache / "huggingface" / "hub" if xdg_cache else None)
        or home / ".cache" / "huggingface" / "hub"
    )
    places.append((HUGGING_FACE, hub))

    unique: list[tuple[str, Path]] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


def _lm_studio_home(home: Path) -> Path:
    """LM Studio writes the path of its home folder into `~/.lmstudio-home-pointer`."""
    try:
        text = (home / ".lmstudio-home-pointer").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return home / ".lmstudio"
    pointed = Path(text) if text else None
    return pointed if pointed is not None and pointed.is_absolute() else home / ".lmstudio"


def _lm_studio_downloads_folder(lm_home: Path) -> Path | None:
    """A models folder the user moved in LM Studio's settings."""
    settings = _read_json(lm_home / "settings.json")
    folder = settings.get("downloadsFolder") if isinstance(settings, dict) else None
    if isinstance(folder, str) and folder.strip() and Path(folder).is_absolute():
        return Path(folder)
    return None


def _read_json(path: Path) -> object:
    """Parsed JSON, or None when missing, too large or not JSON."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_MANIFEST_BYTES + 1)
    except OSError:
        return None
    if len(data) > _MAX_MANIFEST_BYTES:
        return None
    try:
        return json.loads(data)
    except ValueError:  # also UnicodeDecodeError
        return None


# --- finding candidates ------------------------------------------------------------


def discover(
    home: Path | None = None,
    extra_folders: Iterable[Path] = (),
    env: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
) -> list[FoundModel]:
    """Every GGUF model in the known places and the given folders, each real file once."""
    found = []
    for candidate in find_candidates(home, extra_folders, env, system=system):
        if candidate.problem:
            model = FoundModel(path=candidate.path, size_bytes=0, problem=candidate.problem)
        else:
            model = inspect_gguf(candidate.path)
        found.append(replace(model, name=candidate.display_name, source=candidate.source))
    return found


def find_candidates(
    home: Path | None = None,
    extra_folders: Iterable[Path] = (),
    env: Mapping[str, str] | None = None,
    *,
    system: str | None = None,
) -> list[Candidate]:
    """Model files the sources point at, known places first; a file reached twice counts once
    (by its resolved path), under the first source that reached it."""
    scanners = {
        LM_STUDIO: _scan_lm_studio,
        OLLAMA: _scan_ollama,
        GPT4ALL: _scan_gpt4all,
        HUGGING_FACE: _scan_hugging_face,
    }
    places = [
        (source, scanners[source], root)
        for source, root in known_locations(home, env, system=system)
    ]
    places += [(FOLDER, _scan_folder, Path(folder)) for folder in extra_folders]
    seen: set[Path] = set()
    candidates = []
    for _source, scan, root in places:
        if not _is_dir(root):
            continue
        for candidate in scan(root):
            real = _real_path(candidate.path)
            if real is not None and real not in seen:
                seen.add(real)
                candidates.append(candidate)
    return candidates


def _real_path(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: RuntimeError before Python 3.13
        return None


def _is_dir(path: Path) -> bool:
    """Path.is_dir, also False where stat is refused (pathlib raises then)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return True  # cannot tell: treat as a link, which every walk is careful with


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _stem_name(relative: Path) -> str:
    return relative.with_suffix("").as_posix()


def _scan_folder(root: Path) -> Iterator[Candidate]:
    for path in find_gguf_files([root]):
        yield Candidate(path, FOLDER, path.stem)


def _scan_gpt4all(root: Path) -> Iterator[Candidate]:
    for path in find_gguf_files([root], max_depth=1):
        if path.name.startswith("incomplete-"):
            continue  # GPT4All's own download in progress
        yield Candidate(path, GPT4ALL, _stem_name(path.relative_to(root)))


def _scan_lm_studio(root: Path) -> Iterator[Candidate]:
    """`publisher/repo/file.gguf`. People link models into LM Studio's folder from elsewhere,
    so links are followed here, with a guard against loops."""
    for path in _walk_following_links(root, depth=4):
        yield Candidate(path, LM_STUDIO, _stem_name(path.relative_to(root)))


def _walk_following_links(root: Path, depth: int) -> Iterator[Path]:
    visited: set[Path] = set()

    def walk(folder: Path, depth: int) -> Iterator[Path]:
        real = _real_path(folder)
        if real is None or real in visited:
            return
        visited.add(real)
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_file(entry):
                if entry.suffix.lower() == ".gguf":
                    yield entry
            elif _is_dir(entry) and depth > 0:
                yield from walk(entry, depth - 1)

    yield from walk(root, depth)


def _scan_ollama(root: Path) -> Iterator[Candidate]:
    """`manifests/<host>/<namespace>/<model>/<tag>` name a blob `blobs/sha256-<hex>`."""
    manifests = root / "manifests"
    for manifest in _files_at_depth(manifests, 4):
        host, namespace, model, tag = manifest.relative_to(manifests).parts
        name = f"{model}:{tag}"
        if namespace != "library" or host != "registry.ollama.ai":
            name = f"{namespace}/{name}"
        if host != "registry.ollama.ai":
            name = f"{host}/{name}"
        data = _read_json(manifest)
        layers = data.get("layers") if isinstance(data, dict) else None
        if not isinstance(layers, list):
            yield Candidate(manifest, OLLAMA, name, BAD_MANIFEST_PROBLEM)
            continue
        digests = [
            layer.get("digest")
            for layer in layers
            if isinstance(layer, dict) and layer.get("mediaType") == _OLLAMA_MODEL_LAYER
        ]
        if not digests:
            continue  # not a model (Ollama also stores other artefacts this way)
        match = _OLLAMA_DIGEST.fullmatch(digests[0]) if isinstance(digests[0], str) else None
        if match is None:  # also keeps a crafted digest from naming a path outside blobs/
            yield Candidate(manifest, OLLAMA, name, BAD_MANIFEST_PROBLEM)
            continue
        blob = root / "blobs" / f"sha256-{match.group(1)}"
        if _is_file(blob):
            yield Candidate(blob, OLLAMA, name)
        else:
            yield Candidate(blob, OLLAMA, name, MISSING_BLOB_PROBLEM)


def _files_at_depth(folder: Path, depth: int) -> Iterator[Path]:
    """Regular files exactly `depth` levels below the folder, in name order, no links."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if _is_link(entry) or entry.name.startswith("."):
            continue
        if depth > 1 and _is_dir(entry):
            yield from _files_at_depth(entry, depth - 1)
        elif depth == 1 and _is_file(entry):
            yield entry


def _scan_hugging_face(root: Path) -> Iterator[Candidate]:
    """`models--<org>--<repo>/snapshots/<rev>/<file>.gguf`, each a link to `../../blobs/<hash>`.

    Links are followed only when they land inside the cache, so a crafted link cannot send
    the scan elsewhere; the snapshot path is kept because llama.cpp finds the other parts
    of a split model by their names beside it."""
    cache = _real_path(root)
    if cache is None:
        return
    try:
        repos = sorted(entry for entry in root.iterdir() if entry.name.startswith("models--"))
    except OSError:
        return
    for repo in repos:
        repo_id = "/".join(repo.name.split("--")[1:])
        for snapshot in _snapshots(repo):
            for path in _hf_files(snapshot, cache, depth=4):
                relative = _stem_name(path.relative_to(snapshot))
                yield Candidate(path, HUGGING_FACE, f"{repo_id}/{relative}")


def _snapshots(repo: Path) -> list[Path]:
    """Snapshot folders, the revisions `refs/` points at (main first) before older ones."""
    try:
        folders = sorted(entry for entry in (repo / "snapshots").iterdir() if _is_dir(entry))
    except OSError:
        return []
    try:
        refs = sorted((repo / "refs").iterdir(), key=lambda ref: ref.name != "main")
    except OSError:
        refs = []
    current = []
    for ref in refs:
        try:
            current.append(ref.read_text(encoding="ascii").strip())
        except (OSError, UnicodeDecodeError):
            continue
    return sorted(
        folders, key=lambda f: current.index(f.name) if f.name in current else len(current)
    )


def _hf_files(folder: Path, cache: Path, depth: int) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if _is_link(entry):
            target = _real_path(entry)
            if (
                entry.suffix.lower() == ".gguf"
                and target is not None
                and target.is_relative_to(cache)
                and _is_file(target)
            ):
                yield entry
        elif _is_file(entry) and entry.suffix.lower() == ".gguf":
            yield entry  # Windows without symlink rights stores plain files
        elif _is_dir(entry) and depth > 0:
            yield from _hf_files(entry, cache, depth - 1)


def find_gguf_files(folders: Iterable[Path], max_depth: int = 3) -> Iterator[Path]:
    """Every `*.gguf` under the folders (not following links), each path once."""
    seen: set[Path] = set()
    for folder in folders:
        if not _is_dir(folder):
            continue
        for path in sorted(_walk(folder, max_depth)):
            resolved = _real_path(path)
            if resolved is not None and resolved not in seen:
                seen.add(resolved)
                yield path


def _walk(folder: Path, depth: int) -> Iterator[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if _is_link(entry):
            continue
        if _is_file(entry) and entry.suffix.lower() == ".gguf":
            yield entry
        elif _is_dir(entry) and depth > 0 and not entry.name.startswith("."):
            yield from _walk(entry, depth - 1)


# --- reading one file ----------------------------------------------------------------


def inspect_gguf(path: Path) -> FoundModel:
    """Read a GGUF header; a file that cannot be used comes back with `problem` set."""
    try:
        size = path.stat().st_size
        meta = read_metadata(path)
    except OSError as exc:
        return FoundModel(path=path, size_bytes=0, problem=f"cannot read: {exc.strerror or exc}")
    except GGUFError as exc:
        return FoundModel(path=path, size_bytes=size, problem=str(exc))
    fields = meta.fields
    arch = _text(fields.get("general.architecture"))
    context = fields.get(f"{arch}.context_length")
    split_problem, size = _split_parts(path, fields, size)
    kind = _kind(arch, fields)
    return FoundModel(
        path=path,
        size_bytes=size,
        name=_text(fields.get("general.name")) or path.stem,
        architecture=arch,
        kind=kind,
        context_length=context if isinstance(context, int) and context > 0 else None,
        has_chat_template=bool(fields.get("tokenizer.chat_template")),
        problem=_problem(meta, kind, split_problem),
        quantization=_quantization(meta),
        size_label=_text(fields.get("general.size_label")),
        title=_text(fields.get("general.name")),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _kind(arch: str, fields: Mapping[str, object]) -> str:
    general_type = _text(fields.get("general.type"))
    if general_type in _NOT_MODELS:
        return {"mmproj": "projector"}.get(general_type, general_type)
    if arch == "clip":
        return "projector"
    pooling = fields.get(f"{arch}.pooling_type")
    if pooling == _spec().rank_pooling:
        return "reranker"
    if arch in EMBEDDING_ARCHITECTURES or pooling is not None:
        return "embedding"
    return "chat" if arch else "unknown"


def _problem(meta: GGUFMetadata, kind: str, split_problem: str) -> str:
    if meta.big_endian != (sys.byteorder == "big"):
        return "big-endian GGUF file: llama.cpp on this computer cannot load it"
    if split_problem:
        return split_problem
    if meta.tensor_count == 0 and not _is_split(meta.fields):
        return VOCAB_ONLY_PROBLEM
    general_type = _text(meta.fields.get("general.type"))
    if general_type in _NOT_MODELS:
        return _NOT_MODELS[general_type]
    if kind == "projector":
        return _NOT_MODELS["mmproj"]
    return ""


def _is_split(fields: Mapping[str, object]) -> bool:
    count = fields.get("split.count")
    return isinstance(count, int) and count > 1


def _split_parts(path: Path, fields: Mapping[str, object], size: int) -> tuple[str, int]:
    """llama.cpp opens a split model from its first part and finds the rest by name."""
    if not _is_split(fields):
        return "", size
    number, count = fields.get("split.no"), cast(int, fields["split.count"])
    if isinstance(number, int) and number > 0:
        return f"part {number + 1} of {count} of a split model: use the first part", size
    match = _SPLIT_NAME.match(path.name)
    if match is None:
        return "first part of a split model, but not named like one (-00001-of-0000N)", size
    total = size
    for part in range(2, count + 1):
        sibling = path.with_name(f"{match['prefix']}-{part:05d}-of-{count:05d}.gguf")
        try:
            total += sibling.stat().st_size
        except OSError:
            return f"split model: part {part} of {count} is missing ({sibling.name})", size
    return "", total


def _quantization(meta: GGUFMetadata) -> str:
    """`general.file_type` as llama-quantize names it ("Q4_K_M"); else the weights' type."""
    file_type = meta.fields.get("general.file_type")
    name = _spec().file_types.get(file_type) if isinstance(file_type, int) else None
    return name or meta.main_tensor_type


@dataclass(frozen=True)
class _Spec:
    """The GGUF format's numbers, taken from the `gguf` package when first needed."""

    scalars: Mapping[int, str]  # value type -> struct code
    string: int
    array: int
    versions: tuple[int, ...]
    alignment: int
    blocks: Mapping[int, tuple[int, int]]  # tensor type -> (elements, bytes) per block
    tensor_types: Mapping[int, str]  # 12 -> "Q4_K"
    file_types: Mapping[int, str]  # 15 -> "Q4_K_M"
    rank_pooling: int


@functools.cache
def _spec() -> _Spec:
    import gguf  # noqa: PLC0415  (brings numpy, 0.25 s: paid only when scanning)

    codes = {"UINT8": "B", "INT8": "b", "UINT16": "H", "INT16": "h", "UINT32": "I"}
    codes |= {"INT32": "i", "FLOAT32": "f", "BOOL": "?", "UINT64": "Q", "INT64": "q"}
    codes |= {"FLOAT64": "d"}
    value_types = gguf.GGUFValueType
    return _Spec(
        scalars={int(value_types[name]): code for name, code in codes.items()},
        string=int(value_types.STRING),
        array=int(value_types.ARRAY),
        versions=tuple(gguf.READER_SUPPORTED_VERSIONS),
        alignment=gguf.GGUF_DEFAULT_ALIGNMENT,
        blocks={int(kind): sizes for kind, sizes in gguf.GGML_QUANT_SIZES.items()},
        tensor_types={int(kind): kind.name for kind in gguf.GGMLQuantizationType},
        # The enum says MOSTLY_Q4_K_M and ALL_F32; llama-quantize and file names say Q4_K_M.
        file_types={
            int(kind): kind.name.removeprefix("MOSTLY_").removeprefix("ALL_")
            for kind in gguf.LlamaFileType
            if kind.name != "GUESSED"
        },
        rank_pooling=int(gguf.PoolingType.RANK),
    )


class _Truncated(Exception):
    pass


class _Cursor:
    """Reads a file front to back in large chunks; skipped bytes are never read."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        self._handle = handle
        self._size = size
        self._buf = b""
        self._pos = 0  # in _buf
        self._base = 0  # file offset of _buf[0]
        self.order = "<"
        self._structs: dict[str, struct.Struct] = {}

    @property
    def offset(self) -> int:
        return self._base + self._pos

    @property
    def remaining(self) -> int:
        return self._size - self.offset

    def _struct(self, code: str) -> struct.Struct:
        key = self.order + code
        if key not in self._structs:
            self._structs[key] = struct.Struct(key)
        return self._structs[key]

    def _need(self, n: int) -> None:
        if self._pos + n <= len(self._buf):
            return
        rest = self._buf[self._pos :]
        self._base += self._pos
        self._handle.seek(self._base + len(rest))
        self._buf = rest + self._handle.read(max(n - len(rest), _CHUNK))
        self._pos = 0
        if len(self._buf) < n:
            raise _Truncated

    def unpack(self, code: str) -> int | float | bool:
        layout = self._struct(code)
        self._need(layout.size)
        value: int | float | bool = layout.unpack_from(self._buf, self._pos)[0]
        self._pos += layout.size
        return value

    def uint(self, code: str) -> int:
        return int(self.unpack(code))

    def read(self, n: int) -> bytes:
        if n > self.remaining:
            raise _Truncated
        self._need(n)
        data = self._buf[self._pos : self._pos + n]
        self._pos += n
        return data

    def skip(self, n: int) -> None:
        if n > self.remaining:
            raise _Truncated
        if self._pos + n <= len(self._buf):
            self._pos += n
        else:
            self._base, self._buf, self._pos = self.offset + n, b"", 0

    def skip_strings(self, count: int) -> None:
        """The hot loop: a vocabulary is hundreds of thousands of strings."""
        length = self._struct("Q")
        for _ in range(count):
            if self._pos + 8 > len(self._buf):
                self._need(8)
            n = length.unpack_from(self._buf, self._pos)[0]
            self._pos += 8
            if self._pos + n <= len(self._buf):
                self._pos += n
            else:
                self.skip(n)

    def text(self) -> str:
        n = self.uint("Q")
        if n > _MAX_TEXT_VALUE:
            raise GGUFError(f"damaged GGUF file: impossible text length at byte {self.offset}")
        return self.read(n).decode("utf-8", errors="replace")


def read_metadata(path: Path) -> GGUFMetadata:
    """The key-value header and tensor table of a GGUF file; weights are not read.

    Raises GGUFError with a message for the user, or OSError when the file cannot be read.
    """
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        cursor = _Cursor(handle, size)
        try:
            return _parse(cursor, size)
        except _Truncated:
            raise GGUFError(TRUNCATED_PROBLEM) from None
        except (struct.error, OverflowError, MemoryError) as exc:
            raise GGUFError(f"damaged GGUF file: {exc}") from None


def _parse(cursor: _Cursor, size: int) -> GGUFMetadata:
    if size < 4 or cursor.read(4) != GGUF_MAGIC:
        raise GGUFError("not a GGUF file (wrong header)")
    version = cursor.uint("I")
    if version & 0xFFFF == 0:  # written on a machine of the other byte order
        cursor.order = ">"
        version = int.from_bytes(version.to_bytes(4, "little"), "big")
    spec = _spec()
    if version not in spec.versions:
        hint = "too old for llama.cpp" if version < min(spec.versions) else "unknown"
        raise GGUFError(f"GGUF version {version} is {hint}")
    tensor_count = cursor.uint("Q")
    kv_count = cursor.uint("Q")
    # Every entry takes some bytes, so a count beyond the file's size is damage.
    if kv_count * 12 > cursor.remaining or tensor_count * 24 > cursor.remaining:
        raise GGUFError("damaged GGUF file: impossible entry counts")

    fields: dict[str, object] = {}
    for _ in range(kv_count):
        key = cursor.text()
        if key in fields:
            raise GGUFError(f"damaged GGUF file: the key {key} appears twice")
        fields[key] = _value(cursor, spec, cursor.uint("I"), key)

    main_type, data_end = _tensor_table(cursor, spec, tensor_count)
    alignment = fields.get("general.alignment", spec.alignment)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise GGUFError("damaged GGUF file: invalid alignment")
    data_start = -(-cursor.offset // alignment) * alignment
    needed = data_start + data_end if tensor_count else cursor.offset
    if needed > size:
        raise _Truncated
    return GGUFMetadata(
        version=version,
        tensor_count=tensor_count,
        fields=fields,
        big_endian=cursor.order == ">",
        main_tensor_type=main_type,
        bytes_needed=needed,
    )


def _tensor_table(cursor: _Cursor, spec: _Spec, tensor_count: int) -> tuple[str, int]:
    """The most common type among weight matrices, and where the last tensor's data ends
    (relative to the data section), from the tensor table alone."""
    matrices: Counter[int] = Counter()
    everything: Counter[int] = Counter()
    data_end = 0
    for _ in range(tensor_count):
        cursor.skip(cursor.uint("Q"))  # name
        dims = cursor.uint("I")
        if dims > _MAX_TENSOR_DIMS:
            raise GGUFError(f"damaged GGUF file: a tensor with {dims} dimensions")
        elements = 1
        for _ in range(dims):
            elements *= cursor.uint("Q")
        tensor_type = cursor.uint("I")
        offset = cursor.uint("Q")
        everything[tensor_type] += 1
        if dims >= 2:  # norms and biases stay F32 in every quantisation: not telling
            matrices[tensor_type] += 1
        block = spec.blocks.get(tensor_type)  # None for a type newer than `gguf`
        if block is not None:
            data_end = max(data_end, offset + elements // block[0] * block[1])
    common = (matrices or everything).most_common(1)
    return (_type_name(spec, common[0][0]) if common else ""), data_end


def _value(cursor: _Cursor, spec: _Spec, value_type: int, key: str) -> object:
    if value_type == spec.string:
        return cursor.text()
    if value_type == spec.array:
        item_type = cursor.uint("I")
        count = cursor.uint("Q")
        if count > cursor.remaining:
            raise _Truncated
        _skip_items(cursor, spec, item_type, count, key)
        return GGUFArray(item_type, count)
    code = spec.scalars.get(value_type)
    if code is None:
        raise GGUFError(f"damaged GGUF file: unknown value type {value_type} for {key}")
    return cursor.unpack(code)


def _skip_items(cursor: _Cursor, spec: _Spec, item_type: int, count: int, key: str) -> None:
    code = spec.scalars.get(item_type)
    if code is not None:
        cursor.skip(count * struct.calcsize("<" + code))
    elif item_type == spec.string:
        cursor.skip_strings(count)
    elif item_type == spec.array:
        for _ in range(count):
            inner_type = cursor.uint("I")
            _skip_items(cursor, spec, inner_type, cursor.uint("Q"), key)
    else:
        raise GGUFError(f"damaged GGUF file: unknown item type {item_type} in {key}")


def _type_name(spec: _Spec, tensor_type: int) -> str:
    return spec.tensor_types.get(tensor_type, f"type {tensor_type}")
