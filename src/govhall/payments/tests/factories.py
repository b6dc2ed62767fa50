"""Payments' test helpers: items with fees, staff of the item's department, cases waiting for money, and notifications
signed as the finance system (the demo's NON_TAX key) signs them."""

import json
import time
from typing import Any

from django.conf import settings

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.cases.constants import PaymentState
from govhall.cases.models import Case
from govhall.cases.services import accept_case, approve
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.core.providers import signature
from govhall.organisations.constants import Role
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentOrder

DEPARTMENT = "区行政审批局"  # the factories' item's department


def fee(name: str = "工本费", amount: int | None = 1000, stage: str = "after_decision", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "standard": "10元/证",
        "legal_basis": "川发改价格〔2023〕1号",
        "amount": amount,
        "stage": stage,
        **extra,
    }


def fee_item(*fees: dict[str, Any], number: int = 61, **overrides: Any) -> Item:
    """A published item whose guide charges `fees` (by default a fixed 10.00 yuan 工本费 after the decision)."""
    return published_item(
        number=number, name=f"收费测试事项{number}", online_payment=True, fees=list(fees) or [fee()], **overrides
    )


def clerk(username: str = "clerk", department: Any = None) -> User:
    return staff(username, Role.WINDOW_CLERK, department=department or DepartmentFactory(name=DEPARTMENT))


def approver(username: str = "approver", department: Any = None) -> User:
    return staff(username, Role.APPROVER, department=department or DepartmentFactory(name=DEPARTMENT))


def applicant(username: str = "applicant") -> User:
    return User.objects.filter(username=username).first() or person(username, number=4)


def approved_case(item: Item, decider: User, who: User | None = None) -> Case:
    """A case of `item` accepted, reviewed and approved by `decider` (an approver of the item's department)."""
    case = submitted_case(applicant=who or applicant(), item=item)
    case = accept_case(case=case, actor=decider, channel="window")
    case = reviewed(case, decider)
    return approve(case=case, actor=decider, channel="window")


def due_order(item: Item | None = None, decider: User | None = None, who: User | None = None) -> PaymentOrder:
    """The pending order of an approved case of a fee item (10.00 yuan after the decision)."""
    decider = decider or approver()
    case = approved_case(item or fee_item(), decider, who)
    assert case.payment_state == PaymentState.DUE
    return PaymentOrder.objects.get(case=case, state=OrderState.PENDING)


def signed(
    payload: dict[str, Any] | bytes, *, secret: str | None = None, key_id: str | None = None
) -> tuple[dict[str, str], bytes]:
    """Headers and body of a notification signed as the finance system signs it."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {
        "X-Access-Key-Id": key_id or settings.NON_TAX_KEY_ID,
        "X-Timestamp": timestamp,
        "X-Nonce": "n" * 32,
        "X-Signature": signature(secret or settings.NON_TAX_KEY_SECRET, timestamp, body),
    }
    return headers, body


def paid_payload(
    order: PaymentOrder, *, notification_id: str = "FN1", amount: int | None = None, status: str = "paid"
) -> dict[str, Any]:
    return {
        "notification_id": notification_id,
        "out_trade_no": order.number,
        "payment_code": order.payment_code,
        "status": status,
        "amount_fen": order.amount_fen if amount is None else amount,
        "trade_no": "FS0001",
        "paid_at": "2026-12-03T10:00:00+08:00",
    }


def pay_at_counter(outside_url: str, code: str) -> str:
    """A person pays a 缴款码 at the demo bank counter; the page's text."""
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"code": code}).encode()
    request = urllib.request.Request(f"{outside_url}/finance/counter", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:
        return str(error.read().decode())


def checked_out(order: PaymentOrder) -> PaymentOrder:
    """The order started at the non-tax system (its 缴款码 made)."""
    from govhall.payments.services import start_checkout

    return start_checkout(order=order, method="non_tax_code", actor=order.case.applicant)


def paid_by_code(order: PaymentOrder, outside_url: str) -> PaymentOrder:
    """Paid at the bank counter, the notification lost and made up by querying (sync_pending)."""
    from datetime import timedelta

    from django.utils import timezone

    from govhall.payments.services import sync_pending

    order = checked_out(order)
    assert "缴款成功" in pay_at_counter(outside_url, order.payment_code)
    sync_pending(now=timezone.now() + timedelta(hours=1))
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    return order


def notify(client: Any, channel: str, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> Any:
    """POST a notification to GovHall's endpoint (Django's test client), then run what it enqueued — the worker
    applying the received notification — as the task worker would once the request's transaction commits."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/payments/notify/{channel}/", data=body, content_type=content_type, headers=headers or {})


def wechat_notify(client: Any, headers: dict[str, str], body: bytes) -> Any:
    """POST a WeChat Pay notification to GovHall's endpoint and let the worker apply it."""
    return notify(client, "wechat", body, "application/json", headers)


def paid_by_wechat(client: Any, outside_world: Any, order: PaymentOrder) -> PaymentOrder:
    """Paid with WeChat Native at the demo cashier (the demo knows it paid), its notification posted to GovHall."""
    import urllib.request

    from govhall.payments.services import start_checkout

    order = start_checkout(order=order, method="wechat_native", actor=order.case.applicant)
    outside_world.wechatpay.auto_notify = False
    try:
        cashier = order.code_url.split("?")[0]
        with urllib.request.urlopen(urllib.request.Request(cashier, data=b"", method="POST"), timeout=10) as page:
            assert "支付成功" in page.read().decode()
    finally:
        outside_world.wechatpay.auto_notify = True
    assert wechat_notify(client, *outside_world.wechatpay.signed_notification(order.number, order.amount_fen))
    order.refresh_from_db()
    return order
