"""One small HTTP server playing three outside systems, each checking the caller's signature as the real one would
(core.providers.signed_request: X-Access-Key-Id, X-Timestamp within five minutes, X-Signature = HMAC-SHA256 of
"timestamp\\nbody" with the key's secret; anything else is 401):

- POST /sms/send {phone, text, out_id}: the SMS gateway. It writes the message, as the phone receives it (codes
  included), as a JSON line to SMS_OUTBOX_FILE — the demo phone, the only place codes are — and answers
  {"message_id"}. A message whose out_id it has seen is dropped and answered with the first one's id (the file is
  locked while it looks, so concurrent senders agree).
- POST /identity/verify {name, document_type, document_number}: the national identity-check service. It answers
  "match" for a well-formed number (resident IDs: GB 11643 check character) except those in DEMO_MISMATCHES.
- /courier/…: the demo courier (courier.py: orders, cancel, tracking, and the advance control that pushes tracking
  to GovHall); waybills are kept in COURIER_OUTBOX_FILE.
- POST /shared/<provider>/query {resource, subject_kind, subject_id, purpose, requester, request_id} →
  {"found": true, "record": {…}} or {"found": false}: the departments' shared-data services (shared_data.py,
  docs/sharing.md); `shared_data_trouble` ({provider: "down" | "slow"}) makes one fail or answer too late.
- /finance/…: the finance department's non-tax revenue system and its demo bank counter (finance.py).
- /cardreader/read and /printer/jobs: a kiosk's ID card reader and printer (kiosk_devices.py).
- /wechatpay/… and /alipay/…: the payment gateways, each speaking its own protocol and checking its own signatures
  (wechatpay.py, alipay.py, docs/payments-gateways.md); `.wechatpay` / `.alipay` hold their state.

The access keys each service accepts are its own: given when the server is made (by default the settings GovHall's
clients sign with when it starts, SMS_GATEWAY_KEY_ID …), so a client with a wrong key is refused."""

import fcntl
import hmac
import json
import re
import threading
import time
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings
from stdnum.cn import ric

from govhall.accounts.constants import DocumentType
from govhall.contrib.demo import courier, finance, kiosk_devices, shared_data
from govhall.contrib.demo.alipay import DemoAlipay
from govhall.contrib.demo.paydesk import DemoMerchant
from govhall.contrib.demo.wechatpay import DemoWechatPay
from govhall.core.providers import signature

MAX_BODY = 64 * 1024
PRINT_MAX_BODY = 8 * 1024 * 1024  # a print job carries its PDF
MAX_SKEW_SECONDS = 300

DOCUMENT_FORMATS = {
    DocumentType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    DocumentType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    DocumentType.TAIWAN_PERMIT: re.compile(r"^\d{8}$"),
    DocumentType.FOREIGN_PERMANENT: re.compile(r"^([A-Z]{3}\d{12}|9\d{16}[0-9X])$"),
}

# Numbers the demo identity service answers 信息不一致 for, so failures can be shown and tested.
DEMO_MISMATCHES = frozenset({"110101199003070134", "E99999999", "H99999999"})

# path prefix → the settings holding the access key its callers sign with (read once, when the server is made)
KEY_SETTINGS = {
    "/sms/": ("SMS_GATEWAY_KEY_ID", "SMS_GATEWAY_KEY_SECRET"),
    "/identity/": ("IDENTITY_SERVICE_KEY_ID", "IDENTITY_SERVICE_KEY_SECRET"),
    "/courier/": ("COURIER_KEY_ID", "COURIER_KEY_SECRET"),
    "/shared/": ("SHARED_DATA_KEY_ID", "SHARED_DATA_KEY_SECRET"),
    "/finance/": ("NON_TAX_KEY_ID", "NON_TAX_KEY_SECRET"),
    "/cardreader/": ("CARD_READER_KEY_ID", "CARD_READER_KEY_SECRET"),
    "/printer/": ("PRINTER_KEY_ID", "PRINTER_KEY_SECRET"),
}
SHARED_QUERY = re.compile(r"^/shared/([a-z0-9_-]{1,40})/query$")
COURIER_CANCEL = re.compile(r"^/orders/([A-Z0-9]{8,40})/cancel$")


class Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")


def verify_identity(*, name: str, document_type: str, document_number: str) -> dict[str, str]:
    number = document_number.strip().upper()
    if document_type == DocumentType.RESIDENT_ID:
        if not ric.is_valid(number):
            return {"result": "mismatch", "reason": "公民身份号码校验位不正确。"}
    elif document_type not in DOCUMENT_FORMATS or not DOCUMENT_FORMATS[DocumentType(document_type)].match(number):
        return {"result": "mismatch", "reason": "证件号码格式不正确。"}
    if number in DEMO_MISMATCHES or not name.strip():
        return {"result": "mismatch", "reason": "姓名与证件号码不一致，请核对后重试。"}
    return {"result": "match", "reference": f"demo-{_stamp()}"}


def _locked_lines(path: Path, find: str, field: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record in the JSON-lines file whose `field` is `find`, else `record` appended (the file locked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as lines:
        fcntl.flock(lines, fcntl.LOCK_EX)  # released when the file is closed
        if find:
            lines.seek(0)
            needle = json.dumps(find, ensure_ascii=False)
            for line in lines:
                if needle in line and (seen := json.loads(line)).get(field) == find:
                    return dict(seen)
        lines.write(json.dumps(record, ensure_ascii=False) + "\n")
    return record


def send_sms(*, phone: str, text: str, out_id: str) -> dict[str, str]:
    record = {"id": f"sms-{_stamp()}", "phone": phone, "text": text, "key": out_id}
    sent = _locked_lines(Path(settings.SMS_OUTBOX_FILE), out_id, "key", record)
    return {"message_id": str(sent["id"])}


class _Handler(BaseHTTPRequestHandler):
    server_version = "GovHallDemoOutside/1"

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        # The payment gateways speak their own protocols (wechatpay.py, alipay.py, finance.py).
        if self.path.startswith("/finance/"):
            finance.answer(self)
        elif self.path.startswith("/wechatpay/"):
            self.server.wechatpay.handle(self, self.server.url)  # type: ignore[attr-defined]
        elif self.path.startswith("/alipay/"):
            self.server.alipay.handle(self, self.server.url)  # type: ignore[attr-defined]
        else:
            self._answer_signed_json()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer_signed_json(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > (PRINT_MAX_BODY if self.path.startswith("/printer/") else MAX_BODY):
                raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
            body = self.rfile.read(length)
            self._check_signature(body)
            answer = self._route(json.loads(body) if body else {})
            status = HTTPStatus.OK
        except Refused as refused:
            status, answer = refused.status, {"error": str(refused)}
        except (ValueError, KeyError, TypeError) as error:
            status, answer = HTTPStatus.BAD_REQUEST, {"error": f"bad request: {error}"}
        data = json.dumps(answer, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return  # the caller gave up waiting (a slow demo source)

    def _check_signature(self, body: bytes) -> None:
        keys: dict[str, tuple[str, str]] = self.server.keys  # type: ignore[attr-defined]
        found = next((key for prefix, key in keys.items() if self.path.startswith(prefix)), None)
        if found is None:
            raise Refused(HTTPStatus.NOT_FOUND, "no such service")
        key_id, secret = found
        timestamp = self.headers.get("X-Timestamp", "")
        if not key_id or self.headers.get("X-Access-Key-Id") != key_id:
            raise Refused(HTTPStatus.UNAUTHORIZED, "unknown access key")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
            raise Refused(HTTPStatus.UNAUTHORIZED, "timestamp missing or too old")
        if not hmac.compare_digest(self.headers.get("X-Signature", ""), signature(secret, timestamp, body)):
            raise Refused(HTTPStatus.UNAUTHORIZED, "bad signature")

    def _route(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.command == "POST" and self.path == "/sms/send":
            return send_sms(phone=str(data["phone"]), text=str(data["text"]), out_id=str(data.get("out_id") or ""))
        if self.command == "POST" and self.path == "/identity/verify":
            return verify_identity(
                name=str(data["name"]),
                document_type=str(data["document_type"]),
                document_number=str(data["document_number"]),
            )
        if self.path.startswith("/courier/"):
            return self._courier(data)
        if self.command == "POST" and (shared := SHARED_QUERY.match(self.path)):
            return self._shared_data(shared.group(1), data)
        if self.command == "POST" and self.path == "/cardreader/read":
            _, secret = self.server.keys["/cardreader/"]  # type: ignore[attr-defined]
            return kiosk_devices.read_card(self.server.cards, str(data["device"]), secret)  # type: ignore[attr-defined]
        if self.command == "POST" and self.path == "/printer/jobs":
            return kiosk_devices.print_job(data)
        raise Refused(HTTPStatus.NOT_FOUND, "no such service")

    def _courier(self, data: dict[str, Any]) -> dict[str, Any]:
        """The demo courier (courier.py): orders, cancel, tracking, and the advance control that pushes."""
        path, post = self.path.removeprefix("/courier"), self.command == "POST"
        try:
            if post and path == "/orders":
                return courier.book(data)
            if post and (found := COURIER_CANCEL.match(path)):
                return courier.cancel(found.group(1))
            if not post and path.startswith("/tracking/"):
                return courier.tracking(path.removeprefix("/tracking/"))
            if post and path.startswith("/advance/"):
                key_id, secret = self.server.keys["/courier/"]  # type: ignore[attr-defined]
                return courier.advance_and_push(path.removeprefix("/advance/"), key_id, secret)
        except courier.CourierRefused as refused:
            raise Refused(refused.status, str(refused)) from refused
        raise Refused(HTTPStatus.NOT_FOUND, "no such service")

    def _shared_data(self, provider: str, data: dict[str, Any]) -> dict[str, Any]:
        trouble: dict[str, str] = self.server.shared_data_trouble  # type: ignore[attr-defined]
        if trouble.get(provider) == "down":
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, "source out of service")
        if trouble.get(provider) == "slow":
            time.sleep(shared_data.SLOW_SECONDS)
        if provider not in shared_data.SOURCES or str(data.get("resource")) not in shared_data.SOURCES[provider]:
            raise Refused(HTTPStatus.NOT_FOUND, "no such resource")
        record = shared_data.query(provider, data)
        return {"found": True, "record": record} if record is not None else {"found": False}


class OutsideWorld(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        port: int = 0,
        keys: dict[str, tuple[str, str]] | None = None,
        shared_data_trouble: dict[str, str] | None = None,
        merchant: DemoMerchant | None = None,
    ) -> None:
        """`keys`: path prefix ("/sms/", "/identity/", "/courier/", "/shared/") → (access key id, secret) it accepts;
        `shared_data_trouble`: shared-data provider → "down" or "slow" (changeable while it runs); `merchant`: the
        keys of the demo WeChat Pay and Alipay (by default the development ones, DemoMerchant.development())."""
        super().__init__(("127.0.0.1", port), _Handler)
        merchant = merchant or DemoMerchant.development()
        self.wechatpay, self.alipay = DemoWechatPay(merchant), DemoAlipay(merchant)
        self.shared_data_trouble = dict(shared_data_trouble or {})
        self.cards: kiosk_devices.Cards = {}  # kiosk device code → the ID card on its reader (None: taken away)
        self.keys = keys or {
            prefix: (getattr(settings, key_id, ""), getattr(settings, secret, ""))
            for prefix, (key_id, secret) in KEY_SETTINGS.items()
        }

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "OutsideWorld":
        threading.Thread(target=self.serve_forever, name="demo-outside", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
