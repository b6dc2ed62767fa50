"""The anonymous search log, result clicks counted once per visitor and day, and the capped click boost."""

import math
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govhall.catalog import search_log
from govhall.catalog.models import SearchClick, SearchEvent
from govhall.catalog.search import parse_query
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db


def test_a_search_is_logged_with_one_insert_and_nothing_about_the_person():
    with CaptureQueriesContext(connection) as queries:
        search_log.record_search("  开 饭 店？！ ", 7)
    assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
    event = SearchEvent.objects.get()
    assert (event.query, event.results) == ("开饭店", 7)
    fields = {field.name for field in SearchEvent._meta.get_fields()}
    assert fields == {"id", "query", "results", "searched_at"}  # no user, no address, no session


def test_an_empty_query_is_not_logged():
    search_log.record_search(" ？！ ", 0)
    assert not SearchEvent.objects.exists()


def test_a_click_counts_once_per_visitor_and_day():
    item = published_item(number=1)
    today = date(2026, 12, 4)
    first = search_log.record_click(query="开饭店", item=item, position=1, after="", token="a", day=today)
    again = search_log.record_click(query="开 饭店", item=item, position=2, after="", token="a", day=today)
    other = search_log.record_click(query="开饭店", item=item, position=1, after="", token="b", day=today)
    tomorrow = search_log.record_click(
        query="开饭店", item=item, position=1, after="", token="a", day=today + timedelta(days=1)
    )
    assert (first, again, other, tomorrow) == (True, False, True, True)
    assert SearchClick.objects.count() == 3
    visitors = set(SearchClick.objects.values_list("visitor", flat=True))
    assert len(visitors) == 3 and "a" not in visitors  # a keyed hash per day, not the token
    assert not search_log.record_click(query="开饭店", item=item, position=1, after="", token="", day=today)


def test_the_query_before_a_click_is_kept_when_it_differs():
    item = published_item(number=1)
    search_log.record_click(query="开饭店", item=item, position=1, after="开馆子", token="a")
    search_log.record_click(query="开餐馆", item=item, position=1, after="开餐馆", token="a")
    assert sorted(SearchClick.objects.values_list("after", flat=True)) == ["", "开馆子"]


def test_the_boost_grows_slowly_and_is_capped():
    assert search_log.click_boost(0) == 0
    assert search_log.click_boost(1) == pytest.approx(0.1 * math.log(2))
    assert search_log.click_boost(10) < search_log.click_boost(11) < search_log.CLICK_BOOST_CAP
    assert search_log.click_boost(10**6) == search_log.CLICK_BOOST_CAP == 0.3


def _clicks(query, item, visitors, day=None):
    for visitor in range(visitors):
        search_log.record_click(query=query, item=item, position=2, after="", token=f"v{visitor}", day=day)


def test_clicks_reorder_close_results_but_not_beyond_the_cap():
    first = published_item(number=1, name="城乡居民养老保险登记", keywords="", summary="")
    second = published_item(number=2, name="企业职工养老保险登记", keywords="", summary="")
    far = published_item(number=3, name="社会保障卡申领", keywords="", summary="可查询养老保险。")
    order = [item.pk for item in search_items("养老保险", ItemFilters(), limit=5).items]
    assert order.index(far.pk) == 2
    low, high = sorted([first, second], key=lambda item: order.index(item.pk), reverse=True)
    _clicks("养老保险", low, 5)
    cache.clear()
    boosted = [item.pk for item in search_items("养老保险", ItemFilters(), limit=5).items]
    assert boosted[0] == low.pk  # close scores: people's choice wins
    _clicks("养老保险", far, 1000)
    cache.clear()
    capped = [item.pk for item in search_items("养老保险", ItemFilters(), limit=5).items]
    assert capped.index(far.pk) == 2  # a mention in the text stays below name matches however often it is clicked
    _clicks("社会保障卡", high, 50)  # clicks from another query change nothing here
    cache.clear()
    assert [item.pk for item in search_items("养老保险", ItemFilters(), limit=5).items] == capped


def test_old_clicks_do_not_count():
    item = published_item(number=1)
    old = date.today() - timedelta(days=search_log.CLICK_WINDOW_DAYS + 1)
    _clicks("开饭店", item, 3, day=old)
    assert search_log.click_boosts("开饭店") == {}
    cache.clear()  # boosts are cached for BOOST_CACHE_SECONDS
    _clicks("开饭店", item, 3)
    assert search_log.click_boosts("开饭店") == {item.pk: round(search_log.click_boost(3), 4)}


def test_homophone_typos_and_spaced_pinyin_are_understood():
    marriage = published_item(number=1, name="中国内地公民婚姻登记", keywords="结婚证", summary="")
    copy = published_item(number=2, name="补领结婚证", keywords="", summary="")
    published_item(number=3, name="户口迁移审批", keywords="", summary="")
    assert parse_query("结昏证").sounds == ("jiehunzheng",)
    assert {item.pk for item in search_items("结昏证", ItemFilters(), limit=5).items} == {marriage.pk, copy.pk}
    assert parse_query("hunyin dengji").pinyin_words == ("hunyin", "dengji")
    assert search_items("hunyin dengji", ItemFilters(), limit=5).items[0].pk == marriage.pk
