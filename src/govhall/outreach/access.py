"""Who may reach a campaign and its people: staff holding `supervision.view` see the candidates and campaigns of the
departments where that role is theirs (a supervisor in the government office, 区政府办, sees every department);
starting a campaign needs `supervision.escalate` in the departments of all its items. A campaign is shown only to
those whose scope covers every one of its items. Every page fetches campaigns through get_campaign_for_user, never by
id alone."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.organisations.access import staff_scope
from govhall.outreach import selectors
from govhall.outreach.models import Campaign

NO_CAMPAIGN = "没有该引导活动，或您无权查看。"


def outreach_scope(user: User, permission: str = "supervision.view") -> list[int] | None:
    """The departments (ids) `user` may do outreach for: None for every department."""
    if not user.is_staff_member:
        return []
    return staff_scope(user, permission)


def items_in_scope(items: QuerySet[Item], scope: list[int] | None) -> QuerySet[Item]:
    return items if scope is None else items.filter(department_id__in=scope)


def campaigns_for_user(user: User) -> QuerySet[Campaign]:
    rows = selectors.campaigns()
    scope = outreach_scope(user)
    if scope is None:
        return rows
    outside = Campaign.items.through.objects.filter(campaign_id=OuterRef("pk")).exclude(item__department_id__in=scope)
    return rows.filter(~Exists(outside)) if scope else rows.none()


def get_campaign_for_user(user: User, campaign_id: int) -> Campaign:
    found = campaigns_for_user(user).filter(pk=campaign_id).first()
    if found is None:
        raise Http404(NO_CAMPAIGN)
    return found
