"""我的证照 (the wallet) under /licences/: the holder's licences (their own, and the enterprise's they act for), the
document download, 亮证 and its public page, and the 亮证记录. Thin views over licences.access/showings/downloads."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import acting_organisation, signed_in
from govhall.accounts.models import User
from govhall.core.clients import client_address
from govhall.core.pdf import qr_data_uri
from govhall.licences import grants, showings, tokens
from govhall.licences.access import get_licence_for_holder, wallet_licences
from govhall.licences.constants import LicenceState
from govhall.licences.documents import HOLDER_COPY
from govhall.licences.downloads import document_response
from govhall.licences.selectors import STATUS_LABELS
from govhall.portal.licences.verification import verification_context

SHOWN_TEMPLATE = "portal/licences/shown.html"


def refusal(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """A clear Chinese page for a showing or grant that cannot be opened (expired, changed, used, revoked)."""
    context = {"title": "无法查看证照", "message": message, "status": status}
    return render(request, "portal/licences/refused.html", context, status=status)


@login_required
@require_safe
def wallet(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    acting_for = acting_organisation(request)
    licences = wallet_licences(user, acting_for)
    now = timezone.now()
    for licence in licences:
        licence.recent_showings = showings.showings_of(licence, limit=5)  # type: ignore[attr-defined]
        licence.status_label = STATUS_LABELS[LicenceState(licence.state)]  # type: ignore[attr-defined]  # as verification says it
        licence.grant_rows = [(grant, grants.state_of(grant, now)) for grant in grants.grants_of(licence)[:10]]  # type: ignore[attr-defined]
    received = [(grant, grants.state_of(grant, now)) for grant in grants.grants_for(user, acting_for)[:50]]
    context = {"licences": licences, "acting_for": acting_for, "received": received}
    return render(request, "portal/licences/wallet.html", context)


@login_required
@require_safe
def document(request: HttpRequest, licence_id: int) -> HttpResponse:
    """The holder's own copy of the licence document (PDF), audited."""
    user: User = request.user  # type: ignore[assignment]
    licence = get_licence_for_holder(user, acting_organisation(request), licence_id)
    return document_response(request, user, licence, copy=HOLDER_COPY)


@never_cache
@login_required
@require_POST
def show(request: HttpRequest, licence_id: int) -> HttpResponse:
    """亮证: a new showing, answered with its QR code and short code (they exist only in this answer)."""
    user: User = request.user  # type: ignore[assignment]
    acting_for = acting_organisation(request)
    licence = get_licence_for_holder(user, acting_for, licence_id)
    on_behalf_of = acting_for if acting_for is not None and licence.holder_organisation_id == acting_for.pk else None
    try:
        shown = showings.show_licence(licence=licence, actor=user, on_behalf_of=on_behalf_of)
    except showings.ShowingRefused as error:
        return refusal(request, str(error), error.status)
    url = request.build_absolute_uri(shown_path(shown.token))
    context = {
        "licence": licence,
        "showing": shown.showing,
        "code": tokens.display_code(shown.code),
        "url": url,
        "qr": qr_data_uri(url),
        "minutes": showings.showing_minutes(),
    }
    return render(request, "portal/licences/showing.html", context)


def shown_path(token: str) -> str:
    return reverse("wallet:shown", args=[token])


@never_cache
@require_safe
def shown(request: HttpRequest, token: str) -> HttpResponse:
    """What a scan of a 亮证 QR code opens, for anyone: the licence's verification while the showing lasts."""
    try:
        showing, view = showings.open_showing(
            token=token[:400], viewer=signed_in(request), ip_address=client_address(request)
        )
    except showings.ShowingRefused as error:
        return refusal(request, str(error), error.status)
    context: dict[str, Any] = {"showing": showing, "view": view, **verification_context(showing.licence)}
    return render(request, SHOWN_TEMPLATE, context)
