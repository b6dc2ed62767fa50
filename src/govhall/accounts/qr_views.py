"""扫码登录 pages: the QR code on the login page (qr_context), its status for the page's polling, the sign-in once the
phone confirmed it, and the phone's confirmation page. The rules are in accounts.qrlogin."""

import re
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govhall.accounts import qrlogin
from govhall.accounts.constants import QrLoginState
from govhall.accounts.models import User
from govhall.core.clients import client_address
from govhall.core.constants import Channel

SESSION_KEY = "qr_login_id"
BACKEND = "django.contrib.auth.backends.ModelBackend"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _channel(request: HttpRequest) -> str:
    return getattr(request, "channel", Channel.WEB)


def qr_image(url: str) -> str:
    """The code a phone scans, as an SVG data: URI drawn by the server (the CSP allows data: images only)."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=6, border=2))


def start_qr_login(request: HttpRequest, *, channel: str) -> dict[str, Any]:
    """Make a code for this screen, remember it in the screen's session and give what the page shows: the QR image and
    its lifetime, or the reason there is none."""
    try:
        found, token = qrlogin.create_qr_login(channel=channel, ip_address=client_address(request))
    except qrlogin.QrLoginError as error:
        request.session.pop(SESSION_KEY, None)
        return {"qr_error": str(error)}
    request.session[SESSION_KEY] = found.pk
    url = request.build_absolute_uri(reverse("accounts:qr_confirm", args=[token]))
    return {"qr_image": qr_image(url), "qr_seconds": qrlogin.seconds_left(found)}


def finish_qr_login(request: HttpRequest) -> User:
    """Sign this screen in as the person who confirmed its code (a new session key; QrLoginError otherwise)."""
    user = qrlogin.consume_qr_login(
        login_id=request.session.get(SESSION_KEY), channel=_channel(request), ip_address=client_address(request)
    )
    login(request, user, backend=BACKEND)
    request.session.pop(SESSION_KEY, None)
    return user


@never_cache
@require_GET
def qr_status(request: HttpRequest) -> JsonResponse:
    state, left = qrlogin.status(request.session.get(SESSION_KEY))
    return JsonResponse({"state": state, "seconds_left": left})


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("accounts:me")


@require_POST
def qr_finish(request: HttpRequest) -> HttpResponse:
    try:
        finish_qr_login(request)
    except qrlogin.QrLoginError as error:
        messages.error(request, str(error))
        return redirect("accounts:login")
    return HttpResponseRedirect(_next(request))


@login_required
@require_http_methods(["GET", "POST"])
def qr_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if not TOKEN.match(token):
        raise Http404
    user: User = request.user  # type: ignore[assignment]
    found = qrlogin.find_by_token(token)
    context: dict[str, Any] = {"token": token, "found": found}
    if request.method == "POST":
        channel, address = _channel(request), client_address(request)
        if request.POST.get("answer") == "decline":
            qrlogin.decline_qr_login(token=token, user=user, channel=channel, ip_address=address)
            context["done"] = "declined"
            return render(request, "accounts/qr_confirm.html", context)
        try:
            qrlogin.confirm_qr_login(token=token, user=user, channel=channel, ip_address=address)
        except qrlogin.QrLoginError as error:
            context["error"] = str(error)
            return render(request, "accounts/qr_confirm.html", context, status=400)
        context["done"] = "confirmed"
        return render(request, "accounts/qr_confirm.html", context)
    if found is None or qrlogin.state_of(found) != QrLoginState.PENDING:
        context["error"] = "二维码已失效或已使用，请在电脑或自助终端上刷新二维码后重新扫描。"
        return render(request, "accounts/qr_confirm.html", context, status=400)
    context["on_kiosk"] = found.channel == Channel.KIOSK
    return render(request, "accounts/qr_confirm.html", context)
