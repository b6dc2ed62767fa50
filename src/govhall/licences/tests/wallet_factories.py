"""The wallet's people and licences: alice holds a licence in her own name, carol's enterprise 好味道餐饮 holds one (dave
acts for it as agent), bob holds nothing; a window clerk of the issuing department. Licences are real issuances
(factories.issued: signed and logged)."""

from dataclasses import dataclass
from typing import Any

from govhall.accounts.models import Organisation, User
from govhall.accounts.tests import factories as people
from govhall.licences import services
from govhall.licences.constants import HolderKind
from govhall.licences.models import Licence
from govhall.licences.tests.factories import BUSINESS_FIELDS, LicenceTypeFactory, issued
from govhall.organisations.constants import Role


def personal_licence(holder: User, **extra: Any) -> Licence:
    profile = holder.person  # type: ignore[attr-defined]
    return issued(
        holder_name=profile.real_name,
        holder_id=profile.document_number,
        holder_user=holder,
        data={"name": profile.real_name, "id_number": profile.document_number, "address": "四川省广安市广安区"},
        **extra,
    )


def business_licence(organisation: Organisation, **extra: Any) -> Licence:
    licence_type = LicenceTypeFactory(
        name="营业执照", holder_kind=HolderKind.LEGAL_PERSON, fields=[dict(field) for field in BUSINESS_FIELDS]
    )
    return services.issue(
        licence_type=licence_type,
        holder_name=organisation.name,
        holder_id=organisation.uscc,
        holder_id_type="统一社会信用代码",
        holder_organisation=organisation,
        data={
            "uscc": organisation.uscc,
            "name": organisation.name,
            "operator": "测试carol",
            "premises": "广安区建设路 1 号",
            "scope": "餐饮服务",
        },
        **extra,
    )


@dataclass
class Wallet:
    alice: User
    bob: User
    carol: User
    dave: User
    enterprise: Organisation
    licence: Licence
    business: Licence


def wallet() -> Wallet:
    alice = people.person("alice", number=0)
    bob = people.person("bob", number=1)
    carol = people.person("carol", number=2)
    dave = people.person("dave", number=3)
    enterprise = people.organisation(carol)
    people.authorise(enterprise, dave, all_items=True)
    return Wallet(alice, bob, carol, dave, enterprise, personal_licence(alice), business_licence(enterprise))


def clerk(licence: Licence, username: str = "clerk") -> User:
    """A window clerk of the department that issued `licence`."""
    return people.staff(username, Role.WINDOW_CLERK, department=licence.issuer_department)
