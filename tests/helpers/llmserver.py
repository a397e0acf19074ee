"""A scripted stand-in for an OpenAI-compatible server, for answers a real model cannot be made to give on demand.

``ScriptedServer(script)`` listens on 127.0.0.1 on a free port and answers
``GET /v1/models`` and ``POST /v1/chat/completions``; ``script(body, n)``
(the request's JSON and its number, from 0) returns the answer's text, or a
:class:`Reply` for a status, a delay or a raw payload.  Every request is
recorded (``requests``: path, headers, body).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str | None = None
    status: int = 200
    delay_s: float = 0.0
    payload: Any = None  # sent as is instead of a chat completion
    finish_reason: str = "stop"


Script = Callable[[dict[str, Any], int], "str | Reply"]


def user_text(body: dict[str, Any]) -> str:
    return next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")


class ScriptedServer:
    def __init__(self, script: Script, *, models: tuple[str, ...] = ("stand-in-7b",), key: str | None = None) -> None:
        self.script = script
        self.models = models
        self.key = key
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                if server.key is None or self.headers.get("Authorization") == f"Bearer {server.key}":
                    return True
                self._send(401, {"error": {"message": "invalid api key"}})
                return False

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers), "body": None})
                if not self._authorized():
                    return
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in server.models]})
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    n = sum(1 for r in server.requests if r["body"] is not None)
                    server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if not self._authorized():
                    return
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                reply = server.script(body, n)
                if isinstance(reply, str):
                    reply = Reply(reply)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.payload is not None or reply.status != 200:
                    self._send(reply.status, reply.payload if reply.payload is not None else {"error": {"message": "boom"}})
                    return
                self._send(200, {
                    "id": f"c{n}", "object": "chat.completion", "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": reply.finish_reason,
                                 "message": {"role": "assistant", "content": reply.content}}],
                })

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def chats(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r["body"] for r in self.requests if r["body"] is not None]

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
