from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from govhall.core.constants import Channel


class ChannelMiddleware:
    """Sets request.channel: where the request came from (web, mobile, kiosk, window, api, admin)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.channel = channel_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def channel_for(request: HttpRequest) -> str:
    path = request.path_info
    if path.startswith("/api/"):
        return Channel.API
    if path.startswith("/admin/"):
        return Channel.ADMIN
    if path.startswith("/kiosk/"):
        return Channel.KIOSK
    if path.startswith("/workbench/"):
        return Channel.WINDOW
    agent = request.headers.get("User-Agent", "")
    if "Mobile" in agent:
        return Channel.MOBILE
    return Channel.WEB


class ChineseFirstLocaleMiddleware:
    """Chinese unless the person chose another language (the language cookie set by /i18n/setlang/). The browser's
    Accept-Language is not followed: a Chinese government portal opens in Chinese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivacyHeadersMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person and on the API (they carry personal
    data), unless the view chose its own caching; and the Permissions-Policy on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = request.path_info.startswith("/api/") or bool(user and user.is_authenticated)
        if personal and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ApiJsonRefusalMiddleware:
    """The API answers JSON even for a method it does not offer (django-ninja answers 405 in plain text)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.http import JsonResponse

        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path_info.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            replaced = JsonResponse(
                {"detail": f"该接口不支持 {request.method} 方法（可用：{allowed}）。"},
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            replaced["Allow"] = allowed
            return replaced
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused with 400 (the API answers JSON): no page or field
        uses one, and PostgreSQL cannot store it. So are page forms carrying one; API bodies are checked where the API reads
    them (govhall.api.parsing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import BadRequest

        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL character in the path or query string")
        if request.method == "POST" and not request.path_info.startswith("/api/") and _form_has_nul(request):
            raise BadRequest("NUL character in a form field")
        return self.get_response(request)


def _form_has_nul(request: HttpRequest) -> bool:
    return any("\x00" in value for _, values in request.POST.lists() for value in values)
