"""The applicant's side of 好差评: rate a concluded case on its page (一事一评) and say whether the department's answer to
a bad rating satisfies them. Views parse, call one service and go back to the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govhall.accounts.models import User
from govhall.cases import selectors as case_selectors
from govhall.cases.access import get_case_for_user
from govhall.core.constants import Channel
from govhall.evaluation import services
from govhall.evaluation.constants import ONLINE_CHANNELS, aspects_for
from govhall.evaluation.models import Rectification


def aspects_from(request: HttpRequest, channel: str) -> dict[str, str]:
    return {key: request.POST.get(f"aspect_{key}", "")[:2] for key, _label in aspects_for(channel)}


def bad_reasons_from(request: HttpRequest) -> list[str]:
    """The 差评原因 ticked on a rating form (checked by services.clean_bad_reasons)."""
    return [reason[:20] for reason in request.POST.getlist("bad_reason")[:20]]


def _refused(request: HttpRequest, number: str, message: str) -> HttpResponse:
    """The case page again, with the reason, as a 400."""
    messages.error(request, message)
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    return render(request, "portal/cases/detail.html", case_selectors.case_page(case, user), status=400)


@login_required
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    channel = getattr(request, "channel", Channel.WEB)
    channel = channel if channel in ONLINE_CHANNELS else Channel.WEB
    try:
        rating = services.rate(
            case=case,
            rater=user,
            channel=channel,
            score=request.POST.get("score", "")[:2],
            aspects=aspects_from(request, channel),
            comment=request.POST.get("comment", "")[: services.COMMENT_MAX + 1],
            bad_reasons=bad_reasons_from(request),
        )
    except services.RatingError as error:
        return _refused(request, case.number, str(error))
    if rating.is_bad:
        messages.success(request, _("感谢您的评价。承办部门将回访并在规定期限内答复您。"))
    else:
        messages.success(request, _("感谢您的评价！"))
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def satisfaction(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    rectification = Rectification.objects.filter(rating__case=case).first()
    answer = request.POST.get("satisfied", "")
    if rectification is None or answer not in ("yes", "no"):
        return _refused(request, case.number, _("请选择是否满意。"))
    try:
        services.answer_satisfaction(rectification=rectification, rater=user, satisfied=answer == "yes")
    except services.RatingError as error:
        return _refused(request, case.number, str(error))
    messages.success(request, _("已收到您的答复，谢谢！"))
    return redirect("cases:detail", number=case.number)
