"""The portal search page logs each typed search once, anonymously; result links go through the click redirect,
which counts the click (once a day per browser) and only ever redirects to the item's own guide page."""

import re
from html import unescape

import pytest

from govhall.catalog.models import SearchClick, SearchEvent
from govhall.catalog.tests.factories import published_item
from govhall.portal.search_views import VISITOR_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return published_item(number=1)


def result_links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'class="item-name" href="([^"]+)"', page)]


def test_a_search_is_logged_once_and_its_results_link_through_the_redirect(client, item):
    response = client.get("/search/", {"q": "开饭店"})
    assert response.status_code == 200
    assert list(SearchEvent.objects.values_list("query", "results")) == [("开饭店", 1)]
    assert VISITOR_COOKIE in response.cookies
    links = result_links(response.content.decode())
    assert len(links) == 1 and links[0].startswith("/search/go/?q=") and "pos=1" in links[0]
    # Filters (htmx) and further pages are not new searches; browsing without words is not a search.
    client.get("/search/", {"q": "开饭店", "audience": "person"}, headers={"HX-Request": "true"})
    client.get("/search/", {"q": "开饭店", "page": 2})
    client.get("/search/", {"audience": "person"})
    assert SearchEvent.objects.count() == 1


def test_a_search_with_no_result_is_logged_too(client, item):
    client.get("/search/", {"q": "开火箭发射场"})
    assert list(SearchEvent.objects.values_list("results", flat=True)) == [0]


def test_the_click_is_counted_and_redirects_to_the_guide(client, item):
    page = client.get("/search/", {"q": "开饭店", "prev": "开馆子"}).content.decode()
    link = result_links(page)[0]
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    click = SearchClick.objects.get()
    assert (click.query, click.item, click.position, click.after) == ("开饭店", item, 1, "开馆子")
    client.get(link)  # the same browser again today: still one
    assert SearchClick.objects.count() == 1


def test_without_the_search_cookie_nothing_is_counted_but_the_link_works(client, item):
    response = client.get("/search/go/", {"q": "开饭店", "item": item.implementation_code, "pos": 1})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert not SearchClick.objects.exists()


def test_a_head_request_is_not_a_click(client, item):
    client.get("/search/", {"q": "开饭店"})
    response = client.head("/search/go/", {"q": "开饭店", "item": item.implementation_code})
    assert response.status_code == 302
    assert not SearchClick.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "开饭店", "item": "https://evil.example/"},
        {"q": "开饭店", "item": "//evil.example"},
        {"q": "开饭店", "item": "511A9999999999-511602000000-000-11511301008778220W-1-00"},
    ],
)
def test_only_our_own_items_are_redirected_to(client, item, params):
    response = client.get("/search/go/", params)
    assert response.status_code == 404
    assert "不存在" in response.content.decode()


@pytest.mark.parametrize("params", [{}, {"q": "开饭店"}, {"item": "x"}, {"q": "开饭店", "item": "x", "pos": "abc"}])
def test_bad_click_links_get_a_chinese_400(client, params):
    response = client.get("/search/go/", params)
    assert response.status_code == 400
    assert "搜索条件有误" in response.content.decode()
