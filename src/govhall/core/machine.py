"""Machine endpoints: the URLs a payment gateway or a courier POSTs its signed notifications to — server to server,
no person, no cookie, no page. The middleware that serves people (session, language, CSRF, authentication,
messages, display and privacy headers, framing and CSP, htmx, channel, idle timeout, acting-for) does nothing for
them, yet costs every notification its time; so a view marked `@machine_endpoint` under one of
settings.MACHINE_ENDPOINT_PREFIXES is called by `MachineEndpointMiddleware` directly, after only the middleware
placed before it (the trusted proxy's address and SecurityMiddleware: the HTTPS redirect and security headers).

Both are needed: the prefix keeps the URL lookup off every other request, the mark keeps a page added under the prefix
by mistake on the full stack. What Django's handler does around the middleware (request signals, the database
connections' checks, the logging of 4xx/5xx answers) is unchanged. Under `manage.py runserver`, gunicorn and the
test client alike: it is an ordinary middleware. docs/performance.md "Payments" has the figures."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

View = Callable[..., HttpResponse]


def machine_endpoint(view: View) -> View:
    """Mark `view` a machine endpoint: POST only, no CSRF token (the signature it checks is the authentication), and
    none of the people's middleware when its URL is under settings.MACHINE_ENDPOINT_PREFIXES."""
    wrapped = csrf_exempt(require_POST(view))
    wrapped.machine_endpoint = True  # type: ignore[attr-defined]
    return wrapped


def is_machine_endpoint(view: object) -> bool:
    return getattr(view, "machine_endpoint", False) is True


class MachineEndpointMiddleware:
    """Call a machine endpoint's view at once (see the module); every other request goes on down the middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.MACHINE_ENDPOINT_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.prefixes or not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not is_machine_endpoint(match.func):
            return self.get_response(request)
        request.resolver_match = match
        try:
            return match.func(request, *match.args, **match.kwargs)
        except Http404:  # a machine is answered in words, not with the people's page
            return HttpResponseNotFound("not found", content_type="text/plain; charset=utf-8")
