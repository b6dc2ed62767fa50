"""Answering a 一次性告知: the applicant sees everything asked in the one notice, answers each item with a replacement
file or a written explanation and sends the case back; the clock runs again. Nothing is kept if any file is refused or
an item is left unanswered (services.resubmit). The answers are shown old beside new on the case page and the
workbench (cases.selectors.answered_rounds, correction_file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from govhall.accounts.models import User
from govhall.cases import filing, services
from govhall.cases.access import get_case_for_user
from govhall.cases.constants import CaseState
from govhall.cases.downloads import material_response
from govhall.cases.selectors import answered_rounds
from govhall.portal.cases.apply_views import channel_of
from govhall.portal.cases.forms import given_files


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    if case.state != CaseState.CORRECTION or case.applicant_id != user.pk:
        messages.error(request, _("该办件当前不需要补正。"))
        return redirect("cases:detail", number=case.number)
    notice = services.correction_notice(case)
    asked = [str(entry) for entry in notice.detail.get("missing", [])] if notice else []
    materials = list(case.guide_version.materials.all())
    problems: list[str] = []
    explanations = {item: request.POST.get(f"answer-{index}", "")[:1000] for index, item in enumerate(asked)}
    if request.method == "POST":
        try:
            filing.answer_correction(
                case=case,
                actor=user,
                channel=channel_of(request),
                note=request.POST.get("note", "")[:1000],
                explanations=explanations,
                given=given_files(request, materials),
            )
        except services.CaseError as error:
            problems.append(str(error))
        else:
            messages.success(request, _("补正材料已提交，办理时限恢复计算。"))
            return redirect("cases:detail", number=case.number)
    given = {material.name: material for material in case.materials.select_related("document")}
    names = [material.name for material in materials]
    wanted = {services.asked_material(entry, names) for entry in asked}
    rows = [(material, given.get(material.name), material.name in wanted) for material in materials]
    answers = [(index, item, explanations[item]) for index, item in enumerate(asked)]
    context = {"case": case, "asked": asked, "answers": answers, "notice": notice, "rows": rows, "problems": problems}
    return render(request, "portal/cases/correct.html", context, status=400 if problems else 200)


@login_required
@require_safe
def correction_file(request: HttpRequest, number: str, document_id: int) -> FileResponse:
    """A file named in one of the case's correction answers (the replaced one or its replacement), to whoever may see
    the case: the replaced file is no longer among the case's materials."""
    case = get_case_for_user(request.user, number)  # type: ignore[arg-type]
    named = {
        document.pk: (answer.material, document)
        for round_ in answered_rounds(case)
        for answer in round_.answers
        for document in (answer.old, answer.new)
        if document is not None
    }
    if document_id not in named:
        raise PermissionDenied("该文件不属于本办件的补正记录。")
    name, document = named[document_id]
    return material_response(request, case, document, material=name)
