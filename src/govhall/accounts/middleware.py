import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from govhall.accounts.security import staff_need_totp
from govhall.core import audit

LAST_SEEN = "last_seen"


LAST_SEEN_PRECISION = 60  # seconds


class IdleTimeoutMiddleware:
    """Signs a session out after a stretch without requests: STAFF_IDLE_MINUTES for staff (等保 2.0), PERSON_IDLE_MINUTES
    for everyone else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            minutes = settings.STAFF_IDLE_MINUTES if staff_need_totp(user) else settings.PERSON_IDLE_MINUTES
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > minutes * 60:
                audit.record(actor=user, action="accounts.idle_logout", channel=getattr(request, "channel", "web"))
                logout(request)
                messages.info(request, f"您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。")
            elif now - last_seen >= LAST_SEEN_PRECISION or LAST_SEEN not in request.session:
                # Rewriting the session on every request costs a database write per page; a minute's precision is
                # plenty for a limit of 30 minutes or more.
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class ActingForMiddleware:
    """Makes the legal person the signed-in person acts for (checked again on each request) known to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from govhall.accounts.access import acting_organisation

        organisation = acting_organisation(request) if request.user.is_authenticated else None
        request.acting_for = organisation  # type: ignore[attr-defined]
        token = audit.acting_for.set(organisation.name if organisation else "")
        try:
            return self.get_response(request)
        finally:
            audit.acting_for.reset(token)
