"""Behind nginx every request comes from the proxy's address. TrustedProxyMiddleware puts the client's address in
REMOTE_ADDR (which the lockout, the SMS limits and the audit log read) from X-Forwarded-For, trusting only the hops
that the proxies listed in TRUSTED_PROXIES added: a client can write anything into the header itself."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, networks: list[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted: list[Network]) -> str:
    """The nearest address in the chain that is not one of our proxies (REMOTE_ADDR unless it is a proxy)."""
    if not _trusted(_address(remote_addr), trusted):
        return remote_addr
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: what lies beyond it cannot be trusted
        if not _trusted(address, trusted):
            return str(address)
    return remote_addr


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = [ipaddress.ip_network(network, strict=False) for network in settings.TRUSTED_PROXIES]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), self.trusted
            )
        return self.get_response(request)
