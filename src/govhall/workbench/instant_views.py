"""秒批抽查 on the workbench: the sampled instant approvals of the reviewer's departments, and their audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.instant import selectors, services
from govhall.organisations.access import staff_can
from govhall.workbench.tools import INSTANT_AUDIT_PERMISSION


@login_required
@require_safe
def audit_queue(request: HttpRequest) -> HttpResponse:
    user = staff_member(request)
    if not staff_can(user, INSTANT_AUDIT_PERMISSION):
        raise PermissionDenied(_("秒批抽查仅供审查人员使用。"))
    return render(request, "workbench/instant/audit_queue.html", {"decisions": selectors.audit_queue(user)[:100]})


@login_required
@require_POST
def review(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = staff_member(request)
    decision = selectors.audit_queue(user).filter(pk=decision_id).first()
    if decision is None:
        raise Http404(_("没有这条待抽查的秒批办件。"))
    verdict = request.POST.get("verdict", "")
    if verdict not in ("correct", "wrong"):
        messages.error(request, _("请选择“通过”或“有误”。"))
        return redirect("workbench:instant_audit")
    try:
        services.review(
            decision=decision,
            reviewer=user,
            correct=verdict == "correct",
            note=request.POST.get("note", "")[:300],
            channel=getattr(request, "channel", "web"),
        )
    except services.InstantError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录抽查结果：%(number)s。") % {"number": decision.case.number})
    return redirect("workbench:instant_audit")
