"""Who may reach which licence in the wallet: the holder (a person: holder_user; an enterprise: whoever may act for it
today, as accounts.access says). Every wallet page fetches through these helpers, never by id alone; someone else's
licence is a 404, as if it did not exist."""

from django.db.models import Q, QuerySet
from django.http import Http404

from govhall.accounts.access import may_act_for
from govhall.accounts.models import Organisation, User
from govhall.licences.models import Licence


def wallet_licences(user: User, acting_for: Organisation | None = None) -> QuerySet[Licence]:
    """The licences in `user`'s wallet: their own, and the enterprise's they act for (acting_for, checked again)."""
    holders = Q(holder_user=user)
    if acting_for is not None and may_act_for(user, acting_for):
        holders |= Q(holder_organisation=acting_for)
    return Licence.objects.filter(holders).select_related("licence_type")


def get_licence_for_holder(user: User, acting_for: Organisation | None, licence_id: int) -> Licence:
    found = wallet_licences(user, acting_for).filter(pk=licence_id).first()
    if found is None:
        raise Http404("没有该证照，或您不是它的持证人。")
    return found
