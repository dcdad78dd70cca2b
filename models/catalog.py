"""The catalog of recommended models, kept as data in catalog.json beside this module."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from models.transfer import RemoteFile


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    kind: str  # "chat", "embedding" or "speech"
    format: str  # "gguf" or "ctranslate2" (a folder of files)
    quantization: str
    files: tuple[RemoteFile, ...]
    min_ram_gb: float
    context_length: int | None
    licence: str
    licence_url: str
    publisher_page: str
    recommended_for: str
    unconfirmed: tuple[str, ...]

    @property
    def size_bytes(self) -> int | None:
        sizes = [f.size_bytes for f in self.files]
        return None if None in sizes else sum(s for s in sizes if s is not None)

    def install_path(self, models_dir: Path) -> Path:
        """A GGUF is one file; a speech model is a folder named after the entry."""
        if self.format == "gguf":
            return models_dir / self.files[0].name
        return models_dir / self.id


def load_catalog(text: str | None = None) -> list[CatalogEntry]:
    raw = json.loads(
        text
        if text is not None
        else resources.files("models").joinpath("catalog.json").read_text("utf-8")
    )
    return [
        CatalogEntry(
            id=item["id"],
            name=item["name"],
            kind=item["kind"],
            format=item["format"],
            quantization=item.get("quantization") or "",
            files=tuple(
                RemoteFile(
                    name=f["name"],
                    url=f["url"],
                    size_bytes=f.get("size_bytes"),
                    sha256=f.get("sha256"),
                )
                for f in item["files"]
            ),
            min_ram_gb=float(item.get("min_ram_gb") or 0),
            context_length=item.get("context_length"),
            licence=item.get("licence", ""),
            licence_url=item.get("licence_url", ""),
            publisher_page=item.get("publisher_page", ""),
            recommended_for=item.get("recommended_for", ""),
            unconfirmed=tuple(item.get("unconfirmed", ())),
        )
        for item in raw["models"]
    ]
