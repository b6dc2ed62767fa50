"""The department's side (差评整改: list, one rating's page with call-back, outcome and reply, appeal) and the
supervisors' (申诉复核, 评价内容审核). Access through evaluation.access; each write is one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.evaluation import access, services
from govhall.evaluation.constants import AppealState, Moderation, Outcome
from govhall.evaluation.models import Appeal, Rating, Rectification
from govhall.evaluation.moderation import strip_personal_data

LIST_LIMIT = 200


@login_required
@require_safe
def rectifications(request: HttpRequest) -> HttpResponse:
    user = staff_member(request)
    show = request.GET.get("show", "open")
    rows = access.rectifications_for(user)
    if show == "open":
        rows = rows.filter(replied_at__isnull=True)
    elif show == "escalated":
        rows = rows.filter(escalated_at__isnull=False)
    context = {
        "rows": rows.order_by("replied_at", "due_date", "pk")[:LIST_LIMIT],
        "show": show,
        "today": timezone.localdate(),
        "supervisor": access.may_supervise(user),
    }
    return render(request, "evaluation/rectifications.html", context)


@login_required
@require_safe
def department_ratings(request: HttpRequest) -> HttpResponse:
    user = staff_member(request)
    rows = access.department_ratings(user)
    if access.may_supervise(user):
        rows = rows | access.supervised(user, Rating.objects.all())
    rows = rows.select_related("case", "item", "department", "appeal").order_by("-created_at")[:LIST_LIMIT]
    return render(request, "evaluation/department_ratings.html", {"rows": rows})


def _rating_for_staff(request: HttpRequest, rating_id: int) -> Rating:
    user = staff_member(request)
    found = access.department_ratings(user).filter(pk=rating_id).first()
    if found is None and access.may_supervise(user):
        found = access.supervised(user, Rating.objects.all()).filter(pk=rating_id).first()
    if found is None:
        raise Http404(_("没有该评价，或您无权查看。"))
    return found


@login_required
@require_safe
def rating_page(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = staff_member(request)
    rating = _rating_for_staff(request, rating_id)
    rectification = getattr(rating, "rectification", None)
    appeal = Appeal.objects.filter(rating=rating).select_related("filed_by", "decided_by").first()
    context = {
        "rating": rating,
        "case": rating.case,
        "rectification": rectification,
        "appeal": appeal,
        "outcomes": Outcome.choices,
        "may_handle": access.may_handle(user, rating.department),
        "may_appeal": access.may_appeal(user, rating.department) and appeal is None and not rating.excluded,
        "overdue": rectification is not None and rectification.is_overdue(),
    }
    return render(request, "evaluation/rating_page.html", context)


def _back(rating: Rating) -> HttpResponse:
    return redirect("evaluation:rating", rating_id=rating.pk)


def _rectification_of(rating: Rating) -> Rectification:
    rectification = getattr(rating, "rectification", None)
    if rectification is None:
        raise Http404(_("该评价没有整改。"))
    return rectification


@login_required
@require_POST
def call_back(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = staff_member(request)
    rating = _rating_for_staff(request, rating_id)
    rectification = _rectification_of(rating)
    try:
        services.record_call_back(rectification=rectification, actor=user, note=request.POST.get("note", "")[:2000])
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录回访。"))
    return _back(rating)


@login_required
@require_POST
def resolve(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = staff_member(request)
    rating = _rating_for_staff(request, rating_id)
    rectification = _rectification_of(rating)
    try:
        services.resolve(
            rectification=rectification,
            actor=user,
            outcome=request.POST.get("outcome", "")[:12],
            reply=request.POST.get("reply", "")[:2000],
        )
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已答复评价人。"))
    return _back(rating)


@login_required
@require_POST
def appeal(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = staff_member(request)
    rating = _rating_for_staff(request, rating_id)
    try:
        services.file_appeal(rating=rating, actor=user, reason=request.POST.get("reason", "")[:2000])
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已提交申诉，等待效能监察复核。"))
    return _back(rating)


def _supervisor(request: HttpRequest) -> User:
    user = staff_member(request)
    if not access.may_supervise(user):
        raise PermissionDenied(_("仅效能监察人员可以使用。"))
    return user


@login_required
@require_safe
def appeals(request: HttpRequest) -> HttpResponse:
    user = _supervisor(request)
    rows = access.supervised(user, Appeal.objects.all())
    rows = rows.select_related("rating__case", "rating__item", "department", "filed_by")
    pending = rows.filter(state=AppealState.PENDING).order_by("filed_at")
    decided = rows.exclude(state=AppealState.PENDING).order_by("-decided_at")[:50]
    return render(request, "evaluation/appeals.html", {"pending": pending, "decided": decided})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decision(request: HttpRequest, appeal_id: int) -> HttpResponse:
    user = _supervisor(request)
    found = access.get_appeal_for_supervisor(user, appeal_id)
    if request.method == "POST":
        upheld = request.POST.get("upheld", "")
        try:
            if upheld not in ("yes", "no"):
                raise services.RatingError(_("请选择申诉是否成立。"))
            services.decide_appeal(
                appeal=found, actor=user, upheld=upheld == "yes", decision=request.POST.get("decision", "")
            )
        except services.RatingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("已复核：申诉成立，该评价不计入统计。") if upheld == "yes" else _("已复核：申诉不成立。")
            )
        return redirect("evaluation:appeal", appeal_id=found.pk)
    return render(request, "evaluation/appeal.html", {"appeal": found, "rating": found.rating})


@login_required
@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    user = _supervisor(request)
    rows = access.supervised(user, Rating.objects.all())
    pending = list(
        rows.filter(moderation=Moderation.PENDING, excluded=False)
        .select_related("item", "department", "rater__person", "handler")
        .order_by("created_at")[:LIST_LIMIT]
    )
    for rating in pending:
        person = getattr(rating.rater, "person", None)
        names = [rating.rater.username, person.real_name if person else ""]
        if rating.handler is not None:
            names.append(rating.handler.username)
        rating.suggested = strip_personal_data(rating.comment, names)
    recent = rows.filter(Q(moderation=Moderation.APPROVED) | Q(moderation=Moderation.REJECTED)).select_related("item")
    return render(
        request,
        "evaluation/moderation.html",
        {"pending": pending, "recent": recent.order_by("-moderated_at")[:30]},
    )


@login_required
@require_POST
def moderate(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = _supervisor(request)
    rating = access.get_rating_for_supervisor(user, rating_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.moderate_comment(rating=rating, actor=user, approve=approve, text=request.POST.get("text", "")[:2000])
    except services.RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已公开该评价内容。") if approve else _("该评价内容不予公开。"))
    return redirect("evaluation:moderation")
