"""Answering a 一次性告知: the applicant sees everything asked in the one notice, replaces those materials and sends the
case back; the clock runs again. Nothing is kept if any file is refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from govhall.accounts.models import User
from govhall.cases import services, uploads
from govhall.cases.access import get_case_for_user
from govhall.cases.apply_views import attach_all_required, channel_of
from govhall.cases.constants import Act, CaseState


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    if case.state != CaseState.CORRECTION or case.applicant_id != user.pk:
        messages.error(request, _("该办件当前不需要补正。"))
        return redirect("cases:detail", number=case.number)
    notice = case.events.filter(act=Act.REQUEST_CORRECTION).order_by("-at", "-pk").first()
    asked = list(notice.detail.get("missing", [])) if notice else []
    materials = list(case.guide_version.materials.all())
    problems: list[str] = []
    if request.method == "POST":
        try:
            with uploads.transaction_with_files():
                attach_all_required(request, case, user)
                services.resubmit(
                    case=case, actor=user, channel=channel_of(request), note=request.POST.get("note", "")[:1000]
                )
        except services.CaseError as error:
            problems.append(str(error))
        else:
            messages.success(request, _("补正材料已提交，办理时限恢复计算。"))
            return redirect("cases:detail", number=case.number)
    given = {material.name: material for material in case.materials.select_related("document")}
    rows = [(material, given.get(material.name), _is_asked(material.name, asked)) for material in materials]
    context = {"case": case, "asked": asked, "notice": notice, "rows": rows, "problems": problems}
    return render(request, "cases/correct.html", context, status=400 if problems else 200)


def _is_asked(name: str, asked: list[str]) -> bool:
    return any(name in entry or entry in name for entry in asked)
