"""`loopcoach doctor`: what this install is made of and what it can see."""

from __future__ import annotations

import platform
import sys
from dataclasses import asdict
from typing import Any

from app.services import Services
from app.system_libraries import window_problem
from models.discovery import discover, known_locations
from models.runtime_info import llama_build


def qt_versions() -> dict[str, str]:
    try:
        import PySide6  # noqa: PLC0415
        from PySide6 import QtCore  # noqa: PLC0415
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"pyside6": PySide6.__version__, "qt": QtCore.qVersion()}


def collect(services: Services) -> dict[str, Any]:
    build = llama_build()
    found = discover(extra_folders=services.model_folders())
    profile = services.profiles.load()
    return {
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "qt": qt_versions(),
        # Whatever this process's own Qt platform is, say whether a desktop window can open.
        "window": {"problem": window_problem({})},
        "llama_cpp": {
            "available": build.available,
            "version": build.version,
            "cpu_features": {name: on for name, on in build.features.items()},
            "error": build.error,
        },
        "data_folder": {
            "path": str(services.paths.root),
            "database": str(services.paths.database),
            "schema_version": services.db.schema_version,
            "writable": _writable(services),
        },
        "damaged": list(services.damage),
        "profile": (
            {"level": profile.level.value, "track": profile.track.value} if profile else None
        ),
        "model_folders": [str(folder) for folder in services.model_folders()],
        "looked_in": [
            {"source": source, "path": str(path), "exists": path.is_dir()}
            for source, path in known_locations()
        ],
        "models": [
            {**asdict(model), "path": str(model.path), "usable": model.usable} for model in found
        ],
    }


def _writable(services: Services) -> bool:
    probe = services.paths.root / ".write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def render(report: dict[str, Any]) -> str:
    llama = report["llama_cpp"]
    lines = [
        f"Python       {report['python']['version']} ({report['python']['executable']})",
        f"Platform     {report['platform']['system']} {report['platform']['machine']}",
        f"Qt           {report['qt'].get('qt', report['qt'].get('error'))}"
        f" (PySide6 {report['qt'].get('pyside6', '?')})",
    ]
    lines.append(f"Window       {report['window']['problem'] or 'system libraries present'}")
    if llama["available"]:
        enabled = [name for name, on in llama["cpu_features"].items() if on]
        lines.append(f"llama.cpp    llama-cpp-python {llama['version']}")
        lines.append(f"CPU features {' '.join(enabled) or 'none reported'}")
    else:
        lines.append(f"llama.cpp    NOT AVAILABLE: {llama['error']}")
    data = report["data_folder"]
    lines.append(
        f"Data folder  {data['path']} (schema {data['schema_version']}"
        f"{'' if data['writable'] else ', NOT WRITABLE'})"
    )
    for sentence in report.get("damaged", []):
        lines.append(f"Damaged      {sentence}")
    profile = report["profile"]
    lines.append(
        f"Profile      {profile['level']} / {profile['track']}"
        if profile
        else "Profile      not set"
    )
    lines.append("Model folders " + ", ".join(report["model_folders"]))
    if not report["models"]:
        lines.append("Models       none found (add one in the Models page, or a model folder)")
    for model in report["models"]:
        size = model["size_bytes"] / 1_000_000
        if model["usable"]:
            lines.append(
                f"  {model['kind']:<9} {model['name']} [{model['architecture']} "
                f"{model['quantization']}] {size:.0f} MB, {model['source']}: {model['path']}"
            )
        else:
            lines.append(f"  unusable  {model['path']}: {model['problem']}")
    return "\n".join(lines)
