"""Send llama.cpp's own log lines to Python logging instead of the terminal.

llama.cpp writes warnings such as cache notes to stderr even with verbose=False;
in a desktop app they belong in the log file, at their own level.
"""

from __future__ import annotations

import ctypes
import logging

import llama_cpp

log = logging.getLogger("llama.cpp")

# ggml.h: NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continues the previous
# line). llama-cpp-python's own mapping predates DEBUG and is off by one.
_LEVELS = {
    0: logging.CRITICAL,
    1: logging.DEBUG,
    2: logging.INFO,
    3: logging.WARNING,
    4: logging.ERROR,
}
_CONTINUE = 5
_last = [logging.DEBUG]


@llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]  # a ctypes CFUNCTYPE
def _forward(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
    if level != _CONTINUE:
        _last[0] = _LEVELS.get(level, logging.DEBUG)
    message = text.decode("utf-8", "replace").rstrip()
    if message:
        log.log(_last[0], "%s", message)


def route_llama_logs() -> None:
    """Install the forwarder (idempotent; the callback lives as long as this module)."""
    llama_cpp.llama_log_set(_forward, ctypes.c_void_p(0))
