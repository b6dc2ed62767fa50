"""The applicant's pages: apply from a guide, 我的办件, one case with its timeline, withdraw."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from govhall.accounts.access import acting_organisation, may_act_for
from govhall.accounts.models import Organisation, User
from govhall.cases import lookup, services, uploads
from govhall.cases.access import cases_for_user, get_case_for_user
from govhall.cases.constants import EDITABLE_STATES
from govhall.cases.forms import ApplyForm
from govhall.cases.models import Case, LockerDocument
from govhall.catalog import selectors
from govhall.catalog.models import Item, Material


def _channel(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    item = selectors.guide_item(code[:80])
    if item is None or item.current_version is None:
        raise Http404("没有该事项。")
    version = item.current_version
    materials = list(version.materials.all())
    variants = [variant.name for variant in version.variants.all()]
    organisation = acting_organisation(request)
    if organisation is not None and not may_act_for(user, organisation, item):
        messages.error(request, "您的经办人授权不包括该事项，请以个人身份申报或联系法定代表人。")
        organisation = None
    initial = {"idempotency_key": uuid.uuid4().hex}
    form = ApplyForm(request.POST or None, initial=initial, variants=variants)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            case = _submit(request, user, item, form.cleaned_data, organisation, materials)
        except services.CaseError as error:
            problems.append(str(error))
        else:
            messages.success(request, f"申报成功，办件编号 {case.number}。")
            return redirect("cases:detail", number=case.number)
    context = {
        "item": item,
        "guide": version,
        "form": form,
        "materials": materials,
        "problems": problems,
        "organisation": organisation,
        "locker": user.locker.all()[:50],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/apply.html", context, status=status)


def _submit(
    request: HttpRequest,
    user: User,
    item: Item,
    data: dict[str, Any],
    organisation: Organisation | None,
    materials: list[Material],
) -> Case:
    """Submit the case and attach every material given, all or nothing: if anything fails, no row stays and the files
    stored on the way are removed."""
    stored: list[LockerDocument] = []
    try:
        return _submit_atomically(request, user, item, data, organisation, materials, stored)
    except Exception:
        for document in stored:
            document.file.delete(save=False)
        raise


def _submit_atomically(
    request: HttpRequest,
    user: User,
    item: Item,
    data: dict[str, Any],
    organisation: Organisation | None,
    materials: list[Material],
    stored: list[LockerDocument],
) -> Case:
    with transaction.atomic():
        case = services.submit_case(
            applicant=user,
            item=item,
            form_data={"申请事由": data["reason"], "办理情形": data.get("variant") or ""},
            idempotency_key=str(data["idempotency_key"]),
            channel=_channel(request),
            organisation=organisation,
        )
        if case.materials.exists():
            return case  # a retried request: the materials were attached the first time
        for index, material in enumerate(materials):
            upload = request.FILES.get(f"material-{index}")
            locker_id = request.POST.get(f"locker-{index}", "")
            name = material.name
            if upload is not None:
                given = uploads.attach_upload(
                    case=case, actor=user, name=name, upload=upload, channel=_channel(request)
                )
                stored.append(given.document)
            elif locker_id.isdigit():
                document = user.locker.filter(pk=int(locker_id)).first()
                if document is None:
                    raise services.CaseError("所选材料库文件不存在。")
                uploads.attach_from_locker(
                    case=case, actor=user, name=name, document=document, channel=_channel(request)
                )
        missing = uploads.missing_materials(case)
        if missing:
            raise services.CaseError("缺少必要材料：" + "、".join(missing) + "。")
    return case


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    cases = cases_for_user(user).select_related("item", "organisation").order_by("-created_at")[:100]
    return render(request, "cases/my_cases.html", {"cases": cases})


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    events = case.events.select_related("actor").order_by("at", "pk")
    context = {
        "case": case,
        "events": events,
        "materials": case.materials.select_related("document"),
        "visits": case.visits.all(),
        "may_withdraw": case.applicant_id == user.pk and case.state in EDITABLE_STATES,
    }
    return render(request, "cases/detail.html", context)


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
    return render(request, "cases/inbox_messages.html", {"notices": notices, "unread": set(unread)})


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
                ip_address=request.META.get("REMOTE_ADDR"),
                channel=_channel(request),
            )
        except lookup.LookupRefused as error:
            context["problem"] = str(error)
            status = 429 if "频繁" in str(error) else 400
        else:
            context["case"] = case
            context["events"] = case.events.order_by("at", "pk")
    return render(request, "cases/progress.html", context, status=status)
