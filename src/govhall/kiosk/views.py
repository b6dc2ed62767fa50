"""The kiosk's frame: opening a device, its home page, 长辈模式 on and off, the reset after idle, and signing in (ID card
or the phone's QR code). Views parse, call one service, render."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govhall.accounts import qr_views, qrlogin
from govhall.core.clients import client_address
from govhall.kiosk import devices, services
from govhall.kiosk.context import STANDARD_TEXT_COOKIE
from govhall.kiosk.session import PERSON, SEEN, device_of, end_visit, kiosk_view, person_of

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/kiosk/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("kiosk:home")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Open this browser as a kiosk: the device's code and key (asked on the page, or given in the kiosk's start-up
    address), then the signed cookie; the key leaves the address bar at once."""
    data = request.POST if request.method == "POST" else request.GET
    code, key = data.get("device", "").strip(), data.get("key", "").strip()
    if not (code and key):
        return render(request, "kiosk/start.html", {"code": code[:40]})
    device = devices.open_device(code=code, key=key)
    if device is None:
        return render(request, "kiosk/start.html", {"code": code[:40], "error": True}, status=400)
    end_visit(request)
    response = redirect("kiosk:home")
    response.set_cookie(
        devices.COOKIE,
        devices.cookie_value(device),
        max_age=devices.COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return response


@never_cache
@kiosk_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "kiosk/home.html")


@require_POST
@kiosk_view
def toggle_text(request: HttpRequest) -> HttpResponse:
    response = redirect(_next(request))
    if request.COOKIES.get(STANDARD_TEXT_COOKIE) == "1":
        response.delete_cookie(STANDARD_TEXT_COOKIE)
    else:
        response.set_cookie(STANDARD_TEXT_COOKIE, "1", httponly=True, samesite="Strict")
    return response


@require_POST
@kiosk_view
def reset(request: HttpRequest) -> HttpResponse:
    """返回首页 after idle (or 退出): the person is signed out and the kiosk is as the next person should find it."""
    end_visit(request)
    response = redirect("kiosk:home")
    response.delete_cookie(STANDARD_TEXT_COOKIE)
    return response


@never_cache
@require_GET
@kiosk_view
def alive(request: HttpRequest) -> HttpResponse:
    """继续: the person is still there (the idle clock restarts on the server too)."""
    return HttpResponse(status=204)


@never_cache
@kiosk_view
def sign_in(request: HttpRequest) -> HttpResponse:
    """The two ways to sign in at a kiosk: the ID card on the reader, or the phone's QR code."""
    if person_of(request) is not None:
        return redirect(_next(request))
    context = {"next": _next(request)}
    context |= qr_views.start_qr_login(request, channel="kiosk")
    return render(request, "kiosk/login.html", context)


def _start_visit(request: HttpRequest, user: object) -> HttpResponse:
    login(request, user, backend=BACKEND)  # type: ignore[arg-type]
    request.session[PERSON] = True
    request.session[SEEN] = int(time.time())
    request.session.set_expiry(settings.KIOSK_IDLE_SECONDS + settings.KIOSK_COUNTDOWN_SECONDS + 60)
    return redirect(_next(request))


@require_POST
@kiosk_view
def sign_in_card(request: HttpRequest) -> HttpResponse:
    try:
        user = services.sign_in_by_card(device=device_of(request), ip_address=client_address(request))
    except services.KioskError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('kiosk:login')}?next={_next(request)}")
    return _start_visit(request, user)


@require_POST
@kiosk_view
def sign_in_qr(request: HttpRequest) -> HttpResponse:
    try:
        user = qrlogin.consume_qr_login(
            login_id=request.session.get(qr_views.SESSION_KEY), channel="kiosk", ip_address=client_address(request)
        )
    except qrlogin.QrLoginError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('kiosk:login')}?next={_next(request)}")
    return _start_visit(request, user)
