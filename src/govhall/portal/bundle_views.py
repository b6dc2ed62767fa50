"""一件事一次办 on the portal (docs/bundles.md): the bundle's start page with its questionnaire (情形引导), the combined
form (each field and shared material once) and the one submission, and the applicant's bundle page (one timeline, one
deadline, one rating). Thin: bundles.services and bundles.selectors hold the rules."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.access import acting_organisation
from govhall.accounts.models import User
from govhall.bundles import selectors, services
from govhall.bundles.models import Bundle
from govhall.cases import uploads
from govhall.cases.application_form import REASON
from govhall.cases.services import CaseError
from govhall.catalog.models import FormField
from govhall.core.bounds import whole_number
from govhall.evaluation.constants import BadReason
from govhall.evaluation.services import RatingError
from govhall.portal.cases.forms import FIELD_PREFIX, form_field

ANSWER_PREFIX = "q_"


def _bundle(slug: str) -> Bundle:
    bundle = selectors.bundle_by_slug(slug)
    if bundle is None:
        raise Http404(_("没有该一件事。"))
    return bundle


def _answers(data: Any) -> dict[str, str]:
    return {key[len(ANSWER_PREFIX) :]: str(value)[:12] for key, value in data.items() if key.startswith(ANSWER_PREFIX)}


@require_safe
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """The bundle, its items and the questionnaire (answered by GET to the form page)."""
    bundle = _bundle(slug)
    context = {
        "bundle": bundle,
        "parts": list(bundle.parts.select_related("item__department", "after__item")),
        "questions": services.questions(bundle),
    }
    return render(request, "portal/bundles/start.html", context)


class BundleForm(forms.Form):
    """The combined form: 申请事由, every field of the items once (by key), the declaration."""

    reason = forms.CharField(label=gettext_lazy("申请事由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    declaration = forms.BooleanField(label=gettext_lazy("本人承诺所填信息及所附材料真实、有效"), required=False)

    def __init__(self, *args: Any, specs: list[FormField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.specs = specs
        for spec in specs:
            self.fields[FIELD_PREFIX + spec.key] = form_field(spec)

    def guide_fields(self) -> list[forms.BoundField]:
        return [self[FIELD_PREFIX + spec.key] for spec in self.specs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("declaration"):
            self.add_error("declaration", _("请勾选承诺后提交。"))
        for spec in self.specs:
            name = FIELD_PREFIX + spec.key
            if spec.required and data.get(name) in (None, "", False) and name not in self.errors:
                self.add_error(name, _("请填写%(label)s。") % {"label": spec.label})
        return data

    def form_data(self) -> dict[str, str]:
        values = {REASON: str(self.cleaned_data.get("reason", ""))}
        for spec in self.specs:
            value = self.cleaned_data.get(FIELD_PREFIX + spec.key)
            values[spec.key] = "" if value in (None, False) else ("是" if value is True else str(value))
        return values


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the items the answers give, the combined form and the shared materials; POST: the one submission."""
    user: User = request.user  # type: ignore[assignment]
    bundle = _bundle(slug)
    answers = _answers(request.POST if request.method == "POST" else request.GET)
    try:
        parts = services.applicable_parts(bundle, answers)
        specs = services.combined_fields(parts)
        materials = services.shared_materials(parts)
    except CaseError as error:
        context = {"bundle": bundle, "questions": services.questions(bundle), "problems": [str(error)]}
        return render(request, "portal/bundles/start.html", {**context, "parts": []}, status=400)
    form = BundleForm(request.POST or None, specs=specs, initial={"idempotency_key": uuid.uuid4().hex})
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        given: dict[str, UploadedFile[bytes]] = {}
        locker: dict[str, int] = {}
        for index, material in enumerate(materials):
            upload = request.FILES.get(f"material-{index}")
            chosen = whole_number(request.POST.get(f"locker-{index}"))
            if upload is not None:
                given[material.name] = upload
            elif chosen:
                locker[material.name] = chosen
        try:
            bundle_case = services.submit(
                applicant=user,
                bundle=bundle,
                answers=answers,
                form_data=form.form_data(),
                uploads_given=given,
                locker_given=locker,
                idempotency_key=str(form.cleaned_data["idempotency_key"]),
                channel=getattr(request, "channel", "web"),
                organisation=acting_organisation(request),
            )
        except CaseError as error:
            problems.append(str(error))
            if isinstance(error, uploads.FileNotCheckable):
                status = 503
        else:
            messages.success(request, _("一件事申请已提交，编号 %(number)s。") % {"number": bundle_case.number})
            return redirect("portal:bundle_case", number=bundle_case.number)
    context = {
        "bundle": bundle,
        "parts": parts,
        "waiting": [part for part in parts if services.waits(part, parts)],
        "form": form,
        "answers": answers,
        "materials": materials,
        "locker": list(user.locker.all()[:50]),
        "problems": problems,
    }
    return render(request, "portal/bundles/apply.html", context, status=status)


@login_required
@require_safe
def bundle_case(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.bundle_case_of(user, number)
    if found is None:
        raise Http404(_("没有该一件事办件。"))
    parts = selectors.parts_of(found)
    context = {
        "bundle_case": found,
        "parts": parts,
        "progress": selectors.progress(parts),
        "timeline": selectors.timeline(found, parts),
        "ratable": selectors.ratable_cases(parts) if found.rated_at is None else [],
        "bad_reasons": BadReason.choices,
    }
    return render(request, "portal/bundles/case.html", context)


@login_required
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.bundle_case_of(user, number)
    if found is None:
        raise Http404(_("没有该一件事办件。"))
    try:
        services.rate(
            bundle_case=found,
            rater=user,
            channel="web",
            score=str(request.POST.get("score", ""))[:2],
            comment=str(request.POST.get("comment", ""))[:500],
            bad_reasons=request.POST.getlist("bad_reasons")[:10],
        )
    except (CaseError, RatingError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("感谢您的评价。"))
    return redirect("portal:bundle_case", number=found.number)
