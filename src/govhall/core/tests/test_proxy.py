"""The client's address behind nginx: taken from X-Forwarded-For only through trusted proxies."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from govhall.core.proxy import TrustedProxyMiddleware

LOCAL = ["127.0.0.1/32", "10.0.0.0/8"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # nginx on this host
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a forged first hop is ignored
        ("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # two proxies of ours
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not through our proxy: the header is not believed
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_remote_addr_behind_nginx(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = LOCAL
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    TrustedProxyMiddleware(lambda request: HttpResponse())(request)
    assert request.META["REMOTE_ADDR"] == expected


def test_the_middleware_rewrites_remote_addr_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    TrustedProxyMiddleware(view)(request)
    assert seen["addr"] == "203.0.113.7"
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    TrustedProxyMiddleware(view)(request)
    assert seen["addr"] == "127.0.0.1"
