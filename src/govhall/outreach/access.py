"""Who may reach a campaign: staff holding `supervision.view` (the supervisors of the district's government services,
who watch every department). Every page fetches campaigns through get_campaign_for_user, never by id alone."""

from django.http import Http404

from govhall.accounts.access import staff_can
from govhall.accounts.models import User
from govhall.outreach.models import Campaign


def get_campaign_for_user(user: User, campaign_id: int) -> Campaign:
    if not user.is_staff_member or not staff_can(user, "supervision.view"):
        raise Http404("没有该引导活动，或您无权查看。")
    found = Campaign.objects.select_related("started_by").filter(pk=campaign_id).first()
    if found is None:
        raise Http404("没有该引导活动，或您无权查看。")
    return found
