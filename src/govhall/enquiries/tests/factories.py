"""An item of 区行政审批局 with a published guide; its clerk clara (handles enquiries there), the reviewer rita of
another department, the supervisor sam (of the item's department), the citizen alice; `enquiry(...)` submits one."""

from typing import Any

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.core.constants import Channel
from govhall.enquiries import services
from govhall.enquiries.constants import Kind, Source
from govhall.enquiries.models import Enquiry
from govhall.organisations.constants import Role
from govhall.organisations.models import Department

SECRET = "test-12345-secret"


def item() -> Item:
    return Item.objects.filter(implementation_code__startswith="511A0000000001").first() or published_item()


def citizen(username: str = "alice", number: int = 0) -> User:
    return User.objects.filter(username=username).first() or person(username, number=number)


def clerk(username: str = "clara", department: Department | None = None, role: str = Role.WINDOW_CLERK) -> User:
    return User.objects.filter(username=username).first() or staff(
        username, role, department=department or item().department
    )


def other_department() -> Department:
    return DepartmentFactory(name="区市场监管局")


def enquiry(
    *, kind: str = Kind.CONSULT, user: User | None = None, title: str = "营业执照丢了怎么补办？", **extra: Any
) -> Enquiry:
    source = extra.pop("source", Source.GUIDE)
    if "department" not in extra and "case" not in extra:
        extra.setdefault("item", item())
    return services.submit(
        user=user or citizen(),
        kind=kind,
        title=title,
        content=extra.pop("content", "我的营业执照丢了，电话 13812345678，需要带什么材料？"),
        source=source,
        channel=Channel.WEB,
        **extra,
    )
