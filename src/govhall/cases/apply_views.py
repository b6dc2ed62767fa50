"""Applying: the form from the item's published guide (or a saved draft), prefilled from the profile and the enterprise,
with materials uploaded or taken from the locker; saved as a draft or submitted, all or nothing."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from govhall.accounts.access import acting_organisation, may_act_for
from govhall.accounts.models import Organisation, User
from govhall.cases import application_form, services, uploads
from govhall.cases.access import get_case_for_user
from govhall.cases.constants import CaseState
from govhall.cases.forms import ApplyForm, initial_values
from govhall.cases.models import Case
from govhall.catalog import selectors
from govhall.catalog.models import GuideVersion, Item, Material
from govhall.core.bounds import whole_number


def channel_of(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


def _draft(request: HttpRequest, user: User, item: Item) -> Case | None:
    number = (request.POST.get("draft") or request.GET.get("draft") or "")[:24]
    if not number:
        return None
    draft = get_case_for_user(user, number)
    if draft.item_id != item.pk or draft.applicant_id != user.pk:
        raise Http404("没有该草稿。")
    if draft.state != CaseState.DRAFT:
        return None
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    item = selectors.applicable_item(code[:80])
    if item is None or item.current_version is None:
        raise Http404("没有该事项。")
    draft = _draft(request, user, item)
    version: GuideVersion = draft.guide_version if draft else item.current_version
    organisation = acting_organisation(request)
    if organisation is not None and not may_act_for(user, organisation, item):
        messages.error(request, _("您的经办人授权不包括该事项，请以个人身份申报或联系法定代表人。"))
        organisation = None
    saving = request.POST.get("action") == "draft"
    form = ApplyForm(
        request.POST or None, version=version, draft=saving, initial=_initial(version, user, organisation, draft)
    )
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            if saving:
                draft = _save_draft(request, user, item, form, organisation, draft)
                messages.success(request, _("草稿已保存，可随时在“我的办件”中继续填写。"))
                return redirect(f"{request.path}?draft={draft.number}")
            case = _submit(request, user, item, form, organisation, draft)
        except services.CaseError as error:
            problems.append(str(error))
            if isinstance(error, uploads.FileNotCheckable):
                status = 503  # nothing wrong with the application: the file could not be checked now
        else:
            messages.success(request, _("申报成功，办件编号 %(number)s。") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    context = {
        "item": item,
        "guide": version,
        "form": form,
        "draft": draft,
        "given": {material.name: material for material in draft.materials.select_related("document")} if draft else {},
        "materials": list(version.materials.all()),
        "problems": problems,
        "organisation": organisation,
        "locker": user.locker.all()[:50],
    }
    return render(request, "cases/apply.html", context, status=status)


def _initial(
    version: GuideVersion, user: User, organisation: Organisation | None, draft: Case | None
) -> dict[str, Any]:
    prefill = application_form.prefill_values(version, user, organisation)
    initial = initial_values(version, prefill, draft.form_data if draft else {})
    initial["idempotency_key"] = uuid.uuid4().hex
    initial["delivery_method"] = draft.delivery_method if draft else "online"
    if draft:
        initial.update(variant=draft.variant_name, delivery_address=draft.delivery_address)
    return initial


def application_of(form: ApplyForm) -> services.Application:
    data = form.cleaned_data
    return services.Application(
        form_data=form.form_data(),
        variant_name=data.get("variant") or "",
        delivery_method=data.get("delivery_method") or "online",
        delivery_address=data.get("delivery_address", ""),
        commitment=bool(data.get("commitment")),
    )


def _save_draft(
    request: HttpRequest, user: User, item: Item, form: ApplyForm, organisation: Organisation | None, draft: Case | None
) -> Case:
    with uploads.transaction_with_files():
        draft = services.save_draft(
            applicant=user,
            item=item,
            application=application_of(form),
            channel=channel_of(request),
            organisation=organisation,
            draft=draft,
        )
        attach_given(request, draft, user, list(draft.guide_version.materials.all()))
        return draft


def _submit(
    request: HttpRequest, user: User, item: Item, form: ApplyForm, organisation: Organisation | None, draft: Case | None
) -> Case:
    """Submit the case and attach every material given, all or nothing: if anything fails, no row stays and the files
    stored on the way are removed."""
    with uploads.transaction_with_files():
        return _submit_atomically(request, user, item, form, organisation, draft)


def _submit_atomically(
    request: HttpRequest,
    user: User,
    item: Item,
    form: ApplyForm,
    organisation: Organisation | None,
    draft: Case | None,
) -> Case:
    key = str(form.cleaned_data["idempotency_key"])
    existing = Case.objects.filter(applicant=user, idempotency_key=key).first()
    if existing is not None:
        return existing  # a retried request: the first one made the case with its materials
    application = application_of(form)
    # The materials go onto the case before it is filed, so a missing one stops the submission as a whole.
    holder = draft or services.save_draft(
        applicant=user,
        item=item,
        application=application,
        channel=channel_of(request),
        organisation=organisation,
        draft=None,
    )
    holder.variant_name = application.variant_name.strip()
    attach_all_required(request, holder, user)
    case = services.submit_case(
        applicant=user,
        item=item,
        idempotency_key=key,
        channel=channel_of(request),
        organisation=organisation,
        application=application,
        draft=holder,
    )
    if case.pk != holder.pk:  # the same request arrived twice at once and the other one filed the case
        transaction.set_rollback(True)  # and the files stored on the way go with it
    return case


def attach_all_required(request: HttpRequest, case: Case, actor: User) -> None:
    """Attach what was given for the case's materials, then refuse if a required one (for its 情形) is still missing."""
    attach_given(request, case, actor, list(case.guide_version.materials.all()))
    missing = uploads.missing_materials(case)
    if missing:
        raise services.CaseError(_("缺少必要材料：") + "、".join(missing) + "。")


def attach_given(request: HttpRequest, case: Case, actor: User, materials: list[Material]) -> None:
    """Attach the files uploaded (material-N) or picked from the applicant's locker (locker-N) for the guide's
    materials. Call inside uploads.transaction_with_files(): a failed submission removes the files stored."""
    for index, material in enumerate(materials):
        upload = request.FILES.get(f"material-{index}")
        locker_id = whole_number(request.POST.get(f"locker-{index}"))
        if upload is not None:
            uploads.attach_upload(
                case=case, actor=actor, name=material.name, upload=upload, channel=channel_of(request)
            )
        elif locker_id:
            wanted = whole_number(locker_id)
            document = case.applicant.locker.filter(pk=wanted).first() if wanted is not None else None
            if document is None:
                raise services.CaseError(_("所选材料库文件不存在。"))
            uploads.attach_from_locker(
                case=case, actor=actor, name=material.name, document=document, channel=channel_of(request)
            )
