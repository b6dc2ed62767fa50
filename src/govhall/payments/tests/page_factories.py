"""Cases that owe money, for the payment pages' tests: an item whose 工本费 (fixed, reducible) is paid before
acceptance, so submitting asks for payment at once and payments makes the order; and paying it at the demo bank
counter (govhall.contrib.demo.finance, over loopback)."""

import urllib.parse
import urllib.request
from typing import Any

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.constants import FeeStage
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import published_item
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentOrder

FEE = {
    "name": "工本费",
    "standard": "每证 10.50 元",
    "legal_basis": "《财政部 国家发展改革委关于收费的通知》",
    "amount": 1050,
    "stage": FeeStage.BEFORE_ACCEPTANCE,
    "reducible": True,
}
OPEN_FEE = {
    "name": "检测费",
    "standard": "按检测项目计收",
    "legal_basis": "《收费标准》",
    "amount": None,
    "stage": FeeStage.BEFORE_ACCEPTANCE,
}


def fee_item(*, number: int = 301, department: str = "区行政审批局", fees: list[dict[str, Any]] | None = None) -> Item:
    found = Item.objects.filter(name=f"收费事项{number}").first()
    if found is not None:
        return found
    return published_item(number=number, name=f"收费事项{number}", department=department, fees=fees or [FEE])


def due_case(applicant: User | None = None, item: Item | None = None) -> Case:
    """A submitted case owing its 工本费 (10.50 元): payments has made its pending order."""
    applicant = applicant or User.objects.filter(username="applicant").first() or person("applicant", number=4)
    return submitted_case(applicant=applicant, item=item or fee_item())


def pending_order(case: Case) -> PaymentOrder:
    return PaymentOrder.objects.get(case=case, state=OrderState.PENDING)


def pay_at_counter(outside_world: Any, code: str) -> str:
    """The payer types the 缴款码 at the demo bank counter (its HTTP page); answers the page."""
    body = urllib.parse.urlencode({"code": code}).encode()
    request = urllib.request.Request(f"{outside_world.url}/finance/counter", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())
