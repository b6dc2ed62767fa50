"""Factories for 双向寄递: a concluded case whose result goes by post, a submitted case whose guide asks for originals
by courier, the demo courier's signed push, and what the demo courier has been asked to do."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.cases import services
from govhall.cases.models import Case
from govhall.cases.tests.factories import reviewed
from govhall.catalog.tests.factories import HallFactory, published_item
from govhall.contrib.demo import courier as demo_courier
from govhall.organisations.constants import Role

ADDRESS = "四川省广安市广安区金安大道 1 号 张三 13900001111"


def concluded_post_case(
    *, address: str = ADDRESS, payer: str = "government", applicant: User | None = None
) -> tuple[Case, User]:
    """(a case concluded with its result to be posted, the approver who may deliver it)."""
    item = published_item(express_out=True, postage_payer=payer)
    hall = HallFactory()
    hall.departments.add(item.department)
    approver = User.objects.filter(username="approver").first() or staff(
        "approver", Role.APPROVER, department=item.department
    )
    case = services.submit_case(
        applicant=applicant or User.objects.filter(username="alice").first() or person("alice"),
        item=item,
        idempotency_key="",
        channel="web",
        application=services.Application(delivery_method="post", delivery_address=address),
    )
    case = reviewed(services.accept_case(case=case, actor=approver, channel="window"), approver)
    case = services.approve(case=case, actor=approver, channel="window")
    return services.conclude(case=case, actor=approver, channel="window"), approver


def originals_case(*, applicant: User | None = None, express_in: bool = True) -> Case:
    """A submitted case whose guide takes materials by courier and asks for one original."""
    item = published_item(express_in=express_in, materials=[{"name": "食品经营许可申请书", "originals": 1}])
    hall = HallFactory()
    hall.departments.add(item.department)
    return services.submit_case(
        applicant=applicant or person("bob", number=1),
        item=item,
        form_data={"reason": "开设餐馆"},
        idempotency_key="",
        channel="web",
    )


def courier_orders() -> list[dict[str, Any]]:
    """The orders the demo courier has taken (its file)."""
    path = Path(settings.COURIER_OUTBOX_FILE)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    return [row for row in rows if row["kind"] == "order"]


def post_push(client: Client, body: bytes, headers: dict[str, str], carrier: str = "ems") -> Any:
    extra = {key: value for key, value in headers.items() if key != "Content-Type"}
    return client.post(f"/delivery/notify/{carrier}/", body, content_type="application/json", headers=extra)


def advance(client: Client, waybill: str) -> Any:
    """The demo courier moves the parcel one step and pushes it (through Django's client)."""
    body, headers = demo_courier.next_push(waybill)
    return post_push(client, body, headers)
