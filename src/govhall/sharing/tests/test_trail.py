"""谁查看/调用了我的数据: the portal page and the API list every access about the person — and only theirs —, staff by
masked name or 系统, the purpose linked; reading the trail is audited."""

import pytest

from govhall.accounts.tests.factories import IDS, person, staff
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.sharing import services
from govhall.sharing.tests.factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def accesses():
    item = published_item()
    alice, bob = person("alice"), person("bob", number=1)
    household = resource("household", items=[item])
    mine, theirs = submitted_case(applicant=alice, item=item), submitted_case(applicant=bob, item=item)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    clerk.last_name, clerk.first_name = "陈", "晓雯"
    clerk.save(update_fields=["last_name", "first_name"])
    for case, number, actor in ((mine, IDS[0], clerk), (theirs, IDS[1], None)):
        services.fetch(
            resource=household,
            subject_id=number,
            subject_kind="person",
            purpose=case.number,
            department=item.department,
            actor=actor,
        )
    with pytest.raises(services.FetchRefused):
        services.fetch(
            resource=household, subject_id=IDS[0], subject_kind="person", purpose="", department=item.department
        )
    return alice, bob, mine, theirs


def test_the_page_shows_the_persons_own_accesses_only(client, accesses):
    alice, bob, mine, theirs = accesses
    client.force_login(alice)
    page = client.get("/me/data-trail/").content.decode()
    assert page.count("户籍信息") == 2  # the fetch for her case and the refused one
    assert f'href="/cases/{mine.number}/"' in page and theirs.number not in page
    assert "陈**" in page and "晓雯" not in page  # staff masked
    assert "已拒绝" in page and "未说明" in page
    assert AuditEvent.objects.filter(action="sharing.view_trail", actor_id=alice.pk).count() == 1
    client.force_login(bob)
    page = client.get("/me/data-trail/").content.decode()
    assert theirs.number in page and mine.number not in page and "系统" in page


def test_me_links_to_it_and_it_needs_login(client, accesses):
    assert client.get("/me/data-trail/").status_code == 302
    client.force_login(accesses[0])
    assert "/me/data-trail/" in client.get("/accounts/me/").content.decode()
    assert client.get("/me/data-trail/?page=²").status_code == 200


def test_the_api_gives_the_same_rows(client, accesses):
    alice, _, mine, theirs = accesses
    assert theirs.number
    body = client.get("/api/v1/sharing/trail", headers=app_headers(alice, "openid profile")).json()
    assert body["total"] == 2 and body["pages"] == 1
    assert [row["purpose"] for row in body["rows"]] == ["", mine.number]
    assert body["rows"][1]["staff"] == "陈**" and body["rows"][1]["outcome"] == "已获取"
    assert "id_number" not in str(body) and IDS[0] not in str(body)
    assert body["rows"][1]["fields"][0] == "出生日期"
    assert AuditEvent.objects.filter(action="sharing.view_trail", channel="api").count() == 1
    assert client.get("/api/v1/sharing/trail?page=0", headers=app_headers(alice, "openid profile")).status_code == 422
    assert client.get("/api/v1/sharing/trail").status_code == 401
