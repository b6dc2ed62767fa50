"""How a webhook's POST reaches a department system: a provider (core.providers) chosen by WEBHOOK_TRANSPORT.
`UrllibTransport` posts directly and never follows a redirect (a receiver that moved must be registered again: a
redirect could send the signed body somewhere nobody checked); a deployment may name one going through an egress
proxy."""

import urllib.error
import urllib.request
from typing import Any

from govhall.core import providers
from govhall.core.providers import Provider


class WebhookTransport(Provider):
    def post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> int:
        """POST the body; returns the HTTP status (raises OSError when there is no answer)."""
        raise NotImplementedError


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class UrllibTransport(WebhookTransport):
    name = "urllib"

    def post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> int:
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 (checked http(s) at registration)
        try:
            with _opener.open(request, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            error.close()
            return int(error.code)


def transport() -> WebhookTransport:
    return providers.get("webhook_transport", WebhookTransport)
