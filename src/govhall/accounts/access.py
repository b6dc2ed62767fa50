"""Who may reach which account object (person-level access: a citizen, a legal person's agent). Every page and API
handler fetches through these helpers, never by id alone. What a member of staff may reach by department is
organisations.access."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from govhall.accounts.models import Address, Authorisation, Organisation, User
from govhall.catalog.models import Item

ACTING_FOR_SESSION_KEY = "acting_for_organisation"


def organisations_for(user: User) -> QuerySet[Organisation]:
    """The legal persons `user` represents or is an active agent of."""
    today = timezone.localdate()
    live = Q(authorisations__agent=user, authorisations__revoked_at__isnull=True) & Q(
        authorisations__valid_until__gte=today
    )
    return Organisation.objects.filter(Q(legal_representative=user) | live).distinct()


def get_organisation_for_user(user: User, organisation_id: int) -> Organisation:
    found = organisations_for(user).filter(pk=organisation_id).first()
    if found is None:
        raise Http404("没有该法人，或您无权代表它办事。")
    return found


def get_represented_organisation(user: User, organisation_id: int) -> Organisation:
    """Only the legal representative manages agents."""
    found = Organisation.objects.filter(pk=organisation_id, legal_representative=user).first()
    if found is None:
        raise Http404("没有该法人，或您不是它的法定代表人。")
    return found


def get_authorisation_for_representative(user: User, authorisation_id: int) -> Authorisation:
    found = (
        Authorisation.objects.select_related("organisation", "agent")
        .filter(pk=authorisation_id, organisation__legal_representative=user)
        .first()
    )
    if found is None:
        raise Http404("没有该授权。")
    return found


def may_act_for(user: User, organisation: Organisation, item: Item | None = None) -> bool:
    """May `user` act for `organisation` (on `item`, when given) today?"""
    if organisation.legal_representative_id == user.pk:
        return True
    today = timezone.localdate()
    for authorisation in Authorisation.objects.filter(
        organisation=organisation, agent=user, revoked_at__isnull=True, valid_until__gte=today
    ).prefetch_related("items"):
        if authorisation.all_items or (item is not None and item in authorisation.items.all()):
            return True
        if item is None:
            return True
    return False


def acting_organisation(request: HttpRequest) -> Organisation | None:
    """The legal person the signed-in person is acting for in this session, checked again on every request (an
    authorisation revoked or expired since takes effect at once)."""
    organisation_id = request.session.get(ACTING_FOR_SESSION_KEY)
    user = request.user
    if not organisation_id or not isinstance(user, User):
        return None
    organisation = organisations_for(user).filter(pk=organisation_id).first()
    if organisation is None:
        request.session.pop(ACTING_FOR_SESSION_KEY, None)
    return organisation


def get_address_for_user(user: User, address_id: int) -> Address:
    found = Address.objects.filter(pk=address_id, user=user).first()
    if found is None:
        raise Http404("没有该地址。")
    return found


def signed_in(request: HttpRequest) -> User | None:
    """The signed-in user, or None for an anonymous request (what an admin action records as its actor)."""
    return request.user if isinstance(request.user, User) else None


def staff_member(request: HttpRequest) -> User:
    """The signed-in member of staff, or PermissionDenied: the workbench, window and rating pages are for staff only."""
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member:
        raise PermissionDenied("工作台仅供工作人员使用。")
    return user
