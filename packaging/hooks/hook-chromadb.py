"""chromadb: its components are named by strings in chromadb.config.Settings
(e.g. "chromadb.api.rust.RustBindingsAPI", "chromadb.telemetry.product.posthog.Posthog")
and imported with importlib, so static analysis misses them: collect the submodules,
less the server, CLI, tests and the distributed (Kubernetes) parts a local app never uses.
It also reads its SQL migrations and log config as package data, and its version with
importlib.metadata."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

_LEFT_OUT = (
    "chromadb.test",
    "chromadb.server",
    "chromadb.cli",
    "chromadb.app",
    "chromadb.logservice",
    "chromadb.segment.impl.distributed",
)


def _wanted(name: str) -> bool:
    return not any(name == prefix or name.startswith(prefix + ".") for prefix in _LEFT_OUT)


hiddenimports = [*collect_submodules("chromadb", filter=_wanted), "chromadb_rust_bindings"]
datas = collect_data_files(
    "chromadb", excludes=["test", "test/**", "server", "server/**", "**/*.pyi"]
) + copy_metadata("chromadb")
