"""Whatever a client sends as search text or filters, the answer is a 2xx or a 4xx with a message — never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.catalog.search import QueryError, parse_query
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=120
) | st.sampled_from(['"', "'", "*", "OR", "AND NOT", "NEAR(", "a:*", "!!", "()", "户口 OR", "\\", "%", "_", "\x00"])


@pytest.fixture
def item():
    return published_item()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_parse_never_fails_unexpectedly(text):
    try:
        parse_query(text)
    except QueryError:
        assert len(text) > 100


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT, limit=st.integers(min_value=-5, max_value=200), audience=st.sampled_from(["", "person", "x"]))
def test_api_search_answers_every_input(client, item, text, limit, audience):
    response = client.get("/api/v1/catalog/items", {"q": text, "limit": limit, "audience": audience})
    assert response.status_code in (200, 400, 422), (text, response.status_code)
    assert response.json()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT, page=st.text(max_size=5))
def test_search_page_answers_every_input(client, item, text, page):
    response = client.get("/search/", {"q": text, "page": page})
    assert response.status_code in (200, 400), (text, page, response.status_code)
