"""Numbers from outside are bounded before they reach a query: a page of the site answers 4xx or a sensible default,
never a 500 from a number the database cannot hold."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.bounds import DB_ID_MAX, page_number, whole_number
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
HUGE = "9223372036854775809"


def test_whole_number_and_page_number():
    assert whole_number("12") == 12 and whole_number(str(DB_ID_MAX)) == DB_ID_MAX
    for bad in (HUGE, "²", "١٢", "-1", "1.0", "", None, " "):
        assert whole_number(bad) is None
    assert page_number("3", maximum=10) == 3 and page_number(HUGE, maximum=10) == 1
    assert page_number("999", maximum=10) == 10 and page_number("²", maximum=10) == 1


def test_search_with_a_department_no_column_can_hold_is_a_400(client):
    response = client.get(f"/search/?department={HUGE}")
    assert response.status_code == 400
    assert "部门" in response.content.decode()


@pytest.mark.parametrize("url", [f"/cases/GH1/materials/{HUGE}/", f"/ratings/department/{HUGE}/"])
def test_ids_in_paths_past_a_bigint_are_a_404(client, url):
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory()))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", [HUGE, "²", "-3"])
def test_workbench_page_numbers_are_bounded(client, page):
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory()))
    assert client.get(f"/workbench/?page={page}").status_code == 200


def _plain_paths(patterns=None, prefix=""):  # type: ignore[no-untyped-def]
    """Every page of the site that takes no path parameters (admin and the OIDC endpoints aside)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or route.startswith(("admin/", "o/", "^", "api/", "i18n/")):
            continue
        if isinstance(entry, URLResolver):
            yield from _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


NUMBERS = dict.fromkeys(
    ("department", "hall", "item", "handler", "page", "page_size", "organisation", "revision", "to"), HUGE
) | {"lat": "1e999", "lng": "-1e999", "month_from": "9999-99", "month_to": "0000-00", "state": "²"}
NUL_TEXT = dict.fromkeys(("q", "reason", "message", "username", "number", "name"), "a\x00b")


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.SUPERVISOR, Role.OPERATOR, Role.CATALOG_MANAGER, None])
def test_no_page_answers_a_500_to_numbers_no_column_can_hold_or_nul_characters(client, role):
    client.raise_request_exception = False
    if role is not None:
        client.force_login(staff(f"user-{role}", role, department=DepartmentFactory()))
    failures = []
    for path in sorted(set(_plain_paths())):
        for response in (client.get(path, NUMBERS), client.post(path, NUMBERS), client.post(path, NUL_TEXT)):
            if response.status_code >= 500:
                failures.append(f"{response.request['REQUEST_METHOD']} {path} → {response.status_code}")
    assert failures == []


def test_a_nul_character_in_a_page_form_is_a_400(client):
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory()))
    response = client.post("/workbench/cases/GH1/act/", {"act": "deliver", "reason": "a\x00b", "revision": "1"})
    assert response.status_code == 400
