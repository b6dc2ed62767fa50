"""A demo department system that speaks the real protocol (docs/api.md): it receives GovHall's signed webhooks,
rejects a bad signature or an old timestamp with 401, keeps the cases it received, and pushes a decision back through
POST /api/v1/cases/{number}/transitions with its API key (by default: accept every newly submitted case).

Only the standard library is used, as a department's own system would; `manage.py demo_department_system` runs it."""

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from govhall.integrations import signing

MAX_BODY = 1024 * 1024
# (url, body, headers) → (status, body): how the system calls GovHall's API.
Transport = Callable[[str, bytes, dict[str, str]], tuple[int, bytes]]


def http_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 (operator's URL)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code), error.read()


@dataclass
class DemoDepartmentSystem:
    secret: str
    api_key: str
    govhall_url: str = "http://127.0.0.1:8000"
    decision: str = "accept"  # the act pushed back for a newly submitted case ("" pushes nothing)
    transport: Transport = http_post
    received: dict[str, dict[str, Any]] = field(default_factory=dict)  # case number → the latest payload
    deliveries: set[str] = field(default_factory=set)
    pending: list[tuple[str, int]] = field(default_factory=list)  # (case number, revision) to decide on
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """Check and keep one webhook; returns the HTTP status and JSON body to answer with."""
        named = {name.lower(): value for name, value in headers.items()}  # header names are case-insensitive
        delivery = named.get("x-govhall-delivery", "")
        valid = signing.verify(
            self.secret,
            timestamp=named.get("x-govhall-timestamp", ""),
            delivery=delivery,
            body=body,
            header=named.get("x-govhall-signature", ""),
        )
        if not valid:
            return HTTPStatus.UNAUTHORIZED, {"error": "签名、推送编号或时间戳无效"}
        try:
            payload = json.loads(body)
            number, event = payload["case"]["number"], payload["event"]
        except (ValueError, KeyError, TypeError):
            return HTTPStatus.BAD_REQUEST, {"error": "无法解析的推送内容"}
        with self.lock:
            if delivery in self.deliveries:
                return HTTPStatus.OK, {"duplicate": True}  # a retry of what we already have: acknowledge only
            self.deliveries.add(delivery)
            self.received[number] = payload
            if self.decision and event["act"] in {"submit", "resubmit"} and event["to_state"] == "submitted":
                self.pending.append((number, int(payload["case"]["revision"])))
        return HTTPStatus.OK, {"received": number}

    def push_decisions(self) -> list[tuple[str, int, dict[str, Any]]]:
        """Push the decision for every case waiting for one; returns (number, status, answer) for each."""
        with self.lock:
            waiting, self.pending = self.pending, []
        results = []
        for number, revision in waiting:
            body = json.dumps({"act": self.decision, "expected_revision": revision}).encode()
            status, answer = self.transport(
                f"{self.govhall_url.rstrip('/')}/api/v1/cases/{number}/transitions",
                body,
                {"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"},
            )
            results.append((number, status, json.loads(answer or b"{}")))
        return results


class WebhookHandler(BaseHTTPRequestHandler):
    """POST (any path) receives a webhook; GET lists the cases received."""

    server: "DemoServer"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "推送内容过大"})
            return
        status, answer = self.server.system.receive(dict(self.headers.items()), self.rfile.read(length))
        self._answer(status, answer)
        if status == HTTPStatus.OK and self.server.on_received is not None:
            self.server.on_received()

    def do_GET(self) -> None:
        system = self.server.system
        with system.lock:
            cases = {number: payload["case"]["state"] for number, payload in system.received.items()}
        self._answer(HTTPStatus.OK, {"cases": cases})

    def _answer(self, status: int, answer: dict[str, Any]) -> None:
        body = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        system: DemoDepartmentSystem,
        address: tuple[str, int] = ("127.0.0.1", 0),
        *,
        on_received: Callable[[], None] | None = None,
        verbose: bool = False,
    ) -> None:
        super().__init__(address, WebhookHandler)
        self.system = system
        self.on_received = on_received
        self.verbose = verbose

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/webhook"


def start_in_thread(server: DemoServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
