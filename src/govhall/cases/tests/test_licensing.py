"""Licences from cases: issued when a licence case concludes approved, revoked with the decision; decisions logged."""

import json

import pytest

from govhall.accounts.tests.factories import organisation, person, staff
from govhall.cases import decisions, licensing, services
from govhall.cases.constants import CaseState
from govhall.cases.tests.factories import reviewed
from govhall.catalog.tests.factories import published_item
from govhall.core.constants import AuditResult
from govhall.core.models import AuditEvent
from govhall.licences.constants import HolderKind, LicenceState
from govhall.licences.models import Licence
from govhall.licences.tests.factories import BUSINESS_FIELDS, LicenceTypeFactory
from govhall.organisations.constants import Role
from govhall.transparency.models import LogEntry

pytestmark = pytest.mark.django_db
FORM = [
    {"key": "shop_name", "label": "名称", "required": False},
    {"key": "operator", "label": "经营者姓名"},
    {"key": "premises", "label": "经营场所"},
    {"key": "scope", "label": "经营范围"},
]
DATA = {"shop_name": "广安区老张面馆", "operator": "测试alice", "premises": "广安区建设路1号", "scope": "餐饮服务"}


def licence_item(**overrides):
    return published_item(commitment_allowed=True, post_check_days=10, form_fields=FORM, **overrides)


def apply(applicant, item, *, commitment=True, organisation=None, key="k1"):
    return services.submit_case(
        applicant=applicant,
        item=item,
        idempotency_key=key,
        channel="web",
        organisation=organisation,
        application=services.Application(form_data=DATA, commitment=commitment),
    )


def entries(kind):
    found = [json.loads(bytes(row.entry)) for row in LogEntry.objects.order_by("index")]
    return [entry for entry in found if entry["kind"] == kind]


def test_a_person_licence_is_issued_on_conclusion_once():
    item = licence_item()
    licence_type = LicenceTypeFactory(
        fields=[
            {"key": "name", "label": "姓名", "source": "holder.name"},
            {"key": "premises", "label": "经营场所", "source": "premises"},
        ]
    )
    licence_type.items.add(item)
    alice = person("alice")
    case = apply(alice, item)
    assert case.state == CaseState.DELIVERED
    licence = Licence.objects.get(case_number=case.number)
    assert licence.holder_user == alice and licence.holder_kind == HolderKind.PERSON
    assert (licence.holder_name, licence.holder_id) == ("测试alice", "11010519491231002X")
    assert licence.holder_id_type == "居民身份证"
    assert licence.data == {"name": "测试alice", "premises": "广安区建设路1号"}
    assert licence.item == item
    assert licensing.issue_for_case(case) == []  # once per case and type
    assert Licence.objects.filter(case_number=case.number).count() == 1


def test_a_failed_post_check_revokes_the_licence_and_verify_shows_it(client):
    item = licence_item()
    LicenceTypeFactory().items.add(item)
    case = apply(person("alice"), item)
    licence = Licence.objects.get(case_number=case.number)
    approver = staff("approver", Role.APPROVER, department=item.department)
    decisions.record_post_check(case=case, actor=approver, truthful=False, finding="现场无经营场所")
    licence.refresh_from_db()
    assert licence.state == LicenceState.REVOKED
    event = licence.events.last()
    assert (event.to_state, event.reason, event.actor) == (LicenceState.REVOKED, "现场无经营场所", approver)
    body = client.get(f"/api/v1/licences/verify/{licence.identifier}").json()
    assert (body["status"], body["status_label"]) == ("revoked", "已撤销")
    assert "已撤销" in client.get(f"/verify/{licence.identifier}").content.decode()


def test_a_legal_person_licence_goes_to_the_organisation_acted_for():
    item = licence_item()
    LicenceTypeFactory(
        holder_kind=HolderKind.LEGAL_PERSON,
        fields=[
            {"key": "name", "label": "名称", "source": "organisation.name"},
            {"key": "uscc", "label": "统一社会信用代码", "source": "organisation.uscc"},
        ],
    ).items.add(item)
    carol = person("carol", number=2)
    org = organisation(carol)
    case = apply(carol, item, organisation=org)
    licence = Licence.objects.get(case_number=case.number)
    assert licence.holder_organisation == org and licence.holder_user is None
    assert (licence.holder_name, licence.holder_id) == (org.name, org.uscc)
    assert licence.data == {"name": org.name, "uscc": org.uscc}
    assert org.name.encode() in bytes(licence.canonical)  # a legal person's licence is public


def test_a_new_business_gets_a_new_code_and_the_operator_is_hashed():
    item = licence_item()
    LicenceTypeFactory(
        holder_kind=HolderKind.LEGAL_PERSON, fields=[dict(field) for field in BUSINESS_FIELDS]
    ).items.add(item)
    alice = person("alice")
    case = apply(alice, item)
    licence = Licence.objects.get(case_number=case.number)
    assert licence.holder_user == alice and licence.holder_name == "广安区老张面馆"
    assert licence.holder_id.startswith("92511602") and licence.data["uscc"] == licence.holder_id
    assert "测试alice".encode() not in bytes(licence.canonical)


def test_no_licence_without_approval_or_without_a_licence_result():
    item = licence_item()
    LicenceTypeFactory().items.add(item)
    alice = person("alice")
    case = apply(alice, item, commitment=False)
    approver = staff("approver", Role.APPROVER, department=item.department)
    case = services.accept_case(case=case, actor=approver, channel="window")
    case = reviewed(case, approver)
    case = services.deny(case=case, actor=approver, channel="window", reason="材料不全")
    case = services.conclude(case=case, actor=approver, channel="window")
    assert not Licence.objects.exists()
    other = published_item(
        number=2, commitment_allowed=True, post_check_days=10, result_type="approval", form_fields=FORM
    )
    LicenceTypeFactory().items.add(other)
    apply(alice, other, key="k2")
    assert not Licence.objects.exists()


def test_an_applicant_without_real_name_data_gets_no_licence_but_the_case_concludes():
    item = licence_item()
    LicenceTypeFactory().items.add(item)
    alice = person("alice")
    alice.person.delete()
    alice.refresh_from_db()
    case = apply(alice, item)
    assert case.state == CaseState.DELIVERED and not Licence.objects.exists()
    failure = AuditEvent.objects.get(action="licences.issue", result=AuditResult.FAILURE)
    assert "实名" in failure.detail["error"]


def test_decisions_are_logged_without_personal_data():
    item = licence_item()
    alice = person("alice")
    case = apply(alice, item)
    approver = staff("approver", Role.APPROVER, department=item.department)
    decisions.record_post_check(case=case, actor=approver, truthful=False, finding="测试alice 未在该地址经营")
    logged = entries("case.decision")
    assert [(entry["case_number"], entry["act"]) for entry in logged] == [
        (case.number, "approve"),
        (case.number, "revoke"),
    ]
    revoke = case.events.get(act="revoke")
    assert logged[1]["event_sm3"] == licensing.decision_digest(revoke)
    for row in LogEntry.objects.all():
        for secret in ("测试alice", "11010519491231002X", "广安区建设路1号"):
            assert secret.encode() not in bytes(row.entry)
