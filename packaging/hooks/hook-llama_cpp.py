"""llama-cpp-python loads its shared libraries with ctypes from llama_cpp/lib, found
from llama_cpp.__file__: libllama.so and libggml.so by name, and then libggml.so.0,
libggml-base.so.0 and libggml-cpu.so.0 by their sonames (RUNPATH $ORIGIN).

The wheel built here holds three identical copies of each library (name, soname and full
version: wheels cannot hold symlinks), so only the five names that are loaded are
collected, into the same llama_cpp/lib folder."""

from pathlib import Path

from PyInstaller.utils.hooks import copy_metadata, get_package_paths

_, _package = get_package_paths("llama_cpp")
_lib = Path(_package) / "lib"

_NEEDED = ("libllama.so", "libggml.so", "libggml.so.0", "libggml-base.so.0", "libggml-cpu.so.0")

binaries = [(str(_lib / name), "llama_cpp/lib") for name in _NEEDED if (_lib / name).exists()]
if not binaries:
    # Another layout (macOS .dylib, Windows .dll, a future wheel): take all of them.
    from PyInstaller.utils.hooks import collect_dynamic_libs

    binaries = collect_dynamic_libs("llama_cpp")

datas = copy_metadata("llama_cpp_python")
# The OpenAI-compatible server (FastAPI) and the multimodal bindings (no libmtmd is
# built: LLAVA_BUILD=OFF) are not used by the app.
excludedimports = ["llama_cpp.server"]
