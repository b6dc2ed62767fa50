"""Demo enquiries (run by `manage.py load_demo`): zhangsan's questions about 区行政审批局's most asked-about item —
two answered by the demo clerk and published as the item's Q&A (one rated 满意), a complaint and a suggestion still
waiting — and a work order from the 12345 hotline. Through the services, once (idempotent by title)."""

from django.db import transaction

from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.enquiries import inbound, publishing, services
from govhall.enquiries.constants import Kind, Satisfaction, Source
from govhall.enquiries.models import Enquiry

# (kind, title, content, answer or "", published, rated)
PLAN: list[tuple[str, str, str, str, bool, bool]] = [
    (
        Kind.CONSULT,
        "开饭店要准备哪些材料？",
        "我想在区里开一家小饭店，办食品经营许可要带什么材料？我的电话 13800000001。",
        "请准备食品经营许可申请书、营业执照、法定代表人身份证明和经营场所平面图，可在本网站在线申报。",
        True,
        True,
    ),
    (
        Kind.CONSULT,
        "食品经营许可证多久能办好？",
        "材料齐全的话，多少个工作日能拿到许可证？",
        "材料齐全、符合法定形式的，承诺 5 个工作日内办结，办结后可选择邮寄送达。",
        True,
        False,
    ),
    (Kind.COMPLAINT, "窗口排队时间太长", "上周五上午在综合受理窗口排了一个多小时。", "", False, False),
    (Kind.SUGGESTION, "建议增加周末办理", "上班族工作日请假不方便，建议周六上午开放窗口。", "", False, False),
]
HOTLINE_ORDER = "12345-DEMO-0001"


@transaction.atomic
def load_demo_enquiries() -> int:
    person = User.objects.filter(username="zhangsan").first()
    clerk = User.objects.filter(username="clerk").first()
    if person is None or clerk is None:
        return 0
    departments = [place.department_id for place in clerk.memberships.all()]
    item = (
        Item.objects.filter(department_id__in=departments, current_version__catalog_only=False)
        .order_by("-popularity", "pk")
        .first()
    )
    if item is None:
        return 0
    made = 0
    for kind, title, content, answer, published, rated in PLAN:
        if Enquiry.objects.filter(user=person, title=title).exists():
            continue
        enquiry = services.submit(user=person, kind=kind, title=title, content=content, source=Source.GUIDE, item=item)
        made += 1
        if not answer:
            continue
        enquiry = services.reply(enquiry, actor=clerk, text=answer)
        if published:
            question, reply = publishing.draft(enquiry)
            publishing.publish(enquiry, actor=clerk, question=question, answer=reply)
        if rated:
            services.rate(enquiry, user=person, satisfaction=Satisfaction.SATISFIED)
    _order, created = inbound.receive(
        inbound.Order(
            order_id=HOTLINE_ORDER,
            kind=Kind.CONSULT,
            title="营业执照丢了怎么补办",
            content="来电人询问营业执照遗失后如何补领。",
            caller_name="王先生",
            caller_phone="13900009999",
            item_code=item.implementation_code,
        )
    )
    return made + int(created)
