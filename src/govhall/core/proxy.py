"""Behind nginx every request comes from the proxy's address. TrustedProxyMiddleware puts the client's address, as
`core.clients.client_address` finds it (X-Forwarded-For through TRUSTED_PROXIES only), into REMOTE_ADDR, which the
lockout, the SMS limits, the audit log and Django itself read."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from govhall.core.clients import client_address


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TRUSTED_PROXIES:
            request.META["REMOTE_ADDR"] = client_address(request) or ""
        return self.get_response(request)
