"""Model files for tests: real ones placed cheaply, and tiny GGUFs made with llama.cpp's writer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import gguf
import numpy as np


def place(source: Path, target: Path) -> Path:
    """A hardlink when the file system allows it (no 46 MB copy), a copy otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return target


def write_gguf(
    path: Path,
    *,
    arch: str = "llama",
    with_tensors: bool = True,
    **writer_options: object,
) -> Path:
    """A tiny GGUF made with llama.cpp's own writer: F16 matrices and an F32 norm."""
    writer = gguf.GGUFWriter(path, arch=arch, **writer_options)  # type: ignore[arg-type]
    writer.add_context_length(64)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(["<s>", "</s>", "hello", "world"])
    writer.add_token_scores([0.0, 0.0, -1.0, -2.0])
    writer.add_token_types([3, 3, 1, 1])
    if with_tensors:
        writer.add_tensor("blk.0.attn_q.weight", np.ones((8, 32), dtype=np.float16))
        writer.add_tensor("blk.0.attn_k.weight", np.ones((8, 32), dtype=np.float16))
        writer.add_tensor("blk.0.attn_norm.weight", np.ones((32,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
