"""我的免申即享: the benefits offered to the signed-in person, which they confirm or decline, and the policies they
may opt out of. Views parse, call one service (entitlements.services), redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.models import User
from govhall.entitlements import selectors, services
from govhall.entitlements.models import BenefitPolicy

ANSWERS = {"confirm": services.confirm, "decline": services.decline}
DONE = {"confirm": gettext_lazy("已确认领取，办件已提交部门办理。"), "decline": gettext_lazy("已放弃该政策。")}


@login_required
@require_safe
def benefits(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {"offers": selectors.offers_of(user), "policies": selectors.open_policies(user)}
    return render(request, "portal/benefits/benefits.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, offer_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    offer = selectors.offer_for(user, offer_id)
    if offer is None:
        raise Http404(_("没有这条政策推送。"))
    choice = request.POST.get("answer", "")
    if choice not in ANSWERS:
        messages.error(request, _("请选择“确认领取”或“放弃”。"))
        return redirect("portal:benefits")
    try:
        ANSWERS[choice](offer=offer, person=user, channel=getattr(request, "channel", "web"))
    except services.EntitlementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(DONE[choice]))
    return redirect("portal:benefits")


@login_required
@require_POST
def opt_out(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy = BenefitPolicy.objects.filter(code=code, active=True).first()
    if policy is None:
        raise Http404(_("没有这项政策。"))
    try:
        services.opt_out(policy=policy, person=user, channel=getattr(request, "channel", "web"))
    except services.EntitlementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已设置：“%(policy)s”不再比对您的数据，也不再推送。") % {"policy": policy.name})
    return redirect("portal:benefits")
