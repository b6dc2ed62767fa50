"""授权用证 (authorised use of a licence): the holder lets one department or one enterprise open the licence once, for
a stated purpose, until a time; the holder may revoke it until it is used. The grantee opens it through the grant
(staff of that department in the workbench, someone acting for that enterprise in the portal), which uses it up."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from govhall.accounts.access import may_act_for
from govhall.accounts.models import Organisation, User
from govhall.core import audit
from govhall.licences.constants import LicenceState
from govhall.licences.models import Licence, LicenceGrant
from govhall.organisations.access import staff_departments
from govhall.organisations.models import Department

GRANTEE_PERMISSION = "cases.view"  # staff who may see their department's cases may use a grant made to it
PURPOSE_MAX = 200


class GrantRefused(Exception):
    """A grant that cannot be made, revoked or used; `status` is the HTTP status a page answers with."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def max_days() -> int:
    return int(settings.LICENCE_GRANT_MAX_DAYS)


def state_of(grant: LicenceGrant, now: datetime | None = None) -> str:
    """待使用 / 已使用 / 已撤回 / 已过期: the one reading of a grant's state for every page."""
    now = now or timezone.now()
    if grant.used_at is not None:
        return "已使用"
    if grant.revoked_at is not None:
        return "已撤回"
    if grant.valid_until <= now:
        return "已过期"
    return "待使用"


@transaction.atomic
def grant_licence(
    *,
    licence: Licence,
    actor: User,
    purpose: str,
    valid_until: datetime,
    department: Department | None = None,
    organisation: Organisation | None = None,
    now: datetime | None = None,
) -> LicenceGrant:
    """Grant one department or one enterprise a single use of `licence` (the caller has checked `actor` holds it)."""
    now = now or timezone.now()
    purpose = " ".join(purpose.split())
    if (department is None) == (organisation is None):
        raise GrantRefused("请选择一个被授权的部门或企业。")
    if not purpose:
        raise GrantRefused("请填写用途。")
    if len(purpose) > PURPOSE_MAX:
        raise GrantRefused(f"用途不超过 {PURPOSE_MAX} 个字。")
    if valid_until <= now:
        raise GrantRefused("授权有效期应晚于现在。")
    if valid_until > now + timedelta(days=max_days()):
        raise GrantRefused(f"授权有效期最长 {max_days()} 天。")
    if licence.state != LicenceState.VALID:
        raise GrantRefused(f"该证照当前状态为“{LicenceState(licence.state).label}”，不能授权使用。", status=409)
    if organisation is not None and organisation.pk == licence.holder_organisation_id:
        raise GrantRefused("不能授权给持证企业自己。")
    grant = LicenceGrant.objects.create(
        licence=licence,
        grantee_department=department,
        grantee_organisation=organisation,
        purpose=purpose,
        valid_until=valid_until,
        created_at=now,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="licences.grant",
        target=licence,
        detail={"grant": grant.pk, "grantee": grant.grantee_name, "purpose": purpose, "until": valid_until.isoformat()},
    )
    return grant


@transaction.atomic
def revoke_grant(*, grant: LicenceGrant, actor: User, now: datetime | None = None) -> LicenceGrant:
    """Withdraw a grant not used yet (the caller has checked `actor` holds the licence)."""
    now = now or timezone.now()
    grant = LicenceGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.used_at is not None:
        raise GrantRefused("该授权已被使用，不能撤回。", status=409)
    if grant.revoked_at is not None:
        raise GrantRefused("该授权已撤回。", status=409)
    grant.revoked_at = now
    grant.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="licences.revoke_grant", target=grant.licence, detail={"grant": grant.pk})
    return grant


@transaction.atomic
def use_grant(*, grant: LicenceGrant, user: User, now: datetime | None = None) -> LicenceGrant:
    """Open the licence through the grant: once, before it expires, unless revoked. Marks it used."""
    now = now or timezone.now()
    grant = LicenceGrant.objects.select_for_update().select_related("licence__licence_type").get(pk=grant.pk)
    state = state_of(grant, now)
    if state != "待使用":
        raise GrantRefused(f"该授权{state}，不能再查看证照。", status=410)
    grant.used_at = now
    grant.used_by = user
    grant.save(update_fields=["used_at", "used_by"])
    audit.record(
        actor=user,
        action="licences.use_grant",
        target=grant.licence,
        detail={"grant": grant.pk, "grantee": grant.grantee_name, "purpose": grant.purpose},
    )
    return grant


def grants_for(user: User, acting_for: Organisation | None) -> QuerySet[LicenceGrant]:
    """The grants `user` may use: made to a department where they handle cases, or to the enterprise they act for."""
    grantees = Q(grantee_department_id__in=staff_departments(user, GRANTEE_PERMISSION))
    if acting_for is not None and may_act_for(user, acting_for):
        grantees |= Q(grantee_organisation=acting_for)
    return LicenceGrant.objects.filter(grantees).select_related(
        "licence__licence_type", "grantee_department", "grantee_organisation"
    )


def get_grant_for_grantee(user: User, acting_for: Organisation | None, grant_id: int) -> LicenceGrant:
    found = grants_for(user, acting_for).filter(pk=grant_id).first()
    if found is None:
        raise Http404("没有该授权，或它不是授权给您的。")
    return found


def grants_of(licence: Licence) -> QuerySet[LicenceGrant]:
    return licence.grants.select_related("grantee_department", "grantee_organisation", "used_by")


def may_download(grant: LicenceGrant, user: User, now: datetime | None = None) -> bool:
    """The grantee who opened the grant may download the licence document for the next few minutes (the same span as a
    亮证), so "once" covers looking at it and saving it, not a second visit."""
    now = now or timezone.now()
    if grant.used_at is None or grant.used_by_id != user.pk or grant.revoked_at is not None:
        return False
    return now < grant.used_at + timedelta(minutes=int(settings.LICENCE_SHOWING_MINUTES))
