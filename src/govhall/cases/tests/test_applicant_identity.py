"""An item's 服务对象 decides who may apply (catalog.services.identity_refusal, asked by check_application): an
enterprise-only item is refused to a private person on the portal, the API and at the window, with a Chinese message
that says to switch identity; a person-only item is refused to a legal person's agent."""

import pytest

from govhall.accounts.tests.factories import organisation, person, staff
from govhall.cases import services
from govhall.cases.models import Case
from govhall.cases.tests.api_factories import app_headers
from govhall.catalog.services import identity_refusal
from govhall.catalog.tests.factories import published_item
from govhall.core.constants import Channel
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
DEFERRABLE = [{"name": "营业执照申请书", "originals": 1, "necessity": "deferrable"}]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def enterprise_item():
    return published_item(audiences=["enterprise"], name="企业年报公示", materials=DEFERRABLE)


def test_the_rule_reads_the_guides_audiences(enterprise_item):
    version = enterprise_item.current_version
    assert "以企业身份办理" in identity_refusal(version, as_legal_person=False)
    assert "企业法人" in identity_refusal(version, as_legal_person=False)
    assert identity_refusal(version, as_legal_person=True) == ""
    person_only = published_item(number=2, audiences=["natural_person"]).current_version
    assert "以个人身份办理" in identity_refusal(person_only, as_legal_person=True)
    assert identity_refusal(person_only, as_legal_person=False) == ""
    both = published_item(number=3).current_version
    assert identity_refusal(both, as_legal_person=False) == identity_refusal(both, as_legal_person=True) == ""


def test_the_service_refuses_a_private_person_and_accepts_the_enterprise(enterprise_item):
    alice = person("alice")
    application = services.Application(form_data={"reason": "年报"})
    with pytest.raises(services.WrongIdentity, match="切换身份"):
        services.submit_case(
            applicant=alice, item=enterprise_item, application=application, idempotency_key="a", channel=Channel.WEB
        )
    org = organisation(alice)
    case = services.submit_case(
        applicant=alice,
        item=enterprise_item,
        application=application,
        idempotency_key="b",
        channel=Channel.WEB,
        organisation=org,
    )
    assert case.organisation == org


def test_the_portal_form_does_not_open_to_a_private_person(client, enterprise_item):
    alice = person("alice")
    client.force_login(alice)
    url = f"/cases/apply/{enterprise_item.implementation_code}/"
    page = client.get(url)
    assert page.status_code == 403
    text = page.content.decode()
    assert "请以企业身份办理" in text and "请切换办事身份" in text and 'name="reason"' not in text
    posted = client.post(url, {"reason": "年报", "idempotency_key": "k", "declaration": "on"})
    assert posted.status_code == 403 and not Case.objects.exists()
    # Switching identity on that page brings the applicant back to the form, now open.
    org = organisation(alice)
    switched = client.post("/accounts/me/act-as/", {"organisation": org.pk, "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    assert client.get(url).status_code == 200
    assert client.post("/accounts/me/act-as/", {"organisation": "", "next": "https://evil.example/"})["Location"] == (
        "/accounts/me/"
    )


def test_the_api_answers_403_with_the_hint(client, enterprise_item):
    alice = person("alice")
    body = {"item_code": enterprise_item.implementation_code, "form_data": {"reason": "年报"}}
    headers = {**app_headers(alice), "Idempotency-Key": "r-1"}
    refused = client.post("/api/v1/cases", body, content_type="application/json", headers=headers)
    assert refused.status_code == 403
    assert "以企业身份办理" in refused.json()["detail"]
    org = organisation(alice)
    made = client.post(
        "/api/v1/cases",
        body | {"organisation_uscc": org.uscc},
        content_type="application/json",
        headers={**headers, "Idempotency-Key": "r-2"},
    )
    assert made.status_code == 201, made.json()


def test_the_window_cannot_file_an_enterprise_item_for_a_walk_in_person(client, enterprise_item):
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=enterprise_item.department))
    start = {
        "document_type": "resident_id",
        "document_number": "11010519491231002X",
        "real_name": "王芳",
        "phone": "13900009999",
        "item": enterprise_item.pk,
    }
    response = client.post("/workbench/receive/", start)
    assert response.status_code == 400 and "以企业身份办理" in response.content.decode()
    assert not Case.objects.exists()
