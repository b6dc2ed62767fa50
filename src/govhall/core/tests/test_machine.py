"""Machine endpoints (core.machine): a view marked @machine_endpoint under settings.MACHINE_ENDPOINT_PREFIXES is
called without the people's middleware; anything else — another path, a view under the prefix not marked — goes the
whole way down."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path

from govhall.core.machine import MachineEndpointMiddleware, machine_endpoint


@machine_endpoint
def signed_push(request: HttpRequest, carrier: str) -> HttpResponse:
    return HttpResponse(f"pushed {carrier}")


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a page")


urlpatterns = [
    path("hooks/push/<slug:carrier>/", signed_push),
    path("hooks/page/", page),
    path("elsewhere/", signed_push, {"carrier": "x"}),
]


def the_rest(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the rest of the middleware")


@pytest.fixture
def middleware(settings):
    settings.MACHINE_ENDPOINT_PREFIXES = ["/hooks/"]
    return MachineEndpointMiddleware(the_rest)


@pytest.mark.urls(__name__)
def test_a_marked_view_under_the_prefix_is_called_at_once(middleware):
    request = RequestFactory().post("/hooks/push/sf/", b"{}", content_type="application/json")
    answer = middleware(request)
    assert answer.content == b"pushed sf" and request.resolver_match.kwargs == {"carrier": "sf"}
    assert not hasattr(request, "session") and not hasattr(request, "user")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "where",
    ["/hooks/page/", "/hooks/nothing-here/", "/elsewhere/"],
    ids=["a page under the prefix, not marked", "no view", "a marked view outside the prefixes"],
)
def test_anything_else_goes_down_the_middleware(middleware, where):
    assert middleware(RequestFactory().post(where)).content == b"the rest of the middleware"


@pytest.mark.urls(__name__)
def test_a_machine_endpoint_takes_only_post(middleware):
    assert middleware(RequestFactory().get("/hooks/push/sf/")).status_code == 405


@pytest.mark.django_db
def test_the_payment_notifications_skip_sessions_and_language_but_keep_the_security_headers(client):
    answer = client.post("/payments/notify/no-such-gateway/", b"{}", content_type="application/json")
    assert answer.status_code == 404 and answer.content == b"not found"
    assert "Content-Language" not in answer.headers and not answer.cookies  # no locale, no session middleware
    assert answer.headers["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware runs before it
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page.headers["Content-Language"] == "zh-hans"
