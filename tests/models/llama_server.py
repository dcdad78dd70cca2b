"""A real llama.cpp model server (llama-cpp-python's `python -m llama_cpp.server`) on
127.0.0.1, for tests and the bench of the remote engine, and a cutting relay that
passes its bytes on and drops the connection part-way through an answer."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

READY_SECONDS = 120.0


_LIBC = ctypes.CDLL("libc.so.6", use_errno=True) if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """A test run killed by its timeout must not leave a model server behind. Only one
    libc call in the forked child (libc loaded before the fork): no lock is taken."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServedModel:
    alias: str
    path: Path
    embedding: bool = False
    n_ctx: int = 4096


class LlamaServer:
    """`with LlamaServer([ServedModel("qwen", path)], folder) as server: server.url`."""

    def __init__(self, models: Sequence[ServedModel], folder: Path, *, threads: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._config = folder / f"llama-server-{self.port}.json"
        self._log = folder / f"llama-server-{self.port}.log"
        config = {
            "host": "127.0.0.1",
            "port": self.port,
            "models": [
                {
                    "model": str(m.path),
                    "model_alias": m.alias,
                    "n_ctx": m.n_ctx,
                    "n_threads": threads,
                    "embedding": m.embedding,
                    "verbose": False,
                }
                for m in models
            ],
        }
        self._config.write_text(json.dumps(config), "utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> LlamaServer:
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        with self._log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "llama_cpp.server", "--config_file", str(self._config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                preexec_fn=_die_with_parent,  # noqa: PLW1509  (see _die_with_parent)
            )
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited: {self._log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/models", timeout=1, trust_env=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not start: {self._log.read_text()[-2000:]}")

    def kill(self) -> None:
        """As a crash or a pulled plug would: no goodbye to open connections."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class CuttingRelay:
    """A TCP relay on 127.0.0.1 to `target_port` that closes both sides once it has
    passed `cut_after` bytes of a response whose body has begun: the server's real
    answer, dropped halfway, as a failing network or a server crash would."""

    def __init__(self, target_port: int, cut_after: int) -> None:
        self.target_port = target_port
        self.cut_after = cut_after
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        # Connections still open when the relay goes: closed with it, so a kept-alive
        # client sees the server away, as it would if the machine went.
        self._live: set[socket.socket] = set()
        self._live_lock = threading.Lock()

    def _serve(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        with self._live_lock:
            self._live.update((client, upstream))

        def forward_requests() -> None:
            try:
                while data := client.recv(65536):
                    upstream.sendall(data)
            except OSError:
                pass

        threading.Thread(target=forward_requests, daemon=True).start()
        passed = 0
        streaming = False
        try:
            while data := upstream.recv(4096):
                streaming = streaming or b"text/event-stream" in data
                if streaming and passed + len(data) > self.cut_after:
                    client.sendall(data[: max(0, self.cut_after - passed)])
                    self.cuts += 1
                    break
                client.sendall(data)
                passed += len(data) if streaming else 0
        except OSError:
            pass
        finally:
            self._close(client, upstream)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with self._live_lock:
                self._live.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def __enter__(self) -> CuttingRelay:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=5)
        with self._live_lock:
            live = list(self._live)
        self._close(*live)
