"""POST/GET /api/v1/hotline/orders: signed by the shared secret (HMAC-SHA256 over timestamp "." body) within the
replay window, one enquiry per order id, every bad input a 4xx with a Chinese message."""

import json
import time

import pytest

from govhall.contrib.demo.hotline import signed_order
from govhall.core.models import AuditEvent
from govhall.enquiries.constants import Source, State
from govhall.enquiries.hotline import signed_headers
from govhall.enquiries.models import Enquiry
from govhall.enquiries.tests.factories import SECRET, item

pytestmark = pytest.mark.django_db
URL = "/api/v1/hotline/orders"


def order(**extra):  # type: ignore[no-untyped-def]
    return {
        "order_id": "12345-20261204-0001",
        "kind": "consult",
        "title": "营业执照补办",
        "content": "来电人询问营业执照丢失如何补办。",
        "caller_name": "王小明",
        "caller_phone": "13812345678",
        "item_code": item().implementation_code,
        **extra,
    }


def post(client, data, *, secret=SECRET, now=None, body=None):  # type: ignore[no-untyped-def]
    sent, headers = signed_order(data, secret, now=now)
    body = sent if body is None else body
    extra = {
        f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items() if name != "Content-Type"
    }
    return client.post(URL, body, content_type="application/json", **extra)


def test_a_signed_order_makes_one_enquiry_routed_to_the_items_department(client):
    answer = post(client, order())
    assert answer.status_code == 201, answer.content
    made = Enquiry.objects.get()
    assert made.source == Source.HOTLINE and made.department == item().department and made.state == State.PENDING
    assert made.contact_phone == "13812345678" and made.user is None
    assert answer.json()["number"] == made.number
    assert AuditEvent.objects.filter(action="enquiries.received_from_hotline").count() == 1


def test_the_same_order_again_answers_the_first(client):
    first = post(client, order()).json()
    again = post(client, order(title="另一个标题"))
    assert again.status_code == 200 and again.json() == first
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    "how",
    ["wrong secret", "old timestamp", "future timestamp", "no signature", "body changed"],
)
def test_unsigned_or_replayed_orders_are_refused(client, how):  # type: ignore[no-untyped-def]
    data = order()
    if how == "wrong secret":
        answer = post(client, data, secret="not-the-secret")
    elif how == "old timestamp":
        answer = post(client, data, now=time.time() - 301)
    elif how == "future timestamp":
        answer = post(client, data, now=time.time() + 301)
    elif how == "no signature":
        answer = client.post(URL, json.dumps(data), content_type="application/json")
    else:
        answer = post(client, data, body=json.dumps(order(kind="complaint")).encode())
    assert answer.status_code == 401
    assert "签名" in answer.json()["detail"]
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"kind": "praise"}, 422, "工单类型"),
        ({"title": ""}, 422, "工单内容无效"),
        ({"item_code": "no-such-item"}, 400, "没有该事项"),
        ({"item_code": "", "department": "不存在的局"}, 400, "无法确定承办部门"),
        ({"order_id": "单号"}, 400, "工单号无效"),
    ],
)
def test_bad_orders_get_a_4xx_with_a_chinese_message(client, change, status, words):  # type: ignore[no-untyped-def]
    answer = post(client, order(**change))
    assert answer.status_code == status
    assert words in answer.json()["detail"]


def test_a_body_that_is_not_json_is_refused(client):  # type: ignore[no-untyped-def]
    body = b"\xff\xfe not json"
    headers = signed_headers(SECRET, body)
    answer = client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_HOTLINE_TIMESTAMP=headers["X-Hotline-Timestamp"],
        HTTP_X_HOTLINE_SIGNATURE=headers["X-Hotline-Signature"],
    )
    assert answer.status_code == 422


def test_reading_an_order_is_signed_too(client):  # type: ignore[no-untyped-def]
    post(client, order())
    headers = signed_headers(SECRET, b"")
    answer = client.get(
        f"{URL}/12345-20261204-0001",
        HTTP_X_HOTLINE_TIMESTAMP=headers["X-Hotline-Timestamp"],
        HTTP_X_HOTLINE_SIGNATURE=headers["X-Hotline-Signature"],
    )
    assert answer.status_code == 200 and answer.json()["state"] == "pending"
    assert client.get(f"{URL}/12345-20261204-0001").status_code == 401
    missing = client.get(
        f"{URL}/nope",
        HTTP_X_HOTLINE_TIMESTAMP=headers["X-Hotline-Timestamp"],
        HTTP_X_HOTLINE_SIGNATURE=headers["X-Hotline-Signature"],
    )
    assert missing.status_code == 404 and missing.json()["detail"] == "没有该工单。"
