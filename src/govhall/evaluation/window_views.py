"""一次一评 at the window: the clerk presses 请评价 on the workbench case page; the window's rating screen (a tablet facing
the citizen, opened with the clerk's screen link) polls with htmx every few seconds, shows the pending request with big
touch targets, and records the applicant's rating. No inline script: the polling is htmx attributes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.cases.access import get_case_for_user
from govhall.evaluation import services
from govhall.evaluation.constants import RequestState
from govhall.evaluation.models import Rating, WindowRatingRequest
from govhall.evaluation.screen import clerk_for_token, screen_token
from govhall.evaluation.templatetags.evaluation import rating_form_context
from govhall.evaluation.views import aspects_from, bad_reasons_from
from govhall.organisations.access import staff_can

POLL_SECONDS = 3


@login_required
@require_POST
def request_rating(request: HttpRequest, number: str) -> HttpResponse:
    clerk = staff_member(request)
    case = get_case_for_user(clerk, number)
    try:
        services.request_window_rating(case=case, clerk=clerk)
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已请群众在评价屏上评价。"))
    return redirect("workbench:handle", number=case.number)


@login_required
@require_safe
def screen_link(request: HttpRequest) -> HttpResponse:
    """The clerk's page: the link to open on the window's rating screen, the request shown there and recent ratings."""
    clerk = staff_member(request)
    if not staff_can(clerk, "cases.receive"):
        raise Http404(_("评价屏仅供窗口人员使用。"))
    url = request.build_absolute_uri(reverse("evaluation:screen", args=[screen_token(clerk)]))
    pending = WindowRatingRequest.objects.filter(clerk=clerk, state=RequestState.PENDING).select_related("case__item")
    recent = Rating.objects.filter(handler=clerk, channel="window").select_related("case", "item")[:20]
    return render(request, "evaluation/screen_link.html", {"url": url, "pending": pending.first(), "recent": recent})


def _clerk(token: str) -> User:
    clerk = clerk_for_token(token)
    if clerk is None:
        raise Http404(_("评价屏链接无效或已过期，请窗口工作人员重新打开评价屏。"))
    return clerk


def _screen_context(token: str, clerk: User) -> dict[str, Any]:
    pending = (
        WindowRatingRequest.objects.filter(clerk=clerk, state=RequestState.PENDING)
        .select_related("case__item", "case__department", "hall")
        .first()
    )
    return {
        "token": token,
        "clerk": clerk,
        "pending": pending,
        "poll_seconds": POLL_SECONDS,
        **rating_form_context("window"),
    }


@ensure_csrf_cookie
@require_safe
def screen(request: HttpRequest, token: str) -> HttpResponse:
    clerk = _clerk(token)
    context = _screen_context(token, clerk) | {"thanks": request.GET.get("thanks") == "1"}
    return render(request, "evaluation/screen.html", context)


@ensure_csrf_cookie
@require_safe
def screen_pending(request: HttpRequest, token: str) -> HttpResponse:
    """What the screen shows now (htmx polls this while it waits)."""
    clerk = _clerk(token)
    return render(request, "evaluation/_screen_body.html", _screen_context(token, clerk))


@require_POST
def screen_rate(request: HttpRequest, token: str, request_id: int) -> HttpResponse:
    clerk = _clerk(token)
    pending = WindowRatingRequest.objects.filter(pk=request_id, clerk=clerk).select_related("case").first()
    if pending is None:
        raise Http404(_("没有该评价请求。"))
    try:
        services.rate(
            case=pending.case,
            rater=None,
            channel="window",
            score=request.POST.get("score", "")[:2],
            aspects=aspects_from(request, "window"),
            comment=request.POST.get("comment", "")[: services.COMMENT_MAX + 1],
            bad_reasons=bad_reasons_from(request),
            window_request=pending,
        )
    except services.RatingError as error:
        context = _screen_context(token, clerk) | {"problem": str(error)}
        return render(request, "evaluation/screen.html", context, status=400)
    return redirect(reverse("evaluation:screen", args=[token]) + "?thanks=1")
