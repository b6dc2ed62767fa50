"""办件进度, 打印 and 评价 at the kiosk. Signed in: the person's own cases (cases.access), each with its documents to
print and, once concluded, the rating (一次一评 at the kiosk, evaluation.services.rate with the kiosk's questions).
Not signed in: the public lookup by case number and last four characters (cases.lookup)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from govhall.accounts.models import User
from govhall.cases import documents, lookup
from govhall.cases.access import cases_for_user, get_case_for_user
from govhall.cases.models import Case
from govhall.core.clients import client_address
from govhall.core.constants import Channel
from govhall.evaluation import services as rating
from govhall.evaluation.constants import BadReason, Level, aspects_for
from govhall.evaluation.views import bad_reasons_from
from govhall.kiosk import services
from govhall.kiosk.session import device_of, kiosk_view, person_of, person_view

CASES_SHOWN = 20


def _person(request: HttpRequest) -> User:
    user = person_of(request)
    assert user is not None  # person_view
    return user


def _own_case(request: HttpRequest, number: str) -> Case:
    """The signed-in person's own case (404 for anything else: an agent's or staff view is not offered here)."""
    user = _person(request)
    case = get_case_for_user(user, number)
    if case.applicant_id != user.pk:
        raise Http404(_("没有该办件。"))
    return case


@never_cache
@require_http_methods(["GET", "POST"])
@kiosk_view
def progress(request: HttpRequest) -> HttpResponse:
    user = person_of(request)
    if user is not None:
        cases = cases_for_user(user).filter(applicant=user).select_related("item").order_by("-created_at")
        return render(request, "kiosk/my_cases.html", {"cases": cases[:CASES_SHOWN]})
    context: dict[str, Any] = {"number": request.POST.get("number", "")[:24]}
    status = 200
    if request.method == "POST":
        try:
            case = lookup.find_case(
                number=context["number"],
                last4=request.POST.get("last4", ""),
                ip_address=client_address(request),
                channel=Channel.KIOSK,
            )
        except lookup.LookupRefused as error:
            context["problem"] = str(error)
            status = 429 if error.throttled else 400
        else:
            context["case"] = case
            context["events"] = case.events.order_by("at", "pk")
    return render(request, "kiosk/lookup.html", context, status=status)


def _case_context(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "events": case.events.order_by("at", "pk"),
        "documents": documents.available(case),
        "rateable": rating.why_not_rateable(case) is None,
    }


@never_cache
@person_view
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return render(request, "kiosk/case.html", _case_context(_own_case(request, number)))


@require_POST
@person_view
def print_document(request: HttpRequest, number: str) -> HttpResponse:
    case = _own_case(request, number)
    try:
        job = services.print_document(
            device=device_of(request), user=_person(request), case=case, kind=request.POST.get("kind", "")[:24]
        )
    except services.KioskError as error:
        messages.error(request, str(error))
        return render(request, "kiosk/case.html", _case_context(case), status=400)
    messages.success(request, _("已打印，请在出纸口取走文书（打印任务号 %(job)s）。") % {"job": job.job_id})
    return redirect("kiosk:case", number=case.number)


@never_cache
@person_view
def rate_list(request: HttpRequest) -> HttpResponse:
    """The person's cases that may be rated now."""
    user = _person(request)
    concluded = cases_for_user(user).filter(applicant=user, rating__isnull=True, concluded_at__isnull=False)
    rateable = [case for case in concluded.select_related("item")[:50] if rating.why_not_rateable(case) is None]
    return render(request, "kiosk/rate_list.html", {"cases": rateable})


def _rating_context(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "levels": Level.choices,
        "aspects": aspects_for(Channel.KIOSK),
        "comment_max": rating.COMMENT_MAX,
        "bad_reasons": BadReason.choices,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@person_view
def rate(request: HttpRequest, number: str) -> HttpResponse:
    case = _own_case(request, number)
    if request.method == "POST":
        try:
            given = rating.rate(
                case=case,
                rater=_person(request),
                channel=Channel.KIOSK,
                score=request.POST.get("score", "")[:2],
                aspects={key: request.POST.get(f"aspect_{key}", "")[:2] for key, _l in aspects_for(Channel.KIOSK)},
                comment=request.POST.get("comment", "")[: rating.COMMENT_MAX + 1],
                bad_reasons=bad_reasons_from(request),
            )
        except rating.RatingError as error:
            messages.error(request, str(error))
            return render(request, "kiosk/rate.html", _rating_context(case), status=400)
        return render(request, "kiosk/rated.html", {"case": case, "rating": given})
    problem = rating.why_not_rateable(case)
    if problem:
        messages.error(request, problem)
        return redirect("kiosk:case", number=case.number)
    return render(request, "kiosk/rate.html", _rating_context(case))
