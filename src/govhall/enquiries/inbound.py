"""A work order from the 12345 hotline (POST /api/v1/hotline/orders, the signature already checked by the API):
the fields read and bounded, routed to the item's department (item_code) or to the department named, then one
enquiry per order id (services.create_from_hotline)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from govhall.catalog.models import Item
from govhall.enquiries import services
from govhall.enquiries.constants import CONTENT_MAX, TITLE_MAX, Kind
from govhall.enquiries.models import Enquiry
from govhall.enquiries.services import EnquiryRefused, clean_text
from govhall.organisations.models import Department


@dataclass(frozen=True)
class Order:
    order_id: str
    kind: str
    title: str
    content: str
    caller_name: str
    caller_phone: str
    item_code: str = ""
    department: str = ""


def receive(order: Order) -> tuple[Enquiry, bool]:
    order_id = order.order_id.strip()
    if not order_id or len(order_id) > 64 or not order_id.isascii() or not order_id.isprintable():
        raise EnquiryRefused(_("工单号无效。"))
    if order.kind not in Kind.values:
        raise EnquiryRefused(_("工单类型只能是 consult、complaint 或 suggestion。"))
    title = clean_text(order.title, label=_("标题"), limit=TITLE_MAX)
    content = clean_text(order.content, label=_("内容"), limit=CONTENT_MAX)
    name = clean_text(order.caller_name, label=_("来电人"), limit=50, required=False)
    phone = "".join(ch for ch in order.caller_phone if ch in "0123456789-")[:20]  # ASCII digits only (landlines too)
    item = Item.objects.select_related("department").filter(implementation_code=order.item_code).first()
    if order.item_code and item is None:
        raise EnquiryRefused(_("没有该事项：%(code)s。") % {"code": order.item_code[:80]})
    department = item.department if item is not None else Department.objects.filter(name=order.department).first()
    if department is None:
        raise EnquiryRefused(_("无法确定承办部门：请给出事项编码或部门名称。"))
    return services.create_from_hotline(
        order_id=order_id,
        kind=order.kind,
        title=title,
        content=content,
        caller_name=name,
        caller_phone=phone,
        department=department,
        item=item,
    )
