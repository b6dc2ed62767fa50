"""The address of the client a request comes from: the one helper every audit row, lockout and rate limit uses.

Behind reverse proxies REMOTE_ADDR is the nearest proxy. X-Forwarded-For is honoured only when the request comes from
a proxy listed in TRUSTED_PROXIES (addresses or networks): the header is read from the right, skipping the trusted
proxies' own entries, and the first address not in TRUSTED_PROXIES is the client. Anyone else's X-Forwarded-For is
ignored (a client could write anything in it)."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as a string, or None when there is none usable."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        hop = _address(entry)
        if hop is None:
            break  # garbage from beyond the trusted proxies: the last trusted hop is all that is known
        client = hop
        if not _trusted(hop, networks):
            break
    return str(client)


def masked_address(address: str | None) -> str:
    """An IP address with its host part hidden (192.168.*.*, 2001:db8:1::*), for records people other than operators
    see."""
    parsed = _address(address or "")
    if parsed is None:
        return ""
    if parsed.version == 4:
        return ".".join([*str(parsed).split(".")[:2], "*", "*"])
    return ":".join(parsed.exploded.split(":")[:3]) + "::*"
