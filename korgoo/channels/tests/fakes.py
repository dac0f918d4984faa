"""Local fakes of the providers' APIs: small HTTP servers that record what they are asked and answer
as the providers do (HOUSE_STYLE 27). `down = True` makes one answer 502, as during an outage."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    path: str
    method: str  # the API method (`sendMessage`), or the HTTP method for other fakes
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeServer:
    """Telegram's Bot API by default: `POST /bot<token>/<method>` with JSON."""

    calls: list[Call] = field(default_factory=list)
    down: bool = False
    next_id: int = 100
    url: str = ""
    answers: dict[str, Any] = field(default_factory=dict)

    files: dict[str, bytes] = field(default_factory=dict)

    def answer(self, path: str, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any] | bytes]:
        if self.down:
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        name = path.rsplit("/", 1)[-1]
        if path.startswith("/file/bot"):  # a file's bytes, as getFile's file_path names it
            data = self.files.get(path.split("/", 3)[3])
            return (200, data) if data is not None else (404, {"ok": False})
        if name == "getFile":
            return 200, {
                "ok": True,
                "result": {"file_id": body.get("file_id"), "file_path": f"photos/{body.get('file_id')}.jpg"},
            }
        if "/bot" not in path:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if name == "sendMessage":
            self.next_id += 1
            return 200, {
                "ok": True,
                "result": {
                    "message_id": self.next_id,
                    "chat": {"id": body.get("chat_id")},
                    "text": body.get("text"),
                },
            }
        if name in self.answers:
            return 200, {"ok": True, "result": self.answers[name]}
        return 200, {"ok": True, "result": True}

    def method_of(self, path: str) -> str:
        return path.rsplit("/", 1)[-1]

    def sent(self, method: str = "sendMessage") -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def texts(self) -> list[str]:
        return [str(call.body.get("text", "")) for call in self.sent()]


def _handler(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            path = self.path.split("?", 1)[0]
            if not fake.down:  # an outage answers 502 and records nothing delivered
                fake.calls.append(
                    Call(
                        path=self.path,
                        method=fake.method_of(path) if self.command == "POST" else self.command,
                        body=body,
                        headers=dict(self.headers),
                    )
                )
            status, answer = fake.answer(path, self.command, body)
            data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header(
                "Content-Type",
                "application/octet-stream" if isinstance(answer, bytes) else "application/json",
            )
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_POST = _serve
        do_GET = _serve

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def serve(fake: FakeServer) -> Iterator[FakeServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FakeGraph(FakeServer):
    """WhatsApp Cloud API: `POST /<number id>/messages`, `GET /<media id>` and the media's address."""

    def method_of(self, path: str) -> str:
        return "messages" if path.endswith("/messages") else path

    def answer(self, path: str, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any] | bytes]:
        if self.down:
            return 503, {"error": {"code": 2, "message": "Service temporarily unavailable"}}
        if method == "POST" and path.endswith("/messages"):
            self.next_id += 1
            return 200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{self.next_id}"}]}
        if method == "GET" and path.startswith("/download/"):
            data = self.files.get(path.removeprefix("/download/"))
            return (200, data) if data is not None else (404, {"error": {"code": 100}})
        if method == "GET":
            ref = path.strip("/")
            if ref in self.files:
                return 200, {"url": f"{self.url}/download/{ref}", "mime_type": "image/jpeg", "id": ref}
        return 404, {"error": {"code": 100, "message": "Unsupported"}}


@dataclass
class FakeSmsGateway(FakeServer):
    """A generic SMS gateway: `POST /send` with JSON, answering with the message's id."""

    def method_of(self, path: str) -> str:
        return path

    def answer(self, path: str, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any] | bytes]:
        if self.down:
            return 503, {"error": "unavailable"}
        self.next_id += 1
        return 200, {"id": f"sms-{self.next_id}"}
