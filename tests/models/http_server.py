"""A real HTTP file server on 127.0.0.1 for download tests.

It serves files with Range support and can misbehave on request: cut a body short, ignore
ranges, stall, or announce a huge length. Every request is recorded so tests can check
what the client asked for.
"""

from __future__ import annotations

import re
import ssl
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

_RANGE_RE = re.compile(r"bytes=(\d+)-(\d*)")
_COPY_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    name: str
    range: str | None
    status: int


@dataclass
class Behaviour:
    ignore_range: bool = False  # answer every request with 200 and the whole file
    cut_after: dict[str, int] = field(default_factory=dict)  # next request only: N bytes
    stall: set[str] = field(default_factory=set)  # never answer these
    fake_length: dict[str, int] = field(default_factory=dict)  # this length, no body


class _Server(ThreadingHTTPServer):
    # Join handler threads on close, so no socket outlives the test.
    daemon_threads = False

    def __init__(self, owner: FileServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-body (a cancel, a timeout) is expected here.
        if isinstance(sys.exc_info()[1], ConnectionError | ssl.SSLError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        owner = self.server.owner
        name = unquote(urlsplit(self.path).path.lstrip("/"))
        asked_range = self.headers.get("Range")
        behaviour = owner.behaviour

        if name in behaviour.stall:
            owner.record(name, asked_range, 0)
            owner.released.wait(timeout=30)
            return
        source = owner.files.get(name)
        if source is None:
            owner.record(name, asked_range, 404)
            self._reply(404, {"Content-Length": "9"})
            self.wfile.write(b"not found")
            return
        if name in behaviour.fake_length:
            owner.record(name, asked_range, 200)
            self._reply(200, {"Content-Length": str(behaviour.fake_length[name])})
            return

        size = source.stat().st_size
        start, end, status = 0, size - 1, 200
        match = _RANGE_RE.fullmatch(asked_range or "")
        if match and not behaviour.ignore_range:
            start = int(match.group(1))
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            if start >= size:
                owner.record(name, asked_range, 416)
                self._reply(416, {"Content-Range": f"bytes */{size}", "Content-Length": "0"})
                return
            status = 206
        owner.record(name, asked_range, status)
        length = end - start + 1
        headers = {"Content-Length": str(length), "Accept-Ranges": "bytes"}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        self._reply(status, headers)
        with owner.lock:
            cut = behaviour.cut_after.pop(name, None)
        self._copy(source, start, length if cut is None else min(cut, length))

    def _reply(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        # One request per connection: every handler thread ends with its response.
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _copy(self, source: Path, start: int, count: int) -> None:
        with source.open("rb") as f:
            f.seek(start)
            while count > 0:
                chunk = f.read(min(_COPY_CHUNK, count))
                if not chunk:
                    break
                self.wfile.write(chunk)
                count -= len(chunk)


class FileServer:
    """`with FileServer({"a.bin": path}) as server: server.url("a.bin")`."""

    def __init__(self, files: dict[str, Path], tls: ssl.SSLContext | None = None) -> None:
        self.files = dict(files)
        self.behaviour = Behaviour()
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self._httpd = _Server(self)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, name: str) -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}/{name}"

    def record(self, name: str, asked_range: str | None, status: int) -> None:
        with self.lock:
            self.requests.append(Seen(name, asked_range, status))

    def seen(self, name: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.name == name]

    def __enter__(self) -> FileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
