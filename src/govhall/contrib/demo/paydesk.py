"""What the demo payment gateways (wechatpay.py, alipay.py) share: the keys of the demo merchant on both sides, the
cashier page where a person "pays", and the outbox of asynchronous notifications with its retries.

A notification is sent when a person pays (at once, before the cashier page answers, unless `auto_notify` is off) and
for refunds (queued: sent by `deliver_pending()`, which run_demo_services calls every few seconds and tests call
directly). One GovHall does not answer as the protocol wants stays queued and is retried, up to MAX_ATTEMPTS."""

import dataclasses
import html
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from govhall.payments import keys
from govhall.payments.amounts import fen_to_yuan
from govhall.payments.gateways import BillRow

BEIJING = ZoneInfo("Asia/Shanghai")
MAX_ATTEMPTS = 8
MAX_BODY = 64 * 1024


def now() -> datetime:
    return datetime.now(UTC).astimezone(BEIJING).replace(microsecond=0)  # the gateways write whole seconds


@dataclass(frozen=True)
class DemoMerchant:
    """One merchant's keys at the demo WeChat Pay and Alipay, GovHall's half and the gateway's."""

    wechat_merchant_key: str  # private PEM: GovHall signs its requests with it (the demo checks its public half)
    wechat_platform_key: str  # private PEM: the demo signs answers and notifications with it
    alipay_app_key: str  # private PEM: GovHall's app signs with it
    alipay_gateway_key: str  # private PEM: the demo Alipay signs with it
    wechat_mchid: str = "1900000001"
    wechat_appid: str = "wx0000000000demo01"
    wechat_merchant_serial: str = "0000000000000000000000000000DEMO00000001"
    wechat_platform_serial: str = "PUB_KEY_ID_0000000000DEMO0000000001"
    wechat_apiv3_key: str = "demo-apiv3-key-not-a-secret-0001"
    alipay_app_id: str = "2021000000000001"

    @classmethod
    def generate(cls) -> "DemoMerchant":
        """Fresh keys (the tests make theirs once a session)."""
        return cls(keys.new_private_pem(), keys.new_private_pem(), keys.new_private_pem(), keys.new_private_pem())

    @classmethod
    def from_directory(cls, directory: Path) -> "DemoMerchant":
        """The development merchant: the default ids and the keys generated once into `directory` (var/demo-keys).
        Needs no Django settings: a benchmark gives a server with DEBUG off `.govhall_settings(url)` as its
        environment, and run_demo_services (GOVHALL_VAR_DIR the same) plays the gateways with the same keys."""
        names = (keys.WECHAT_MERCHANT, keys.WECHAT_PLATFORM, keys.ALIPAY_APP, keys.ALIPAY_GATEWAY)
        return cls(*(keys.development_key(directory, name) for name in names))

    @classmethod
    def development(cls) -> "DemoMerchant":
        """The merchant of the settings (their DEBUG defaults, or what is set) with the demo gateways' own keys from
        PAYMENT_DEMO_KEY_DIR; what the settings leave empty is the development merchant's (from_directory)."""
        found = {
            name: value
            for name, setting in (
                ("wechat_merchant_key", "WECHAT_PAY_PRIVATE_KEY"),
                ("alipay_app_key", "ALIPAY_PRIVATE_KEY"),
                ("wechat_mchid", "WECHAT_PAY_MCHID"),
                ("wechat_appid", "WECHAT_PAY_APPID"),
                ("wechat_merchant_serial", "WECHAT_PAY_CERT_SERIAL"),
                ("wechat_platform_serial", "WECHAT_PAY_PLATFORM_SERIAL"),
                ("wechat_apiv3_key", "WECHAT_PAY_APIV3_KEY"),
                ("alipay_app_id", "ALIPAY_APP_ID"),
            )
            if (value := getattr(settings, setting, ""))
        }
        return dataclasses.replace(cls.from_directory(settings.PAYMENT_DEMO_KEY_DIR), **found)

    def govhall_settings(self, url: str) -> dict[str, str]:
        """The settings that make GovHall's gateways talk to the demo outside world at `url` with these keys."""
        return {
            "WECHAT_PAY_PROVIDER": "govhall.payments.wechat.WechatPayV3",
            "WECHAT_PAY_URL": f"{url}/wechatpay",
            "WECHAT_PAY_MCHID": self.wechat_mchid,
            "WECHAT_PAY_APPID": self.wechat_appid,
            "WECHAT_PAY_PRIVATE_KEY": self.wechat_merchant_key,
            "WECHAT_PAY_CERT_SERIAL": self.wechat_merchant_serial,
            "WECHAT_PAY_APIV3_KEY": self.wechat_apiv3_key,
            "WECHAT_PAY_PLATFORM_PUBLIC_KEY": keys.public_pem(self.wechat_platform_key),
            "WECHAT_PAY_PLATFORM_SERIAL": self.wechat_platform_serial,
            "ALIPAY_PROVIDER": "govhall.payments.alipay.Alipay",
            "ALIPAY_URL": f"{url}/alipay/gateway.do",
            "ALIPAY_APP_ID": self.alipay_app_id,
            "ALIPAY_PRIVATE_KEY": self.alipay_app_key,
            "ALIPAY_PUBLIC_KEY": keys.public_pem(self.alipay_gateway_key),
        }


