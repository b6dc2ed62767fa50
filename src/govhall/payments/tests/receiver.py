"""A stand-in for GovHall's notification endpoint (/payments/notify/<channel>/) on a loopback port: it does what the
endpoint does with the gateway — verify_notification, then acknowledge — and keeps what it verified or refused, so
the gateways' tests run the whole loop without the payments app's models. `refuse` answers failure that many times
(GovHall down), so the demo gateways' retries can be seen."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from govhall.payments.gateways import Notification, NotificationRefused, gateway


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Notification] = []
        self.refused: list[str] = []
        self.refuse = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        channel = self.path.removeprefix("/payments/notify/").strip("/")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        provider = gateway(channel)
        try:
            notification = provider.verify_notification(headers=dict(self.headers.items()), body=body)
        except NotificationRefused as refused:
            with self.server.lock:
                self.server.refused.append(str(refused))
            answer = provider.acknowledge(False, str(refused))
        else:
            with self.server.lock:
                if self.server.refuse:
                    self.server.refuse -= 1
                    answer = provider.acknowledge(False, "系统繁忙")
                else:
                    self.server.received.append(notification)
                    answer = provider.acknowledge(True)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)
