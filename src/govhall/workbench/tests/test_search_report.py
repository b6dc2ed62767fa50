"""检索分析: catalog managers see the queries with no result or no click and add aliases or synonyms in one click
(audited); other staff and citizens are refused."""

import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.catalog import search_log
from govhall.catalog.models import Item, Synonym
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.organisations.models import Department

pytestmark = pytest.mark.django_db
URL = "/workbench/search-report/"


@pytest.fixture
def item():
    return published_item(number=1, name="养老机构设立备案", keywords="", summary="设立养老机构。")


@pytest.fixture
def manager(item):
    return staff("catalog", Role.CATALOG_MANAGER, department=item.department)


def test_only_catalog_managers_see_the_report(client, item, manager):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(person("alice"))
    assert client.get(URL).status_code == 403
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "alias/", {"item": item.implementation_code, "alias": "开养老院"}).status_code == 403
    client.force_login(manager)
    assert client.get(URL).status_code == 200


def test_queries_without_result_or_click_are_listed_with_suggestions(client, item, manager):
    for _ in range(3):
        search_log.record_search("开个养老院", 0)
    search_log.record_search("养老机构", 1)  # found, never opened
    search_log.record_search("养老机构设立", 1)  # found and opened: not listed
    search_log.record_click(query="养老机构设立", item=item, position=1, after="开个养老院", token="a")
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert "开个养老院" in page and "无结果" in page and "养老机构</td>" in page and "无点击" in page
    assert "养老机构设立</td>" not in page
    assert "加为“养老机构设立备案”的别名" in page  # people opened it after rephrasing
    assert "加为同义词：也检索“养老机构设立”" in page


def test_add_as_alias_is_audited_and_searchable(client, item, manager):
    client.force_login(manager)
    response = client.post(URL + "alias/", {"item": item.implementation_code, "alias": "开个养老院"})
    assert response.status_code == 302
    assert Item.objects.get(pk=item.pk).aliases == "开个养老院"
    event = AuditEvent.objects.get(action="catalog.aliases")
    assert (event.actor, event.object_id) == (manager, str(item.pk))
    assert search_items("开个养老院", ItemFilters(), limit=5).items[0].pk == item.pk


def test_items_of_other_departments_are_refused(client, item):
    other: Department = DepartmentFactory()
    outsider = staff("other", Role.CATALOG_MANAGER, department=other)
    client.force_login(outsider)
    client.post(URL + "alias/", {"item": item.implementation_code, "alias": "开养老院"})
    assert Item.objects.get(pk=item.pk).aliases == ""
    assert not AuditEvent.objects.filter(action="catalog.aliases").exists()


def test_add_as_synonym_is_audited(client, item, manager):
    client.force_login(manager)
    client.post(URL + "synonym/", {"term": "敬老院", "expansion": "养老机构"})
    client.post(URL + "synonym/", {"term": "敬老院", "expansion": "养老机构设立"})
    assert Synonym.objects.get(term="敬老院").expansion_list() == ["养老机构", "养老机构设立"]
    assert AuditEvent.objects.filter(action="catalog.synonym").count() == 2
    assert search_items("敬老院", ItemFilters(), limit=5).items[0].pk == item.pk


def test_bad_input_is_refused_with_a_message(client, item, manager):
    client.force_login(manager)
    response = client.post(URL + "synonym/", {"term": "", "expansion": "养老机构"}, follow=True)
    assert response.status_code == 200 and "同义词有误" in response.content.decode()
    assert not Synonym.objects.exists()
