"""Logging to a rotating file in the data folder (and nothing over the network)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "loopcoach.log"


def setup_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    stop_logging()
    root = logging.getLogger()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler._loopcoach = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # llama.cpp describes every tensor and buffer at INFO on each load; keep its warnings.
    logging.getLogger("llama.cpp").setLevel(logging.WARNING)
    return path


def stop_logging() -> None:
    """Close the log file (before its folder is deleted: nothing may write there after)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_loopcoach", False):
            root.removeHandler(handler)
            handler.close()
