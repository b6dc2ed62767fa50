"""The window (窗口): a clerk files a case for a walk-in person (帮办代办) — finds or registers them by their document,
fills in the form with them, scans the originals (trust level B) — and handles 即办件 and post-checks on one screen.
The visit is recorded by the service."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govhall.accounts import services as account_services
from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.cases import application_form, decisions, filing, services
from govhall.cases.access import get_case_for_user
from govhall.cases.constants import CaseState
from govhall.core.bounds import whole_number
from govhall.organisations.access import staff_can
from govhall.portal.cases.forms import ApplyForm, given_files, initial_values
from govhall.workbench.forms import WalkInForm
from govhall.workbench.tools import RECEIVE_PERMISSION

WINDOW = "window"


def _clerk(request: HttpRequest) -> User:
    user = staff_member(request)
    if not staff_can(user, RECEIVE_PERMISSION):
        messages.error(request, _("只有窗口人员可以帮办代办。"))
        raise services.ActNotAllowed("只有窗口人员可以帮办代办。")
    return user


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest) -> HttpResponse:
    """Step 1: who is applying, for what. Makes a window draft for the person."""
    try:
        clerk = _clerk(request)
    except services.ActNotAllowed:
        return redirect("workbench:inbox")
    form = WalkInForm(request.POST or None, clerk=clerk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = account_services.find_or_register_walk_in(
                    clerk=clerk,
                    real_name=data["real_name"],
                    document_type=data["document_type"],
                    document_number=data["document_number"],
                    phone=data["phone"],
                    channel=WINDOW,
                )
                draft = services.save_draft(
                    applicant=person, item=data["item"], application=services.Application(), channel=WINDOW, draft=None
                )
        except account_services.AccountError as error:
            for field, problems in error.problems.items():
                for problem in problems:
                    form.add_error(field or None, problem)
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            return redirect("workbench:receive_case", number=draft.number)
    status = 400 if request.method == "POST" else 200
    return render(request, "workbench/window_receive.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def receive_case(request: HttpRequest, number: str) -> HttpResponse:
    """Step 2: the form filled in with the person, originals scanned, submitted in their name."""
    try:
        clerk = _clerk(request)
    except services.ActNotAllowed:
        return redirect("workbench:inbox")
    draft = get_case_for_user(clerk, number)
    if not staff_can(clerk, RECEIVE_PERMISSION, draft.department):
        raise Http404("没有该办件，或您无权在窗口代办。")
    if draft.state != CaseState.DRAFT:
        return redirect("workbench:handle", number=draft.number)
    version = draft.guide_version
    prefill = application_form.prefill_values(version, draft.applicant, draft.organisation)
    initial = initial_values(version, prefill, draft.form_data) | {"idempotency_key": uuid.uuid4().hex}
    form = ApplyForm(request.POST or None, version=version, initial=initial)
    problems: list[str] = []
    materials = list(version.materials.all())
    given = given_files(request, materials) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            case = filing.file_application(
                applicant=draft.applicant,
                item=draft.item,
                application=form.application(),
                idempotency_key=str(form.cleaned_data["idempotency_key"]),
                channel=WINDOW,
                draft=draft,
                given=given,
                received_by=clerk,
            )
        except services.CaseError as error:
            problems.append(str(error))
        else:
            messages.success(request, _("已代为申报，办件编号 %(number)s。") % {"number": case.number})
            return redirect("workbench:handle", number=case.number)
    if given:  # refused: the scans stay on the draft (已上传…可替换), not to be scanned again
        filing.keep_on_draft(draft=draft, actor=clerk, given=given, channel=WINDOW)
    context = {
        "case": draft,
        "form": form,
        "materials": materials,
        "given": {material.name: material for material in draft.materials.select_related("document")},
        "problems": problems,
    }
    return render(request, "workbench/window_apply.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def decide_at_once(request: HttpRequest, number: str) -> HttpResponse:
    """即办件: accept, decide and conclude with one button."""
    user = staff_member(request)
    case = get_case_for_user(user, number)
    revision = whole_number(request.POST.get("revision"))
    approve = request.POST.get("decision") == "approve"
    try:
        decisions.decide_at_once(
            case=case,
            actor=user,
            channel=WINDOW,
            approve=approve,
            reason=request.POST.get("reason", "")[:2000],
            expected_revision=-1 if revision is None else revision,
        )
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已当场办结。"))
    return redirect("workbench:handle", number=number)


@login_required
@require_POST
def post_check(request: HttpRequest, number: str) -> HttpResponse:
    """The result of a 告知承诺制 post-check; a false commitment revokes the decision."""
    user = staff_member(request)
    case = get_case_for_user(user, number)
    try:
        decisions.record_post_check(
            case=case,
            actor=user,
            truthful=request.POST.get("truthful") == "yes",
            finding=request.POST.get("finding", "")[:2000],
        )
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录核查结果。"))
    return redirect("workbench:handle", number=number)
