"""The client's address: REMOTE_ADDR unless the request comes through a trusted proxy, whose X-Forwarded-For is read
from the right up to the first address that is not a trusted proxy."""

import pytest
from django.test import RequestFactory

from govhall.core.clients import client_address

PROXIES = ["10.0.0.0/8", "192.0.2.10"]


def request(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy configured: the header is ignored
        (PROXIES, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not from a trusted proxy: ignored
        (PROXIES, "10.1.2.3", "198.51.100.1", "198.51.100.1"),
        (PROXIES, "10.1.2.3", "6.6.6.6, 198.51.100.1, 192.0.2.10", "198.51.100.1"),  # two proxies, a forged first entry
        (PROXIES, "10.1.2.3", "", "10.1.2.3"),
        (PROXIES, "10.1.2.3", "not-an-ip, 10.4.4.4", "10.4.4.4"),  # garbage beyond the proxies: the last known hop
        (PROXIES, "10.1.2.3", "[2001:db8::1]:443", "2001:db8::1"),
        (PROXIES, "10.1.2.3", "198.51.100.1:5555", "198.51.100.1"),
        ([], "", None, None),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request(remote, forwarded)) == client


def test_a_bad_trusted_proxy_setting_stops_the_start(monkeypatch):
    import importlib

    import govhall.settings
    from govhall.env import ConfigError

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,proxy.example")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        importlib.reload(govhall.settings)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(govhall.settings)
