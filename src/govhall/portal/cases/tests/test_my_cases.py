"""我的办件: status filter, search by number or item name, unread badges, 删除草稿 on a draft's page, the progress
lookup linked."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.cases.tests.factories import draft_case, submitted_case
from govhall.catalog.tests.factories import published_item
from govhall.notices.models import Notification
from govhall.notices.services import tell

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return person("alice")


@pytest.fixture
def cases(alice):
    food = published_item(number=1, name="食品经营许可（新办）")
    pension = published_item(number=2, name="城乡居民养老保险参保登记")
    filed = submitted_case(alice, food)
    draft = draft_case(alice, pension)
    withdrawn = submitted_case(alice, pension)
    Case.objects.filter(pk=withdrawn.pk).update(state=CaseState.WITHDRAWN)
    return {"filed": filed, "draft": draft, "withdrawn": withdrawn}


def numbers(client, query=""):
    response = client.get(f"/cases/mine/{query}")
    assert response.status_code == 200
    return [case.number for case in response.context["cases"]]


def test_status_filter_and_search(client, alice, cases):
    client.force_login(alice)
    assert set(numbers(client)) == {case.number for case in cases.values()}
    assert numbers(client, "?status=draft") == [cases["draft"].number]
    assert numbers(client, "?status=open") == [cases["filed"].number]
    assert numbers(client, "?status=closed") == [cases["withdrawn"].number]
    assert numbers(client, "?q=食品") == [cases["filed"].number]
    assert numbers(client, f"?q={cases['draft'].number[-6:]}") == [cases["draft"].number]
    assert numbers(client, "?status=done&q=食品") == []
    assert "没有符合条件的办件" in client.get("/cases/mine/?status=done").content.decode()


def test_a_bad_filter_is_a_400_with_a_chinese_message(client, alice):
    client.force_login(alice)
    response = client.get("/cases/mine/?status=nonsense")
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()
    assert client.get("/cases/mine/?q=" + "饭" * 51).status_code == 400


def test_unread_badges_and_reading_on_the_case_page(client, alice, cases):
    filed = cases["filed"]
    tell(user=alice, case=filed, title="已受理", body="您的申请已受理。", send=False)
    tell(user=alice, case=filed, title="请补正", body="请补正材料。", send=False)
    client.force_login(alice)
    page = client.get("/cases/mine/").content.decode()
    assert '<span class="unread-badge">2<span class="visually-hidden">条未读消息' in page
    client.get(f"/cases/{filed.number}/")
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    assert "unread-badge" not in client.get("/cases/mine/").content.decode()


def test_a_draft_offers_delete_not_withdraw(client, alice, cases):
    client.force_login(alice)
    draft = client.get(f"/cases/{cases['draft'].number}/").content.decode()
    assert "删除草稿" in draft and "撤回申请" not in draft
    filed = client.get(f"/cases/{cases['filed'].number}/").content.decode()
    assert "撤回申请" in filed and "删除草稿" not in filed

    response = client.post(f"/cases/{cases['draft'].number}/delete-draft/")
    assert response.status_code == 302 and response["Location"] == "/cases/mine/"
    assert not Case.objects.filter(pk=cases["draft"].pk).exists()
    response = client.post(f"/cases/{cases['filed'].number}/delete-draft/", follow=True)
    assert "不能删除" in response.content.decode()
    assert Case.objects.filter(pk=cases["filed"].pk).exists()


def test_someone_else_cannot_delete_the_draft(client, cases):
    client.force_login(person("bob", number=2))
    assert client.post(f"/cases/{cases['draft'].number}/delete-draft/").status_code == 404
    assert Case.objects.filter(pk=cases["draft"].pk).exists()


def test_the_progress_lookup_is_linked(client, alice):
    assert 'href="/cases/progress/"' in client.get("/").content.decode()
    client.force_login(alice)
    page = client.get("/cases/mine/").content.decode()
    assert page.count('href="/cases/progress/"') >= 2  # the menu and the page
