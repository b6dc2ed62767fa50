"""The kiosk's side of a request: which device it is (its signed cookie, kiosk.devices), who is signed in at it, and
the idle rule kept on the server too — a person's kiosk session untouched for longer than the page's countdown
(KIOSK_IDLE_SECONDS + KIOSK_COUNTDOWN_SECONDS, and a little slack) is signed out on the next request, even if the
page's script never ran."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from govhall.accounts.models import User
from govhall.kiosk import devices
from govhall.kiosk.models import KioskDevice

SEEN = "kiosk_seen"
PERSON = "kiosk_person"
SLACK_SECONDS = 15
View = Callable[..., HttpResponse]


def device_of(request: HttpRequest) -> KioskDevice:
    device: KioskDevice = request.kiosk  # type: ignore[attr-defined]
    return device


def person_of(request: HttpRequest) -> User | None:
    """The person signed in at this kiosk (through the kiosk's own sign-in), or None."""
    user = request.user
    if user.is_authenticated and request.session.get(PERSON):
        return user
    return None


def end_visit(request: HttpRequest) -> None:
    """Sign the person out (a new, empty session): nothing of theirs stays on the kiosk."""
    logout(request)


def kiosk_view(view: View) -> View:
    """The view runs for a known, active kiosk only (else the set-up page), after the idle rule."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        device = devices.device_for(request.COOKIES.get(devices.COOKIE))
        if device is None:
            return redirect("kiosk:start")
        request.kiosk = device  # type: ignore[attr-defined]
        now = int(time.time())
        limit = settings.KIOSK_IDLE_SECONDS + settings.KIOSK_COUNTDOWN_SECONDS + SLACK_SECONDS
        if request.user.is_authenticated:
            seen = request.session.get(SEEN)
            if not request.session.get(PERSON) or not isinstance(seen, int) or now - seen > limit:
                end_visit(request)
                messages.info(request, "已超时，已为您退出登录。")
                return redirect("kiosk:home")
        request.session[SEEN] = now
        return view(request, *args, **kwargs)

    return wrapped


def person_view(view: View) -> View:
    """A kiosk view for a signed-in person; others go to the kiosk's sign-in first."""

    @kiosk_view
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if person_of(request) is None:
            return redirect(f"{reverse('kiosk:login')}?{urlencode({'next': request.path})}")
        return view(request, *args, **kwargs)

    return wrapped
