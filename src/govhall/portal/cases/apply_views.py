"""Applying: the form from the item's published guide (or a saved draft), prefilled from the profile and the enterprise,
with materials uploaded or taken from the locker; saved as a draft or submitted, all or nothing (cases.filing)."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from govhall.accounts.access import acting_organisation, may_act_for, organisations_for
from govhall.accounts.models import Organisation, User
from govhall.cases import application_form, filing, services, uploads
from govhall.cases.access import get_case_for_user
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog import selectors
from govhall.catalog import services as catalog_services
from govhall.catalog.models import GuideVersion, Item
from govhall.portal.cases.forms import ApplyForm, given_files, initial_values
from govhall.sharing import selectors as sharing_selectors


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
    refusal = catalog_services.identity_refusal(version, as_legal_person=organisation is not None)
    if refusal:
        context = {
            "item": item,
            "refusal": refusal,
            "acting_for": organisation,
            "organisations": organisations_for(user),
        }
        return render(request, "portal/cases/wrong_identity.html", context, status=403)
    saving = request.POST.get("action") == "draft"
    form = ApplyForm(
        request.POST or None, version=version, draft=saving, initial=_initial(version, user, organisation, draft)
    )
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    materials = list(version.materials.all())
    given = given_files(request, materials) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            if saving:
                draft = filing.save_application(
                    applicant=user,
                    item=item,
                    application=form.application(),
                    channel=channel_of(request),
                    organisation=organisation,
                    draft=draft,
                    given=given,
                )
                messages.success(request, _("草稿已保存，可随时在“我的办件”中继续填写。"))
                return redirect(f"{request.path}?draft={draft.number}")
            case = filing.file_application(
                applicant=user,
                item=item,
                application=form.application(),
                idempotency_key=str(form.cleaned_data["idempotency_key"]),
                channel=channel_of(request),
                organisation=organisation,
                draft=draft,
                given=given,
            )
        except services.CaseError as error:
            problems.append(str(error))
            if isinstance(error, uploads.FileNotCheckable):
                status = 503  # nothing wrong with the application: the file could not be checked now
        else:
            messages.success(request, _("申报成功，办件编号 %(number)s。") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    # Refused: the files chosen are kept (in the locker) and offered again, so nobody chooses them twice.
    kept = filing.keep_given(applicant=user, given=given, channel=channel_of(request)) if given else {}
    for material in materials:
        material.kept = kept.get(material.name)  # type: ignore[attr-defined]
    locker = list(user.locker.exclude(pk__in=[document.pk for document in kept.values()])[:50])
    context = {
        "item": item,
        "guide": version,
        "form": form,
        "draft": draft,
        "given": {material.name: material for material in draft.materials.select_related("document")} if draft else {},
        "materials": materials,
        "sources": {
            name: f"{row.resource.department.name}·{row.resource.name}"
            for name, row in sharing_selectors.sources_of(item.pk).items()
        },
        "problems": problems,
        "organisation": organisation,
        "locker": [*kept.values(), *locker],
    }
    return render(request, "portal/cases/apply.html", context, status=status)


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
