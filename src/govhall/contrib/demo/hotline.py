"""The demo 12345 hotline (政务服务便民热线), speaking GovHall's hotline protocol (enquiries.hotline, docs/enquiries.md)
over loopback, with the same shared secret (HOTLINE_SECRET):

- POST /notify: GovHall's notice that an order was replied or closed. The signature (X-Hotline-Timestamp within the
  replay window, X-Hotline-Signature) is checked, else 401; the X-Hotline-Delivery id is remembered, so a second copy
  is answered {"duplicate": true} and not recorded twice. `refuse_next` makes it answer 503 that many times (retries).
- POST /dispatch {kind, title, content, caller_name, caller_phone, item_code | department[, order_id]} (the demo's
  control, like an operator filing a call): a work order with a fresh order id (12345-<date>-<n>) sent signed to
  GovHall's POST /api/v1/hotline/orders → {"order_id", "status", "answer"}.
- GET /orders/<order_id> (control): asks GovHall's GET /api/v1/hotline/orders/<order_id>, signed, → its answer.

`signed_order` gives a signed work order (body, headers) for the tests to post through Django's client."""

import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from govhall.enquiries.hotline import sign, signed_headers

MAX_BODY = 64 * 1024
REPLAY_SECONDS = 300
_serial = itertools.count(1)


def new_order_id() -> str:
    return f"12345-{datetime.now(UTC):%Y%m%d}-{int(time.time() * 1000) % 10**8:08d}{next(_serial):03d}"


def signed_order(order: dict[str, Any], secret: str, *, now: float | None = None) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(order, ensure_ascii=False, separators=(",", ":")).encode()
    return body, signed_headers(secret, body, now=now)


def _call(url: str, secret: str, body: bytes | None) -> tuple[int, dict[str, Any]]:
    headers = signed_headers(secret, body or b"")
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        answer = error.read()
        error.close()
        return error.code, json.loads(answer or b"{}")


class _Handler(BaseHTTPRequestHandler):
    server_version = "Demo12345/1"
    server: "DemoHotline"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "body too large"})
        body = self.rfile.read(length)
        if self.path == "/notify":
            return self._notify(body)
        if self.path == "/dispatch":
            try:
                order = dict(json.loads(body or b"{}"))
            except (ValueError, TypeError):
                return self._answer(HTTPStatus.BAD_REQUEST, {"error": "not JSON"})
            return self._answer(HTTPStatus.OK, self.server.dispatch(order))
        self._answer(HTTPStatus.NOT_FOUND, {"error": "no such service"})

    def do_GET(self) -> None:
        if self.path.startswith("/orders/"):
            status, answer = self.server.read_order(self.path.removeprefix("/orders/"))
            return self._answer(HTTPStatus(status), answer)
        self._answer(HTTPStatus.NOT_FOUND, {"error": "no such service"})

    def _notify(self, body: bytes) -> None:
        timestamp = self.headers.get("X-Hotline-Timestamp", "")
        expected = sign(self.server.secret, timestamp, body)
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= REPLAY_SECONDS
        if not fresh or not hmac.compare_digest(expected, self.headers.get("X-Hotline-Signature", "")):
            return self._answer(HTTPStatus.UNAUTHORIZED, {"error": "bad signature"})
        delivery = self.headers.get("X-Hotline-Delivery", "")
        if not delivery:
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": "no delivery id"})
        with self.server.lock:
            if self.server.refuse_next > 0:
                self.server.refuse_next -= 1
                return self._answer(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "busy"})
            if delivery in self.server.notices:
                return self._answer(HTTPStatus.OK, {"received": True, "duplicate": True})
            self.server.notices[delivery] = json.loads(body)
        self._answer(HTTPStatus.OK, {"received": True})

    def _answer(self, status: HTTPStatus, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class DemoHotline(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0, *, secret: str, govhall_url: str = "http://127.0.0.1:8000") -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.secret, self.govhall_url = secret, govhall_url.rstrip("/")
        self.notices: dict[str, dict[str, Any]] = {}  # delivery id → GovHall's notice, as received
        self.refuse_next = 0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def notify_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/notify"

    def dispatch(self, order: dict[str, Any]) -> dict[str, Any]:
        order = {"order_id": new_order_id(), **order}
        body, _headers = signed_order(order, self.secret)
        status, answer = _call(f"{self.govhall_url}/api/v1/hotline/orders", self.secret, body)
        return {"order_id": order["order_id"], "status": status, "answer": answer}

    def read_order(self, order_id: str) -> tuple[int, dict[str, Any]]:
        return _call(f"{self.govhall_url}/api/v1/hotline/orders/{order_id}", self.secret, None)

    def start(self) -> "DemoHotline":
        threading.Thread(target=self.serve_forever, name="demo-12345", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
