"""Answering a 一次性告知: the applicant sees everything asked in the one notice, answers each item with a replacement
file or a written explanation and sends the case back; the clock runs again. Nothing is kept if any file is refused or
an item is left unanswered (services.resubmit). The answers are shown old beside new on the case page and the
workbench (answered_rounds, correction_file)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from govhall.accounts.models import User
from govhall.cases import document_views, services, uploads
from govhall.cases.access import get_case_for_user
from govhall.cases.apply_views import attach_all_required, channel_of
from govhall.cases.constants import Act, CaseState
from govhall.cases.models import Case, LockerDocument


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
            with uploads.transaction_with_files():
                attach_all_required(request, case, user)
                services.resubmit(
                    case=case,
                    actor=user,
                    channel=channel_of(request),
                    note=request.POST.get("note", "")[:1000],
                    explanations=explanations,
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
    return render(request, "cases/correct.html", context, status=400 if problems else 200)


@dataclass(frozen=True)
class Answer:
    item: str
    material: str
    old: LockerDocument | None
    new: LockerDocument | None
    explanation: str


@dataclass(frozen=True)
class Round:
    """One 一次性告知 and its answer."""

    asked_at: Any
    answered_at: Any
    answers: list[Answer]


def answered_rounds(case: Case) -> list[Round]:
    """Every answered correction of the case, each item with the file it replaced, the new file and the explanation
    (for the applicant's case page and the workbench). Two queries whatever the number of rounds."""
    events = list(case.events.filter(act__in=[Act.REQUEST_CORRECTION, Act.RESUBMIT]).order_by("at", "pk"))
    ids = {
        row.get(side)
        for event in events
        if event.act == Act.RESUBMIT
        for row in event.detail.get("answers", [])
        for side in ("old", "new")
    }
    documents = LockerDocument.objects.in_bulk([pk for pk in ids if isinstance(pk, int)])
    rounds: list[Round] = []
    asked_at = None
    for event in events:
        if event.act == Act.REQUEST_CORRECTION:
            asked_at = event.at
            continue
        answers = [
            Answer(
                item=str(row.get("item", "")),
                material=str(row.get("material", "")),
                old=documents.get(row.get("old")),
                new=documents.get(row.get("new")),
                explanation=str(row.get("explanation", "")),
            )
            for row in event.detail.get("answers", [])
        ]
        if answers:
            rounds.append(Round(asked_at=asked_at, answered_at=event.at, answers=answers))
    return rounds


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
    return document_views.material_response(request, case, document, material=name)
