"""授权用证 pages: the holder grants an enterprise (by USCC) or a department, sees it and may revoke it; someone acting
for the enterprise opens it once (verification and PDF), then it is refused; bad input is a form error in Chinese."""

import pytest
from django.urls import reverse

from govhall.core.models import AuditEvent
from govhall.licences.models import LicenceGrant

pytestmark = pytest.mark.django_db


def grant(client, people, **extra):
    data = {"grantee_kind": "organisation", "uscc": people.enterprise.uscc, "purpose": "开户核验", "hours": "24"}
    data.update(extra)
    return client.post(reverse("wallet:grant", args=[people.licence.pk]), data)


def test_the_holder_grants_an_enterprise_and_sees_it(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("wallet:grant", args=[people.licence.pk])).status_code == 200
    response = grant(client, people)
    assert response.status_code == 302
    made = LicenceGrant.objects.get()
    assert made.grantee_organisation == people.enterprise and made.purpose == "开户核验"
    page = client.get(reverse("wallet:home")).content.decode()
    assert people.enterprise.name in page and "待使用" in page


def test_the_holder_grants_a_department(client, people):
    client.force_login(people.alice)
    department = people.licence.issuer_department
    response = grant(client, people, grantee_kind="department", department=str(department.pk), uscc="")
    assert response.status_code == 302
    assert LicenceGrant.objects.get().grantee_department == department


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"uscc": "91000000000000000X"}, "没有找到该统一社会信用代码的企业"),
        ({"grantee_kind": "department", "uscc": ""}, "请选择部门"),
        ({"purpose": ""}, "这个字段是必填项"),
        ({"hours": "9999"}, "选择一个有效的选项"),
        ({"grantee_kind": "x"}, "选择一个有效的选项"),
    ],
)
def test_bad_grants_are_form_errors_in_chinese(client, people, extra, message):
    client.force_login(people.alice)
    response = grant(client, people, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LicenceGrant.objects.exists()


def test_the_enterprise_opens_it_once_then_it_is_refused(client, people, act_for):
    client.force_login(people.alice)
    grant(client, people)
    made = LicenceGrant.objects.get()
    client.force_login(people.dave)
    act_for(client, people.enterprise)
    assert reverse("wallet:granted", args=[made.pk]) in client.get(reverse("wallet:home")).content.decode()
    before = client.get(reverse("wallet:granted", args=[made.pk]))
    assert before.status_code == 200 and "仅能使用一次" in before.content.decode()
    opened = client.post(reverse("wallet:granted", args=[made.pk]))
    page = opened.content.decode()
    assert opened.status_code == 200 and "有效证照，签名验证通过" in page
    document = client.get(reverse("wallet:granted_document", args=[made.pk]))
    assert document.status_code == 200 and document.content.startswith(b"%PDF-")
    again = client.post(reverse("wallet:granted", args=[made.pk]))
    assert again.status_code == 410 and "该授权已使用" in again.content.decode()
    assert AuditEvent.objects.filter(action="licences.download", actor_id=people.dave.pk).count() == 1
    client.force_login(people.alice)
    assert "已使用" in client.get(reverse("wallet:home")).content.decode()


def test_a_grant_is_404_to_anyone_else(client, people, act_for):
    client.force_login(people.alice)
    grant(client, people)
    made = LicenceGrant.objects.get()
    client.force_login(people.dave)  # not acting for the enterprise
    assert client.post(reverse("wallet:granted", args=[made.pk])).status_code == 404
    client.force_login(people.bob)
    act_for(client, people.enterprise)
    assert client.get(reverse("wallet:granted", args=[made.pk])).status_code == 404
    assert client.get(reverse("wallet:granted_document", args=[made.pk])).status_code == 404


def test_the_document_needs_the_grant_opened_first(client, people, act_for):
    client.force_login(people.alice)
    grant(client, people)
    made = LicenceGrant.objects.get()
    client.force_login(people.dave)
    act_for(client, people.enterprise)
    response = client.get(reverse("wallet:granted_document", args=[made.pk]))
    assert response.status_code == 410 and "请先在授权页面打开证照" in response.content.decode()


def test_the_holder_revokes_an_unused_grant(client, people, act_for):
    client.force_login(people.alice)
    grant(client, people)
    made = LicenceGrant.objects.get()
    response = client.post(reverse("wallet:revoke_grant", args=[people.licence.pk, made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.revoked_at is not None
    client.force_login(people.dave)
    act_for(client, people.enterprise)
    refused = client.post(reverse("wallet:granted", args=[made.pk]))
    assert refused.status_code == 410 and "已撤回" in refused.content.decode()


def test_nobody_else_revokes(client, people):
    client.force_login(people.alice)
    grant(client, people)
    made = LicenceGrant.objects.get()
    client.force_login(people.bob)
    assert client.post(reverse("wallet:revoke_grant", args=[people.licence.pk, made.pk])).status_code == 404
