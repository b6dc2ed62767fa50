"""核验证照 in the workbench: a clerk types a 亮证 code, pastes the scanned address, or enters an identifier, and sees
the verification, recorded under their name and department; bad or expired input is a Chinese 4xx; citizens are
refused. Grants made to the department are opened once here."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.core.models import AuditEvent
from govhall.licences import grants, showings, tokens
from govhall.licences.models import LicenceShowingView
from govhall.licences.tests import wallet_factories
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
URL = reverse("workbench:licence_verify")


@pytest.fixture
def people():
    return wallet_factories.wallet()


@pytest.fixture
def clerk(client, people):
    user = wallet_factories.clerk(people.licence)
    client.force_login(user)
    return user


def test_the_clerk_types_the_code_and_the_view_is_recorded(client, people, clerk):
    shown = showings.show_licence(licence=people.licence, actor=people.alice)
    response = client.post(URL, {"query": tokens.display_code(shown.code)})
    page = response.content.decode()
    assert response.status_code == 200 and "有效证照，签名验证通过" in page and "出示时间" in page
    view = LicenceShowingView.objects.get()
    assert view.viewer == clerk and view.viewer_department == people.licence.issuer_department
    client.force_login(people.alice)
    assert people.licence.issuer_department.name in client.get(reverse("wallet:home")).content.decode()


def test_the_clerk_pastes_the_scanned_address(client, people, clerk):
    shown = showings.show_licence(licence=people.licence, actor=people.alice)
    scanned = "http://testserver" + reverse("wallet:shown", args=[shown.token])
    assert client.post(URL, {"query": scanned}).status_code == 200
    assert LicenceShowingView.objects.get().viewer == clerk


def test_an_identifier_or_verify_address_is_verified_and_audited(client, people, clerk):
    for query in (people.licence.identifier, f"https://example.gov.cn/verify/{people.licence.identifier}"):
        response = client.post(URL, {"query": query})
        assert response.status_code == 200 and people.licence.number in response.content.decode()
    assert AuditEvent.objects.filter(action="licences.verify_by_staff", actor_id=clerk.pk).count() == 2


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "请扫描亮证二维码"),
        ("ZZZZ-ZZZZ", 404, "没有这次亮证"),
        ("1.2.156.3005.2.nothing", 404, "没有找到该证照"),
        ("abc:def", 400, "亮证码无效"),
    ],
)
def test_bad_input_is_a_chinese_4xx(client, people, clerk, query, status, message):
    response = client.post(URL, {"query": query})
    assert response.status_code == status and message in response.content.decode()


def test_an_expired_code_is_410(client, people, clerk):
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=timezone.now() - timedelta(minutes=9))
    response = client.post(URL, {"query": shown.code})
    assert response.status_code == 410 and "已过期" in response.content.decode()


def test_citizens_and_staff_without_cases_are_refused(client, people):
    client.force_login(people.alice)
    assert client.get(URL).status_code == 403
    client.force_login(staff("catalog", Role.CATALOG_MANAGER, department=people.licence.issuer_department))
    assert client.get(URL).status_code == 403


def test_a_department_grant_is_opened_once_in_the_workbench(client, people, clerk):
    made = grants.grant_licence(
        licence=people.licence,
        actor=people.alice,
        department=people.licence.issuer_department,
        purpose="核验身份",
        valid_until=timezone.now() + timedelta(hours=2),
    )
    assert reverse("workbench:licence_grant", args=[made.pk]) in client.get(URL).content.decode()
    opened = client.post(reverse("workbench:licence_grant", args=[made.pk]))
    assert opened.status_code == 200 and "有效证照" in opened.content.decode()
    document = client.get(reverse("workbench:licence_grant_document", args=[made.pk]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert client.post(reverse("workbench:licence_grant", args=[made.pk])).status_code == 410
    client.force_login(staff("elsewhere", Role.WINDOW_CLERK))
    assert client.get(reverse("workbench:licence_grant", args=[made.pk])).status_code == 404
