"""Turn a sentence-transformers BERT folder (safetensors weights, WordPiece `vocab.txt`) into
a GGUF file llama.cpp runs as an embedder. No torch: the weights are read with numpy.

The metadata follows llama.cpp's `convert_hf_to_gguf.py` for BERT: tensor names through
`gguf.TensorNameMap(MODEL_ARCH.BERT)`, a "phantom space" WordPiece vocabulary (a word
start gets "▁", a "##" continuation loses it), special tokens as CONTROL, their ids from
the tokenizer files (`gguf.SpecialVocab`), non-causal attention, and the pooling the
folder's `1_Pooling/config.json` states. Matrices are stored as f16, the rest as f32.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gguf
import numpy as np
import numpy.typing as npt

from models.errors import ModelError

WEIGHTS = "model.safetensors"
VOCABULARY = "vocab.txt"
# safetensors dtypes numpy reads directly; BF16 is widened by hand below.
_DTYPES = {
    "F32": np.float32,
    "F16": np.float16,
    "F64": np.float64,
    "I64": np.int64,
    "I32": np.int32,
}
_SKIPPED = ("pooler.", "embeddings.position_ids")  # unused by a mean/CLS-pooled embedder
# Kept in f32 as convert_hf_to_gguf.py keeps them: small, and precision-sensitive.
_F32_TENSORS = {gguf.MODEL_TENSOR.POS_EMBD, gguf.MODEL_TENSOR.TOKEN_TYPES}
_SPECIAL_IDS = ("bos", "eos", "unk", "sep", "pad", "mask")
_POOLING = {
    "pooling_mode_mean_tokens": gguf.PoolingType.MEAN,
    "pooling_mode_cls_token": gguf.PoolingType.CLS,
}


class ConversionError(ModelError):
    """The folder is not a BERT sentence-transformers model this converter understands."""


def is_sentence_bert_folder(folder: Path) -> bool:
    """True when the folder holds a BERT model with safetensors weights and a WordPiece
    vocabulary, as sentence-transformers saves it (the Hugging Face cache keeps this)."""
    if not all((folder / name).is_file() for name in ("config.json", WEIGHTS, VOCABULARY)):
        return False
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and config.get("model_type") == "bert"


def sentence_folder_name(folder: Path) -> str:
    """The model's name: the repo's, for a Hugging Face cache snapshot
    (`models--sentence-transformers--all-MiniLM-L6-v2/snapshots/<commit>`), else the folder's."""
    for part in reversed(folder.parts):
        if part.startswith("models--"):
            return part.split("--")[-1]
    return folder.name


def read_safetensors(path: Path) -> Iterator[tuple[str, npt.NDArray[Any]]]:
    """Each tensor of a .safetensors file as a numpy array (memory-mapped, read-only)."""
    with path.open("rb") as handle:
        (header_size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size)
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[start:end]
        dtype = info["dtype"]
        if dtype == "BF16":
            # bfloat16 is the top half of a float32.
            array = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
        elif dtype in _DTYPES:
            array = raw.view(_DTYPES[dtype])
        else:
            raise ConversionError(f"{path.name}: tensor {name} has unsupported dtype {dtype}")
        yield name, array.reshape(info["shape"])


def _json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _pooling(folder: Path) -> gguf.PoolingType:
    config = _json(folder / "1_Pooling" / "config.json")
    for key, pooling in _POOLING.items():
        if config.get(key):
            return pooling
    if config:
        raise ConversionError(
            f"{folder.name}: pooling {config} is not one llama.cpp offers (mean or CLS)"
        )
    return gguf.PoolingType.MEAN  # sentence-transformers' default


def _special_tokens(folder: Path) -> set[str]:
    found: set[str] = set()
    for added in _json(folder / "tokenizer.json").get("added_tokens", []):
        if added.get("special"):
            found.add(str(added["content"]))
    for value in _json(folder / "special_tokens_map.json").values():
        found.add(str(value["content"] if isinstance(value, dict) else value))
    return found