@dataclass
class Reply:
    status: int
    content_type: str = "application/json; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


def read_body(handler: BaseHTTPRequestHandler) -> bytes:
    length = int(handler.headers.get("Content-Length") or 0)
    if length > MAX_BODY:
        raise Refused(413, "PARAM_ERROR", "body too large")
    return handler.rfile.read(length)


def send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    try:
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(reply.body)
    except (BrokenPipeError, ConnectionResetError):
        return


def cashier_page(
    *, title: str, merchant: str, description: str, amount_fen: int, state: str, paid: bool, back_url: str = ""
) -> Reply:
    """The demo cashier: the amount and what it is for, and a 确认支付 button (a form posting to the same address);
    once paid, 支付成功 and a link back to the merchant when there is one."""
    safe = html.escape
    if paid:
        action = "<p class=ok>支付成功</p>" + (
            f'<p><a href="{safe(back_url)}">返回商户页面</a></p>' if back_url else ""
        )
    elif state:
        action = f"<p>{safe(state)}</p>"
    else:
        hidden = f'<input type="hidden" name="back_url" value="{safe(back_url)}">' if back_url else ""
        action = f'<form method="post">{hidden}<button type="submit">确认支付</button></form>'
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{safe(title)}</title>
<style>body{{font:16px/1.6 system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}}
.amount{{font-size:2rem;font-weight:bold}} button{{font-size:1.1rem;padding:.6rem 2rem;width:100%}}
.ok{{color:#176c2a;font-weight:bold}} .note{{color:#666;font-size:.85rem}}</style></head>
<body><main><h1>{safe(title)}</h1><p>收款方：{safe(merchant)}</p><p>{safe(description)}</p>
<p class="amount">¥{fen_to_yuan(amount_fen)}</p>{action}
<p class="note">这是演示支付网关，不会真的扣款。</p></main></body></html>"""
    return Reply(200, "text/html; charset=utf-8", page.encode())


@dataclass
class Delivery:
    url: str
    headers: dict[str, str]
    body: bytes
    attempts: int = 0
    answers: list[str] = field(default_factory=list)


class Outbox:
    """Notifications waiting to be accepted. `accepted(status, body)` says what the protocol takes for success."""

    def __init__(self, accepted: Callable[[int, bytes], bool]) -> None:
        self.accepted = accepted
        self.lock = threading.Lock()
        self.pending: list[Delivery] = []
        self.delivered: list[Delivery] = []
        self.given_up: list[Delivery] = []

    def clear(self) -> None:
        with self.lock:
            self.pending, self.delivered, self.given_up = [], [], []

    def queue(self, url: str, headers: dict[str, str], body: bytes) -> Delivery:
        delivery = Delivery(url, headers, body)
        with self.lock:
            self.pending.append(delivery)
        return delivery

    def deliver(self, delivery: Delivery) -> bool:
        """One attempt; True when GovHall accepted it (it then leaves the queue)."""
        delivery.attempts += 1
        request = urllib.request.Request(delivery.url, data=delivery.body, headers=delivery.headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, answer = error.code, error.read()
            error.close()
        except OSError as error:
            status, answer = 0, str(error).encode()
        delivery.answers.append(f"{status} {answer[:200].decode('utf-8', 'replace')}")
        ok = self.accepted(status, answer)
        with self.lock:
            if delivery in self.pending and (ok or delivery.attempts >= MAX_ATTEMPTS):
                self.pending.remove(delivery)
                (self.delivered if ok else self.given_up).append(delivery)
        return ok

    def deliver_pending(self) -> int:
        """Try every waiting notification once (the retry); how many were accepted."""
        with self.lock:
            waiting = list(self.pending)
        return sum(self.deliver(delivery) for delivery in waiting)

    def retry_every(self, seconds: float, stopped: threading.Event) -> threading.Thread:
        def loop() -> None:
            while not stopped.wait(seconds):
                self.deliver_pending()

        thread = threading.Thread(target=loop, name="demo-pay-retries", daemon=True)
        thread.start()
        return thread


class DemoGateway:
    """What both demo gateways keep and offer tests and the benchmark: their orders and refunds, the daily bill with
    the differences planted in it, and the outbox of notifications. A gateway names its own fields: `PAID_AT`,
    `REFUNDED_AT` and `TRADE_ID` (the keys of its order and refund records), and `trade_id(out_trade_no)`."""

    PAID_AT = "paid_at"
    REFUNDED_AT = "at"
    TRADE_ID = "trade_no"

    def __init__(self, outbox: Outbox) -> None:
        self.lock = threading.Lock()
        self.outbox = outbox
        self.reset()

    def trade_id(self, out_trade_no: str) -> str:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget every order, refund, bill difference and notification (each test starts clean)."""
        with self.lock:
            self.orders: dict[str, dict[str, Any]] = {}
            self.refunds: dict[str, dict[str, Any]] = {}
            self.bills: dict[str, bytes] = {}
            self.bill_extra: list[BillRow] = []
            self.bill_amounts: dict[str, int] = {}
            self.bill_dropped: set[str] = set()
            self.auto_notify = True
        self.outbox.clear()

    def plant_bill_row(
        self,
        *,
        out_trade_no: str,
        amount_fen: int,
        kind: str = "payment",
        out_refund_no: str = "",
        day: date | None = None,
    ) -> None:
        """An extra line in the bill of `day` (today by default): a trade the gateway has and GovHall may not."""
        at = now() if day is None else datetime.combine(day, now().timetz())
        row = BillRow(out_trade_no, self.trade_id(out_trade_no), kind, amount_fen, at, out_refund_no)
        with self.lock:
            self.bill_extra.append(row)

    def change_bill_amount(self, out_trade_no: str, amount_fen: int) -> None:
        """The bill states another amount for this order's payment."""
        with self.lock:
            self.bill_amounts[out_trade_no] = amount_fen

    def drop_from_bill(self, out_trade_no: str) -> None:
        """The bill leaves this order's payment out."""
        with self.lock:
            self.bill_dropped.add(out_trade_no)

    def deliver_pending(self) -> int:
        return self.outbox.deliver_pending()

    def bill_rows(self, day: date) -> list[BillRow]:
        """The lines of the bill of `day`, differences planted included."""
        paid_at, refunded_at, trade = self.PAID_AT, self.REFUNDED_AT, self.TRADE_ID
        with self.lock:
            rows = [
                BillRow(no, order[trade], "payment", self.bill_amounts.get(no, order["total"]), paid)
                for no, order in self.orders.items()
                if (paid := order[paid_at]) and paid.date() == day and no not in self.bill_dropped
            ]
            rows += [
                BillRow(r["out_trade_no"], r[trade], "refund", r["amount"], r[refunded_at], no)
                for no, r in self.refunds.items()
                if r[refunded_at].date() == day
            ]
            rows += [row for row in self.bill_extra if row.at.date() == day]
        return sorted(rows, key=lambda row: row.at)
