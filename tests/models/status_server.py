"""A real HTTP server on 127.0.0.1 that plays an OpenAI-compatible server's faults:
an error status (401, 404, 429), an answer that ignores the JSON schema, or a stream
that starts and then stalls. Not a model: for the fault paths only; the working paths
run on the real llama.cpp server (llama_server.py)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass
class Script:
    models_status: int = 200
    chat_status: int = 200
    models: list[str] = field(default_factory=lambda: ["stub-model"])
    reply: str = "Hello there, nice to meet you."  # streamed, whatever was asked
    # After the first piece: "" goes on, "silent" sends nothing more, "ping" sends only
    # SSE comments (keep-alives) until the client hangs up.
    after_first: str = ""
    api_key: str = ""  # when set, every request needs "Authorization: Bearer <key>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: StatusServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _error(self, status: int) -> None:
        body = json.dumps({"error": {"message": f"scripted {status}", "code": status}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if status == 429:
            self.send_header("Retry-After", "7")
        self.end_headers()
        self.wfile.write(body)

    def _refused(self) -> bool:
        key = self.server.owner.script.api_key
        if key and self.headers.get("Authorization") != f"Bearer {key}":
            self._error(401)
            return True
        return False

    def do_GET(self) -> None:
        script = self.server.owner.script
        if self._refused():
            return
        if self.path.rstrip("/") != "/v1/models":
            self._error(404)
        elif script.models_status != 200:
            self._error(script.models_status)
        else:
            body = json.dumps({"data": [{"id": m} for m in script.models]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length", "0"))
        owner.bodies.append(json.loads(self.rfile.read(length) or b"{}"))
        script = owner.script
        if self._refused():
            return
        if script.chat_status != 200:
            self._error(script.chat_status)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        words = script.reply.split(" ")
        try:
            for index, word in enumerate(words):
                delta = {"choices": [{"delta": {"content": word + " "}, "finish_reason": None}]}
                self._chunk(f"data: {json.dumps(delta)}\n\n")
                if script.after_first == "silent":
                    owner.stalled.set()
                    owner.released.wait(30)
                    return
                if script.after_first == "ping":
                    owner.stalled.set()
                    while not owner.released.wait(0.05):
                        self._chunk(": ping\n\n")  # raises once the client has gone
                    return
                if index == len(words) - 1:
                    done = {"choices": [{"delta": {}, "finish_reason": "stop"}]}
                    self._chunk(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            owner.disconnected.set()

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


class StatusServer:
    def __init__(self, script: Script | None = None) -> None:
        self.script = script or Script()
        self.bodies: list[dict[str, object]] = []
        self.stalled = threading.Event()
        self.released = threading.Event()
        self.disconnected = threading.Event()
        self._httpd = _Server(self)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> StatusServer:
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
