"""Demo accounts for every role, listed in README.md (password and TOTP seed). Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govhall.accounts.constants import AccountKind, DocumentType, OrganisationKind
from govhall.accounts.models import Authorisation, Organisation, PersonProfile, TotpDevice, User
from govhall.core.crypto import blind_index
from govhall.organisations.constants import Role
from govhall.organisations.models import Department, Hall, StaffMembership

DEMO_PASSWORD = "GovHall#2026demo"  # noqa: S105 - a published demo password, for demo data only
# (username, real name, resident ID, phone)
PEOPLE = [
    ("zhangsan", "张三", "11010519491231002X", "13800000001"),
    ("lisi", "李四", "510802199001011238", "13800000002"),
    ("wangwu", "王五", "51160219850615123X", "13800000003"),
    ("zhaoliu", "赵六", "110105194003150030", "13800000004"),  # aged 80 and over: the demo 高龄津贴 (免申即享)
]
# (username, role, department name, TOTP seed)
STAFF = [
    ("clerk", Role.WINDOW_CLERK, "区行政审批局", "JBSWY3DPEHPK3PXPCLERKAAA"),
    ("reviewer", Role.REVIEWER, "区行政审批局", "JBSWY3DPEHPK3PXPREVIEWER"),
    ("approver", Role.APPROVER, "区行政审批局", "JBSWY3DPEHPK3PXPAPPROVER"),
    ("supervisor", Role.SUPERVISOR, "区政府办", "JBSWY3DPEHPK3PXPSUPERVIS"),
    ("catalog", Role.CATALOG_MANAGER, "区政府办", "JBSWY3DPEHPK3PXPCATALOGM"),
    ("operator", Role.OPERATOR, "区政府办", "JBSWY3DPEHPK3PXPOPERATOR"),
]
# (姓, 名) of the demo staff: pages show staff by their real names.
STAFF_NAMES = {
    "clerk": ("陈", "晓雯"),
    "reviewer": ("刘", "建国"),
    "approver": ("赵", "明"),
    "supervisor": ("孙", "丽"),
    "catalog": ("周", "涛"),
    "operator": ("吴", "磊"),
}
ORGANISATION = ("广安区好味道餐饮有限公司", "91350100M000100Y43")
# The clerk, reviewer and approver also work for these departments (README.md, Demo accounts).
CASE_ROLES = {Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER}
HALL_DEPARTMENTS = ["区民政局", "区人社局", "区市监局", "区公安分局", "区医疗保障局", "区卫健局", "区残联"]


def _user(username: str, kind: str, phone: str = "") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            kind=kind,
            phone=phone,
            phone_index=blind_index(phone) if phone else "",
        )
    return user


@transaction.atomic
def load_demo_accounts() -> int:
    for username, name, number, phone in PEOPLE:
        user = _user(username, AccountKind.PERSON, phone)
        PersonProfile.objects.get_or_create(
            user=user,
            defaults={
                "real_name": name,
                "document_type": DocumentType.RESIDENT_ID,
                "document_number": number,
                "document_index": blind_index(number),
                "verified_at": timezone.now(),
                "verified_by": "demo",
            },
        )
    representative = User.objects.get(username="lisi")
    organisation, _ = Organisation.objects.get_or_create(
        uscc=ORGANISATION[1],
        defaults={
            "name": ORGANISATION[0],
            "kind": OrganisationKind.ENTERPRISE,
            "legal_representative": representative,
            "verified_at": timezone.now(),
        },
    )
    agent = User.objects.get(username="wangwu")
    if not Authorisation.objects.filter(organisation=organisation, agent=agent, revoked_at__isnull=True).exists():
        Authorisation.objects.create(
            organisation=organisation,
            agent=agent,
            all_items=True,
            valid_until=timezone.localdate() + timedelta(days=365),
            granted_by=representative,
        )
    hall = Hall.objects.order_by("level", "name").first()
    for username, role, department_name, seed in STAFF:
        user = _user(username, AccountKind.STAFF)
        if not user.last_name:
            user.last_name, user.first_name = STAFF_NAMES.get(username, ("", ""))
            user.save(update_fields=["last_name", "first_name"])
        department, _ = Department.objects.get_or_create(name=department_name, defaults={"area_code": "511602000000"})
        places = [department]
        if role in CASE_ROLES:  # case-handling staff also sit at the windows of the hall's common departments
            places += [
                Department.objects.get_or_create(name=name, defaults={"area_code": "511602000000"})[0]
                for name in HALL_DEPARTMENTS
            ]
        for place in places:
            StaffMembership.objects.get_or_create(
                user=user, department=place, role=role, defaults={"hall": hall if role == Role.WINDOW_CLERK else None}
            )
        TotpDevice.objects.get_or_create(user=user, defaults={"secret": seed, "confirmed_at": timezone.now()})
        if role in (Role.CATALOG_MANAGER, Role.OPERATOR) and not user.is_staff:
            user.is_staff = True  # the back office (Django admin) is their workplace
            user.is_superuser = role == Role.OPERATOR
            user.save(update_fields=["is_staff", "is_superuser"])
    return len(PEOPLE) + len(STAFF)
