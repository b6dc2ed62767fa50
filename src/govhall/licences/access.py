"""Who may reach which licence in the wallet: the holder (a person: holder_user; an enterprise: whoever may act for it
today, as accounts.access says). Every wallet page fetches through these helpers, never by id alone; someone else's
licence is a 404, as if it did not exist."""

from django.http import Http404

from govhall.accounts.access import may_act_for
from govhall.accounts.models import Organisation, User
from govhall.licences.models import Licence
from govhall.licences.selectors import licences_of_organisation, licences_of_user


def wallet_licences(user: User, acting_for: Organisation | None = None) -> list[Licence]:
    """The licences in `user`'s wallet, newest first: their own, and those of the enterprise they act for (acting_for,
    checked again here)."""
    found = list(licences_of_user(user))
    if acting_for is not None and may_act_for(user, acting_for):
        found += list(licences_of_organisation(acting_for).select_related("holder_organisation"))
    return sorted(found, key=lambda licence: (licence.issued_at, licence.pk), reverse=True)


def get_licence_for_holder(user: User, acting_for: Organisation | None, licence_id: int) -> Licence:
    found = licences_of_user(user).filter(pk=licence_id).first()
    if found is None and acting_for is not None and may_act_for(user, acting_for):
        found = licences_of_organisation(acting_for).filter(pk=licence_id).first()
    if found is None:
        raise Http404("没有该证照，或您不是它的持证人。")
    return found
