"""The workbench for clerks and reviewers: the department inbox and one case's handling page. Views parse, call one
service, render; what a member of staff may do comes from cases.permissions."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.cases import application_form, decisions, exemptions, services
from govhall.cases import inbox as inbox_queries
from govhall.cases.access import get_case_for_user
from govhall.cases.clocks import TimeLeft, time_left
from govhall.cases.constants import EXTENSION_DAYS, FINAL_STATES, Act, CaseState, DeliveryMethod
from govhall.cases.downloads import document_response
from govhall.cases.models import Case, PostCheck
from govhall.cases.permissions import SERVICE_ONLY_ACTS, acts_for, at_once_allowed, current_step, may_claim
from govhall.cases.selectors import answered_rounds
from govhall.core.bounds import page_number, whole_number
from govhall.delivery import services as delivery
from govhall.organisations.access import staff_can
from govhall.workbench.tools import tools_for


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = staff_member(request)
    prefetch_related_objects([user], "memberships")  # cases_for_user asks for them once per membership
    cases = inbox_queries.open_cases(user)
    state = request.GET.get("state", "")
    counts = inbox_queries.state_counts(cases)
    mine = request.GET.get("mine") == "1"
    left = TimeLeft.on(timezone.localdate())
    shown = state if state in CaseState.values else ""
    number = page_number(request.GET.get("page"), maximum=1000)
    size = inbox_queries.PAGE_SIZE
    rows = inbox_queries.page(
        cases, left, state=shown, handler=user if mine else None, offset=(number - 1) * size, extra=1
    )
    states = [(value, label, counts.get(value, 0)) for value, label in CaseState.choices if value not in FINAL_STATES]
    context = {
        "rows": rows[:size],
        "states": states,
        "state": state,
        "mine": mine,
        "page_number": number,
        "has_next": len(rows) > size,
        "tools": tools_for(user),
        "tab_query": urlencode(
            {key: value for key, value in (("state", shown), ("mine", "1" if mine else "")) if value}
        ),
    }
    return render(request, "workbench/inbox.html", context)


@login_required
@require_safe
def handle(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    context = _handling(user, case) | {
        "exempted": exemptions.shown_to_staff(case, user, getattr(request, "channel", "web"))
    }
    return render(request, "workbench/handle.html", context)


@login_required
@require_POST
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    """The handling page with the form's personal data in full (audited; roles with `personal_data.full` only)."""
    user = staff_member(request)
    case = get_case_for_user(user, number)
    try:
        full_rows = services.reveal_form(case=case, viewer=user, channel=getattr(request, "channel", "window"))
    except services.ActNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    return render(request, "workbench/handle.html", _handling(user, case) | {"form_rows": full_rows, "revealed": True})


def _handling(user: User, case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "events": case.events.select_related("actor").order_by("at", "pk"),
        "materials": case.materials.select_related("document"),
        "visits": case.visits.select_related("hall"),
        "exempted": [(exempted, []) for exempted in case.exempted_materials.all()],
        "form_rows": application_form.rows(case.guide_version, case.variant_name, case.form_data),
        "may_reveal": bool(application_form.personal_fields(case.guide_version))
        and staff_can(user, "personal_data.full", case.department),
        # A result by post is sent from the 快递寄递 panel (寄出结果); 签收 delivers it.
        "acts": [
            act for act in acts_for(user, case) if act != Act.DELIVER or case.delivery_method != DeliveryMethod.POST
        ],
        "at_once": at_once_allowed(user, case),
        "may_claim": may_claim(user, case),
        "step": current_step(case) if case.state == CaseState.UNDER_REVIEW else None,
        "corrections": answered_rounds(case),
        "post_check": PostCheck.objects.filter(case=case).first(),
        "colleagues": services.colleagues(case),
        "case_open": case.state not in FINAL_STATES and case.state != CaseState.CONCLUDED,
        "time_left": time_left(case, timezone.localdate()),
        "extension_days": (EXTENSION_DAYS.start, EXTENSION_DAYS.stop - 1),
    }


@login_required
@require_POST
def perform(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    act = request.POST.get("act", "")
    revision = request.POST.get("revision", "")
    expected = whole_number(revision)
    if act not in Act.values or act in SERVICE_ONLY_ACTS or expected is None:
        messages.error(request, "请求不完整，请刷新页面后重试。")
        return redirect("workbench:handle", number=number)
    reason = request.POST.get("reason", "")[:2000]
    try:
        if act == Act.DELIVER and case.delivery_method == DeliveryMethod.POST:
            shipment = delivery.post_result(case=case, actor=user, channel="window")
            messages.success(request, f"已寄出，运单号 {shipment.waybill}；签收后办件自动送达。")
            return redirect("workbench:handle", number=number)
        if act == Act.DELIVER:
            decisions.deliver(case=case, actor=user, expected_revision=expected)
        elif act == Act.REQUEST_CORRECTION:
            services.request_correction(
                case=case, actor=user, channel="window", missing=reason.splitlines(), expected_revision=expected
            )
        elif act == Act.EXTEND:
            days = request.POST.get("days", "")
            services.extend_checked(case=case, actor=user, days=days, reason=reason, expected_revision=expected)
        else:
            services.act_on(
                case=case,
                act=act,
                actor=user,
                channel="window",
                reason=reason,
                expected_revision=expected,
            )
    except services.StaleCase as error:
        messages.error(request, str(error))
        return redirect("workbench:handle", number=number)
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("workbench:handle", number=number)
    messages.success(request, f"已{Act(act).label}。")
    return redirect("workbench:handle", number=number)


@login_required
@require_POST
def claim(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    try:
        services.claim(case=case, actor=user)
    except services.ActNotAllowed as error:  # e.g. a joint reviewer of another department: they may look, not take it
        raise PermissionDenied(str(error)) from error
    except services.CaseError as error:  # already handled by someone, or closed
        messages.error(request, str(error))
        return redirect("workbench:handle", number=number)
    messages.success(request, "已认领，该办件由您经办。")
    return redirect("workbench:handle", number=number)


@login_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    """指派 / 移交 the case to a colleague of the department."""
    user = staff_member(request)
    case = get_case_for_user(user, number)
    to_id = whole_number(request.POST.get("to", ""))
    to = User.objects.filter(pk=to_id).first() if to_id is not None else None
    try:
        services.assign(case=case, actor=user, to=to)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已移交给 %(name)s。") % {"name": to.display_name if to else ""})
    return redirect("workbench:handle", number=number)


@login_required
@require_safe
def staff_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """A document of the case (PDF) for staff of the handling department (cases.downloads, audited)."""
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member:
        raise PermissionDenied("工作台仅供工作人员使用。")
    case = get_case_for_user(user, number)
    if not staff_can(user, "cases.view", case.department):
        raise Http404("没有该办件，或您无权查看。")
    return document_response(request, user, case, kind)
