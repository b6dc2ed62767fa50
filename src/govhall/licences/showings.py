"""亮证 (showing a licence): the holder makes a short-lived signed QR code and short code; whoever scans it (a clerk, a
business, anyone) sees the licence's verification until it expires (settings.LICENCE_SHOWING_MINUTES). Each showing and
each view of it is recorded, and the holder sees who looked and when (亮证记录)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from govhall.accounts.models import Organisation, User
from govhall.core import audit
from govhall.core.clients import masked_address
from govhall.licences import tokens
from govhall.licences.constants import LicenceState
from govhall.licences.models import Licence, LicenceShowing, LicenceShowingView
from govhall.organisations.models import Department

CODE_ATTEMPTS = 5


class ShowingRefused(Exception):
    """A showing that cannot be opened; `status` is the HTTP status a page answers with."""

    def __init__(self, message: str, *, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Shown:
    """A new showing, with its token and code in clear: returned once, to the holder's page, and never stored."""

    showing: LicenceShowing
    token: str
    code: str


def showing_minutes() -> int:
    return int(settings.LICENCE_SHOWING_MINUTES)


@transaction.atomic
def show_licence(
    *, licence: Licence, actor: User, on_behalf_of: Organisation | None = None, now: datetime | None = None
) -> Shown:
    """Make a showing of `licence` (the caller has checked that `actor` holds it). Only a valid licence is shown."""
    if licence.state != LicenceState.VALID:
        raise ShowingRefused(f"该证照当前状态为“{LicenceState(licence.state).label}”，不能亮证。", status=409)
    now = now or timezone.now()
    expires_at = now + timedelta(minutes=showing_minutes())
    code = tokens.new_code()
    for _attempt in range(CODE_ATTEMPTS):  # a code is unique among live showings (40 bits: a clash is rare)
        if not LicenceShowing.objects.filter(code_digest=tokens.digest(code), expires_at__gt=now).exists():
            break
        code = tokens.new_code()
    key = tokens.new_key()
    showing = LicenceShowing.objects.create(
        licence=licence,
        key_digest=tokens.digest(key),
        code_digest=tokens.digest(code),
        created_at=now,
        expires_at=expires_at,
        created_by=actor,
        on_behalf_of=on_behalf_of,
    )
    audit.record(
        actor=actor,
        action="licences.show",
        target=licence,
        detail={"showing": showing.pk, "expires_at": expires_at.isoformat()},
    )
    return Shown(showing, tokens.make_token(key, expires_at), code)


def _live(showing: LicenceShowing | None, now: datetime) -> LicenceShowing:
    if showing is None:
        raise ShowingRefused("亮证码无效：没有这次亮证。", status=404)
    if showing.expires_at <= now:
        raise ShowingRefused("亮证码已过期，请持证人重新亮证。", status=410)
    return showing


def _showings() -> QuerySet[LicenceShowing]:
    return LicenceShowing.objects.select_related("licence__licence_type", "licence__issuer_department")


@transaction.atomic
def open_showing(
    *,
    token: str,
    viewer: User | None,
    department: Department | None = None,
    ip_address: str | None = None,
    now: datetime | None = None,
) -> tuple[LicenceShowing, LicenceShowingView]:
    """The showing behind a scanned token (anyone may open it, signed in or not), with the view recorded; refused when
    the token was changed or has expired."""
    now = now or timezone.now()
    try:
        key = tokens.read_token(token, now=now)
    except tokens.TokenRefused as error:
        raise ShowingRefused(str(error), status=410 if error.expired else 400) from error
    showing = _live(_showings().filter(key_digest=tokens.digest(key)).first(), now)
    return showing, record_view(showing, viewer=viewer, department=department, ip_address=ip_address, now=now)


@transaction.atomic
def open_showing_by_code(
    *,
    code: str,
    clerk: User,
    department: Department | None,
    ip_address: str | None = None,
    now: datetime | None = None,
) -> tuple[LicenceShowing, LicenceShowingView]:
    """The live showing whose short code a clerk typed, with the view recorded under the clerk and department."""
    now = now or timezone.now()
    if not tokens.looks_like_code(code):
        raise ShowingRefused("亮证码应为 8 位字母或数字。", status=400)
    digest = tokens.digest(tokens.normalise_code(code))
    showing = _showings().filter(code_digest=digest).order_by("-expires_at").first()
    showing = _live(showing, now)
    return showing, record_view(showing, viewer=clerk, department=department, ip_address=ip_address, now=now)


def record_view(
    showing: LicenceShowing,
    *,
    viewer: User | None,
    department: Department | None,
    ip_address: str | None,
    now: datetime,
) -> LicenceShowingView:
    view = LicenceShowingView.objects.create(
        showing=showing,
        viewed_at=now,
        viewer=viewer if viewer is not None and viewer.is_authenticated else None,
        viewer_department=department,
        ip_masked=masked_address(ip_address),
    )
    audit.record(
        actor=viewer,
        action="licences.view_showing",
        target=showing.licence,
        detail={"showing": showing.pk, "department": department.pk if department else None},
        ip_address=ip_address,
    )
    return view


def showings_of(licence: Licence, *, limit: int = 20) -> list[LicenceShowing]:
    """亮证记录: the licence's latest showings, each with its views (who, which department, when)."""
    views = LicenceShowingView.objects.select_related("viewer", "viewer_department").order_by("-viewed_at", "-pk")
    return list(licence.showings.prefetch_related(Prefetch("views", queryset=views)).order_by("-created_at")[:limit])
