"""Endpoints and a scripted receiver: a stdlib HTTP server on 127.0.0.1 that answers with the statuses it is given
and keeps every request it gets."""

import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from govhall.integrations.models import DepartmentEndpoint
from govhall.integrations.services import register_endpoint
from govhall.organisations.models import Department


def endpoint(department: Department, url: str, *, acts: list[str] | None = None) -> tuple[DepartmentEndpoint, str]:
    return register_endpoint(department=department, name="审批业务系统", url=url, acts=acts or [], actor=None)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class ScriptedReceiver:
    statuses: deque[int] = field(default_factory=deque)  # answered in turn; 200 once they run out
    requests: list[Received] = field(default_factory=list)
    server: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/govhall"

    def start(self) -> "ScriptedReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.popleft() if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
