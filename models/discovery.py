"""Find GGUF model files already on disk and read what they are, without loading them.

The header is read with the `gguf` package (maintained with llama.cpp), which maps
the file instead of loading weights, so scanning a folder of large models is quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

GGUF_MAGIC = b"GGUF"
# Architectures llama.cpp serves as sentence embedders rather than chat models.
EMBEDDING_ARCHITECTURES = frozenset({"bert", "nomic-bert", "jina-bert-v2", "t5encoder"})


@dataclass(frozen=True)
class FoundModel:
    path: Path
    size_bytes: int
    name: str = ""
    architecture: str = ""
    kind: str = "unknown"  # "chat", "embedding" or "unknown"
    context_length: int | None = None
    has_chat_template: bool = False
    problem: str = ""  # why the file cannot be used, when it cannot

    @property
    def usable(self) -> bool:
        return not self.problem


def find_gguf_files(folders: Iterable[Path], max_depth: int = 3) -> Iterator[Path]:
    """Every `*.gguf` under the folders (not following links), each path once."""
    seen: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(_walk(folder, max_depth)):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield path


def _walk(folder: Path, depth: int) -> Iterator[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.is_file() and entry.suffix.lower() == ".gguf":
            yield entry
        elif entry.is_dir() and depth > 0 and not entry.name.startswith("."):
            yield from _walk(entry, depth - 1)


def inspect_gguf(path: Path) -> FoundModel:
    """Read a GGUF header; a file that is not GGUF comes back with `problem` set."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return FoundModel(path=path, size_bytes=0, problem=f"cannot read: {exc.strerror}")
    if magic != GGUF_MAGIC:
        return FoundModel(path=path, size_bytes=size, problem="not a GGUF file (wrong header)")
    try:
        from gguf import GGUFReader  # noqa: PLC0415  (numpy import is slow; only when scanning)

        reader = GGUFReader(str(path))
        fields = {name: _field_value(reader, name) for name in reader.fields}
    except Exception as exc:  # truncated or damaged files raise many kinds of errors
        return FoundModel(path=path, size_bytes=size, problem=f"damaged GGUF file: {exc}")
    arch = str(fields.get("general.architecture", ""))
    context = fields.get(f"{arch}.context_length")
    return FoundModel(
        path=path,
        size_bytes=size,
        name=str(fields.get("general.name", "")) or path.stem,
        architecture=arch,
        kind=_kind(arch, fields),
        context_length=int(context) if isinstance(context, int) else None,
        has_chat_template="tokenizer.chat_template" in fields,
    )


def _kind(arch: str, fields: dict[str, object]) -> str:
    if arch in EMBEDDING_ARCHITECTURES or f"{arch}.pooling_type" in fields:
        return "embedding"
    return "chat" if arch else "unknown"


def _field_value(reader: object, name: str) -> object:
    """A scalar or string value of a GGUF key-value field; arrays come back as None."""
    field = reader.fields[name]  # type: ignore[attr-defined]
    try:
        value = field.contents()
    except Exception:
        return None
    if isinstance(value, list):
        return None
    return value
