"""Named users: alice (citizen), bob (citizen), carol (legal representative of 好味道餐饮), dave (agent), staff by role."""

from datetime import timedelta
from typing import Any

import pyotp
from django.utils import timezone

from govhall.accounts.constants import AccountKind, DocumentType, OrganisationKind
from govhall.accounts.models import Authorisation, Organisation, PersonProfile, TotpDevice, User
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.crypto import blind_index
from govhall.organisations.models import StaffMembership

PASSWORD = "Str0ng!Passw0rd"
IDS = ["11010519491231002X", "510802199001011238", "51160219850615123X", "110101199003077710", "11010119900307001X"]


def person(username: str, *, number: int = 0, phone: str | None = None, **extra: Any) -> User:
    phone = phone or f"1390000{number:04d}"
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        kind=AccountKind.PERSON,
        phone=phone,
        phone_index=blind_index(phone),
        **extra,
    )
    PersonProfile.objects.create(
        user=user,
        real_name=f"测试{username}",
        document_type=DocumentType.RESIDENT_ID,
        document_number=IDS[number],
        document_index=blind_index(IDS[number]),
        verified_at=timezone.now(),
        verified_by="test",
    )
    return user


def staff(username: str, role: str, *, department: Any = None, totp: bool = True) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, kind=AccountKind.STAFF)
    StaffMembership.objects.create(user=user, department=department or DepartmentFactory(), role=role)
    if totp:
        TotpDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    return user


def organisation(
    representative: User, *, uscc: str = "91350100M000100Y43", name: str = "广安区好味道餐饮有限公司"
) -> Organisation:
    return Organisation.objects.create(
        name=name,
        uscc=uscc,
        kind=OrganisationKind.ENTERPRISE,
        legal_representative=representative,
        verified_at=timezone.now(),
    )


def authorise(org: Organisation, agent: User, *, days: int = 30, **extra: Any) -> Authorisation:
    return Authorisation.objects.create(
        organisation=org,
        agent=agent,
        valid_until=timezone.localdate() + timedelta(days=days),
        granted_by=org.legal_representative,
        **extra,
    )


def current_code(user: User) -> str:
    return pyotp.TOTP(user.totp.secret).now()
