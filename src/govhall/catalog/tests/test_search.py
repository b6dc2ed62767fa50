import pytest

from govhall.catalog.search import QueryError, parse_query
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.tests.factories import SynonymFactory, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    food = published_item(number=1)
    move = published_item(
        number=2,
        name="户口迁移审批",
        audiences=["natural_person"],
        keywords="迁户口,落户",
        summary="户口迁入迁出。",
        result_name="准予迁入证明",
        materials=[{"name": "居民户口簿", "originals": 1}],
    )
    online = published_item(
        number=3,
        name="城乡居民基本养老保险参保登记",
        item_type="20",
        audiences=["natural_person"],
        keywords="",
        visits=0,
        visit_reason="",
        handling_kind="immediate",
        statutory_limit=0,
        promised_limit=0,
        online_stages=["consult", "receive", "prereview", "accept", "handle", "result_feedback"],
        steps=[],
        summary="参加城乡居民养老保险。",
        result_name="参保登记信息",
        materials=[{"name": "居民身份证"}],
    )
    return {"food": food, "move": move, "online": online}


def names(text, **filters):
    return [item.name for item in search_items(text, ItemFilters(**filters), limit=10).items]


def test_words_find_items_best_first(catalog):
    assert names("户口迁移")[0] == "户口迁移审批"
    assert names("养老保险") == ["城乡居民基本养老保险参保登记"]


def test_colloquial_words_through_keywords_and_synonyms(catalog):
    assert names("我想迁户口")[0] == "户口迁移审批"
    assert names("开个餐厅") == []
    SynonymFactory(term="餐厅", expansions="食品经营")
    assert names("开个餐厅") == ["食品经营许可（新办）"]


def test_pinyin_full_and_initials(catalog):
    assert names("hkqy") == ["户口迁移审批"]
    assert names("hukouqianyi") == ["户口迁移审批"]
    assert names("spjy") == ["食品经营许可（新办）"]
    assert names("SPJY") == ["食品经营许可（新办）"]


def test_filters(catalog):
    assert names("", online="full") == ["城乡居民基本养老保险参保登记"]
    assert set(names("", audience="legal")) == {"食品经营许可（新办）"}
    assert names("户口", item_type="20") == []
    assert names("户口", department=catalog["move"].department_id) == ["户口迁移审批"]


def test_count_and_paging(catalog):
    first = search_items("", ItemFilters(), limit=2)
    rest = search_items("", ItemFilters(), limit=2, offset=2)
    assert first.count == rest.count == 3
    assert len(first.items) == 2 and len(rest.items) == 1


def test_stopwords_only_and_punctuation(catalog):
    assert parse_query("怎么办？？").is_empty
    assert names("  户口——迁移!!! ")[0] == "户口迁移审批"
    assert names("\"'OR 1=1 --") == []  # quotes and operators are never passed through to the engine


def test_too_long_query_is_refused():
    with pytest.raises(QueryError, match="过长"):
        parse_query("户" * 101)