def _vocabulary(folder: Path) -> tuple[list[str], list[int]]:
    words = (folder / VOCABULARY).read_text(encoding="utf-8").splitlines()
    special = _special_tokens(folder)
    tokens: list[str] = []
    types: list[int] = []
    for word in words:
        if word in special:
            tokens.append(word)
            types.append(gguf.TokenType.CONTROL)
        else:
            tokens.append(word[2:] if word.startswith("##") else "\u2581" + word)
            types.append(gguf.TokenType.NORMAL)
    return tokens, types


def convert(folder: Path, out: Path, *, name: str = "") -> Path:
    """Write `out` (a GGUF embedder) from a sentence-transformers BERT folder; the file
    appears only when complete. `name` replaces the name read from the folder."""
    if not is_sentence_bert_folder(folder):
        raise ConversionError(
            f"{folder} is not a BERT sentence-transformers folder "
            f"(config.json of model_type bert, {WEIGHTS} and {VOCABULARY})"
        )
    config = _json(folder / "config.json")
    partial = out.with_name(out.name + ".partial")
    writer = gguf.GGUFWriter(partial, gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])
    try:
        _add_hyperparameters(writer, config, folder)
        _add_vocabulary(writer, config, folder)
        total_params = _add_tensors(writer, config, folder)
        # Name, licence, size label, tags from config.json and the model card (README.md),
        # by the gguf package's own heuristics, as convert_hf_to_gguf.py writes them.
        metadata = gguf.Metadata.load(None, folder, name or None, total_params)
        if metadata.size_label is None and total_params > 0:
            metadata.size_label = gguf.size_label(total_params, 0, 0, 0)
        writer.add_type(gguf.GGUFType.MODEL)
        metadata.set_gguf_meta_model(writer)
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    except BaseException:
        writer.close()
        partial.unlink(missing_ok=True)
        raise
    writer.close()
    partial.replace(out)
    return out


def _add_hyperparameters(writer: gguf.GGUFWriter, config: dict[str, Any], folder: Path) -> None:
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_block_count(int(config["num_hidden_layers"]))
    writer.add_head_count(int(config["num_attention_heads"]))
    writer.add_layer_norm_eps(float(config.get("layer_norm_eps", 1e-12)))
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_causal_attention(False)
    writer.add_pooling_type(_pooling(folder))


def _add_vocabulary(writer: gguf.GGUFWriter, config: dict[str, Any], folder: Path) -> None:
    tokens, types = _vocabulary(folder)
    writer.add_token_type_count(int(config.get("type_vocab_size", 1)))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("default")  # llama.cpp's WordPiece splits words itself
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    if _json(folder / "tokenizer_config.json").get("do_lower_case", True):
        writer.add_bool("tokenizer.ggml.normalizer.lowercase", True)
    # [CLS] and [SEP] come in as BOS and EOS from the tokenizer's post-processor template.
    special = gguf.SpecialVocab(folder, special_token_types=_SPECIAL_IDS, n_vocab=len(tokens))
    special.add_to_gguf(writer, quiet=True)


def _add_tensors(writer: gguf.GGUFWriter, config: dict[str, Any], folder: Path) -> int:
    """Add the weights under their GGUF names; returns how many parameters they hold."""
    names = gguf.TensorNameMap(gguf.MODEL_ARCH.BERT, int(config["num_hidden_layers"]))
    total = 0
    for tensor_name, array in read_safetensors(folder / WEIGHTS):
        stripped = tensor_name.removeprefix("bert.")
        if stripped.startswith(_SKIPPED):
            continue
        mapped = names.get_type_and_name(stripped, try_suffixes=(".weight", ".bias"))
        if mapped is None:
            raise ConversionError(f"{folder.name}: tensor {tensor_name} has no GGUF name")
        kind, gguf_name = mapped
        keep_f32 = array.ndim == 1 or kind in _F32_TENSORS
        writer.add_tensor(gguf_name, array.astype(np.float32 if keep_f32 else np.float16))
        total += array.size
    return total
