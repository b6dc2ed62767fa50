"""即办件 at the kiosk: the hall's items decided on the spot (即办件, or 秒批 by the system's rules), applied for with the
portal's own form (portal.cases.forms.ApplyForm) and filed through cases.filing with the kiosk's channel and hall, so
the 秒批 decision (instant.services) follows as it does online. A kiosk has no files: materials come from the person's
material locker or are fetched by the system."""

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from govhall.cases import application_form, filing, services
from govhall.catalog import selectors
from govhall.catalog.models import Item
from govhall.core.constants import Channel
from govhall.kiosk.session import device_of, person_of, person_view
from govhall.portal.cases.forms import ApplyForm, given_files, initial_values

ITEMS_SHOWN = 40


def instant_items(request: HttpRequest) -> QuerySet[Item]:
    """The kiosk's hall's items that are decided on the spot and can be applied for."""
    hall = device_of(request).hall
    decided_now = Q(is_immediate=True) | Q(instant_rules__active=True)
    return (
        selectors.listed_items()
        .filter(decided_now, halls=hall, current_version__isnull=False)
        .select_related("department")
        .distinct()
        .order_by("department__order", "name")
    )


@never_cache
@person_view
def items(request: HttpRequest) -> HttpResponse:
    return render(request, "kiosk/instant_items.html", {"items": instant_items(request)[:ITEMS_SHOWN]})


@never_cache
@require_http_methods(["GET", "POST"])
@person_view
def apply(request: HttpRequest, code: str) -> HttpResponse:
    user = person_of(request)
    assert user is not None  # person_view
    item = instant_items(request).filter(implementation_code=code[:80]).first()
    if item is None or item.current_version is None:
        raise Http404("本终端不能办理该事项。")
    version = item.current_version
    initial = initial_values(version, application_form.prefill_values(version, user, None), {})
    initial |= {"idempotency_key": uuid.uuid4().hex, "delivery_method": "online"}
    form = ApplyForm(request.POST or None, version=version, draft=False, initial=initial)
    problems: list[str] = []
    materials = list(version.materials.all())
    if request.method == "POST" and form.is_valid():
        try:
            case = filing.file_application(
                applicant=user,
                item=item,
                application=form.application(),
                idempotency_key=str(form.cleaned_data["idempotency_key"]),
                channel=Channel.KIOSK,
                given=[given for given in given_files(request, materials) if given.upload is None],
                hall=device_of(request).hall,
            )
        except services.CaseError as error:
            problems.append(str(error))
        else:
            return redirect("kiosk:case", number=case.number)
    context = {
        "item": item,
        "guide": version,
        "form": form,
        "materials": materials,
        "locker": user.locker.all()[:50],
        "problems": problems,
    }
    return render(request, "kiosk/instant_apply.html", context, status=400 if request.method == "POST" else 200)
