"""The 12345 hotline's side of GovHall (docs/enquiries.md, "The 12345 protocol"): the hotline creates a work order
(POST /api/v1/hotline/orders, idempotent by its order id) and reads what became of it (GET
/api/v1/hotline/orders/{order_id}). No token: every request carries the HMAC-SHA256 signature of the shared secret
HOTLINE_SECRET over timestamp + "." + body (enquiries.hotline), and a timestamp within HOTLINE_REPLAY_SECONDS. GovHall
tells the hotline when an order is replied or closed by the outbound notice (enquiries.hotline)."""

import json
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ValidationError

from govhall.api.errors import errors
from govhall.enquiries import hotline, inbound
from govhall.enquiries.constants import Kind
from govhall.enquiries.models import Enquiry
from govhall.enquiries.services import EnquiryRefused

router = Router(tags=["hotline"])
BAD_SIGNATURE = "签名无效或已过期（X-Hotline-Timestamp / X-Hotline-Signature）。"
NO_ORDER = "没有该工单。"


class OrderIn(Schema):
    order_id: str = Field(min_length=1, max_length=64, description="12345 的工单号（同一工单号只建一件）")
    kind: str = Field(description="consult（咨询）、complaint（投诉）或 suggestion（建议）")
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1, max_length=2000)
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)
    item_code: str = Field("", max_length=80, description="事项实施编码（按事项的部门分派）")
    department: str = Field("", max_length=100, description="部门名称（没有事项编码时）")


class OrderOut(Schema):
    order_id: str
    number: str = Field(description="GovHall 的编号")
    kind: str
    state: str = Field(description="pending 待受理、processing 处理中、answered 已答复、closed 已关闭")
    department: str
    due_on: str = Field(description="答复期限（工作日计算）")
    reply: str
    replied_at: datetime | None
    satisfaction: str


def _signed(request: HttpRequest) -> bytes:
    body = request.body
    if not hotline.verify(
        settings.HOTLINE_SECRET,
        timestamp=request.headers.get("X-Hotline-Timestamp", ""),
        body=body,
        header=request.headers.get("X-Hotline-Signature", ""),
    ):
        raise HttpError(401, BAD_SIGNATURE)
    return body


def _out(enquiry: Enquiry) -> OrderOut:
    return OrderOut(
        order_id=enquiry.hotline_order_id or "",
        number=enquiry.number,
        kind=enquiry.kind,
        state=enquiry.state,
        department=enquiry.department.name,
        due_on=enquiry.due_on.isoformat(),
        reply=enquiry.reply,
        replied_at=enquiry.replied_at,
        satisfaction=enquiry.satisfaction,
    )


@router.post(
    "/orders",
    response={200: OrderOut, 201: OrderOut, **errors(400, 401, 422)},
    summary="A work order from 12345 (signed; the same order_id again answers the first, 200)",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": OrderIn.json_schema()}}}},
)
def create_order(request: HttpRequest) -> Status[OrderOut]:
    body = _signed(request)
    try:
        data = OrderIn.model_validate(json.loads(body))
    except (ValueError, ValidationError) as error:
        raise HttpError(422, "工单内容无效：须为含 order_id、kind、title、content 的 JSON。") from error
    if data.kind not in Kind.values:
        raise HttpError(422, "工单类型只能是 consult、complaint 或 suggestion。")
    try:
        enquiry, created = inbound.receive(inbound.Order(**data.model_dump()))
    except EnquiryRefused as refused:
        raise HttpError(400, str(refused)) from refused
    return Status(201 if created else 200, _out(enquiry))


@router.get(
    "/orders/{order_id}",
    response={200: OrderOut, **errors(401, 404)},
    summary="What became of a work order from 12345 (signed over the empty body)",
)
def read_order(request: HttpRequest, order_id: str) -> OrderOut:
    _signed(request)
    enquiry = Enquiry.objects.select_related("department").filter(hotline_order_id=order_id[:64]).first()
    if enquiry is None:
        raise HttpError(404, NO_ORDER)
    return _out(enquiry)
