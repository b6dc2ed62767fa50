"""Staff pages for people's accounts: the window clerk finds a walk-in person by document number or phone (blind
index); numbers stay masked unless the role holds `personal_data.full` and the clerk asks to reveal — each reveal is
audited and shows in the person's own trail. Only a person found by lookup in this session can be revealed (the clerk
already knows one of their numbers): a reveal by id alone let any clerk walk the ids and read everyone's numbers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from govhall.accounts import services
from govhall.accounts.models import PersonProfile, User
from govhall.core.crypto import blind_index
from govhall.organisations.access import staff_can

FOUND_PEOPLE = "staff_found_people"  # session: the profiles this member of staff found by lookup, newest last
FOUND_PEOPLE_KEPT = 20


def _staff(request: HttpRequest, permission: str) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member or not staff_can(user, permission):
        raise PermissionDenied("您的岗位无权使用此功能。")
    return user


def find_person(term: str) -> PersonProfile | None:
    term = term.strip().upper()
    if not term:
        return None
    index = blind_index(term)
    return (
        PersonProfile.objects.select_related("user").filter(document_index=index).first()
        or PersonProfile.objects.select_related("user").filter(user__phone_index=index).first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_lookup(request: HttpRequest) -> HttpResponse:
    """The number searched for is POSTed: in the address it would sit in access logs, Referer headers and the browser's
    history in full."""
    _staff(request, "cases.view")
    term = request.POST.get("q", "")[:30] if request.method == "POST" else ""
    profile = find_person(term) if term else None
    if profile is not None:
        found = [pk for pk in request.session.get(FOUND_PEOPLE, []) if pk != profile.pk]
        request.session[FOUND_PEOPLE] = [*found, profile.pk][-FOUND_PEOPLE_KEPT:]
    context = {
        "term": term,
        "profile": profile,
        "searched": bool(term),
        "may_reveal": staff_can(request.user, "personal_data.full"),  # type: ignore[arg-type]
    }
    return render(request, "accounts/staff_person.html", context)


@login_required
@require_POST
def reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _staff(request, "personal_data.full")
    found = request.session.get(FOUND_PEOPLE, [])
    profile = PersonProfile.objects.select_related("user").filter(pk=person_id).first() if person_id in found else None
    if profile is None:
        return render(
            request, "portal/error.html", {"title": "没有该人员", "message": "没有该人员。", "status": 404}, status=404
        )
    services.record_personal_data_view(
        viewer=viewer,
        subject=profile.user,
        fields=["document_number", "phone"],
        channel=getattr(request, "channel", "window"),
    )
    return render(request, "accounts/_revealed.html", {"profile": profile})
