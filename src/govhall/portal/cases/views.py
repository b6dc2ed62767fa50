"""The applicant's pages: 我的办件, one case with its timeline and time left, withdraw, messages, progress lookup."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.models import User
from govhall.bundles import selectors as bundle_selectors
from govhall.cases import drafts, lookup, mine, selectors, services, uploads
from govhall.cases.access import get_case_for_user
from govhall.core.clients import client_address
from govhall.notices import inbox as notice_inbox
from govhall.portal.cases.forms import MyCasesForm

DETAIL_TEMPLATE = "portal/cases/detail.html"  # also the rating page's answer when it refuses a rating (evaluation)


def _channel(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


@login_required
@require_safe
def my_cases(request: HttpRequest) -> HttpResponse:
    """我的办件: filtered by status group, searched by number or item name, each with its unread messages."""
    user: User = request.user  # type: ignore[assignment]
    form = MyCasesForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "cases": [], "filtered": True}
        return render(request, "portal/cases/my_cases.html", context, status=400)
    status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    cases = list(mine.my_cases(user, status=status, query=query))
    unread = notice_inbox.unread_by_case(user, [case.pk for case in cases])
    for case in cases:
        case.unread = unread.get(case.pk, 0)  # type: ignore[attr-defined]
    bundle_cases = [] if status or query else list(bundle_selectors.bundle_cases_of(user)[:20])
    context = {"form": form, "cases": cases, "filtered": bool(status or query), "bundle_cases": bundle_cases}
    return render(request, "portal/cases/my_cases.html", context)


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    notice_inbox.read_case_messages(user, case.pk)  # the page shows what the messages said
    return render(request, DETAIL_TEMPLATE, selectors.case_page(case, user))


@login_required
@require_POST
def delete_draft(request: HttpRequest, number: str) -> HttpResponse:
    """删除草稿: the applicant's unfinished application goes (it was never filed)."""
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    try:
        deleted = drafts.delete_draft(case=case, actor=user, channel=_channel(request))
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("cases:detail", number=case.number)
    messages.success(request, f"已删除草稿 {deleted}。")
    return redirect("cases:mine")


@login_required
@require_POST
def upload_material(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant uploads a material the system could not fetch (the source had nothing or failed)."""
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    name = request.POST.get("name", "")[:200]
    upload = request.FILES.get("file")
    if case.applicant_id != user.pk:
        messages.error(request, "只有申请人可以上传材料。")
    elif name not in uploads.missing_materials(case):
        messages.error(request, "该材料无需上传。")
    elif upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            uploads.attach_upload(case=case, actor=user, name=name, upload=upload, channel=_channel(request))
        except services.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已上传“{name}”。")
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    try:
        services.withdraw(case=case, actor=user, channel=_channel(request), reason=request.POST.get("reason", "")[:500])
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤回申请。")
    return redirect("cases:detail", number=case.number)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's in-app messages about their cases; opening the page marks them read."""
    user: User = request.user  # type: ignore[assignment]
    notices = list(user.notifications.select_related("case")[:100])
    unread = [notice.pk for notice in notices if notice.read_at is None]
    if unread:
        user.notifications.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "portal/cases/inbox_messages.html", {"notices": notices, "unread": set(unread)})


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """Public progress lookup (the receipt's QR code opens this page with the number filled in)."""
    number = (request.POST.get("number") or request.GET.get("number") or "")[:24]
    context: dict[str, Any] = {"number": number}
    status = 200
    if request.method == "POST":
        try:
            case = lookup.find_case(
                number=number,
                last4=request.POST.get("last4", ""),
                ip_address=client_address(request),
                channel=_channel(request),
            )
        except lookup.LookupRefused as error:
            context["problem"] = str(error)
            status = 429 if error.throttled else 400
        else:
            context["case"] = case
            context["events"] = case.events.order_by("at", "pk")
    return render(request, "portal/cases/progress.html", context, status=status)
