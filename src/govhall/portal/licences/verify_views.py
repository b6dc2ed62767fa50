"""电子证照验证, public: anyone (a clerk, a business, the QR code on a licence) checks a licence by its identifier —
its status, the signature checked here with the issuer's published key, and where the log holds it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.licences import identifiers, selectors
from govhall.transparency import services as log


def _missing(request: HttpRequest, message: str) -> HttpResponse:
    context = {"title": _("未找到电子证照"), "message": message, "status": 404, "form_value": ""}
    return render(request, "portal/licences/verify_missing.html", context, status=404)


@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    """The lookup form; with ?identifier= it opens that licence's page."""
    value = request.GET.get("identifier", "").strip()
    if value:
        if not identifiers.is_valid(value):
            context = {
                "title": _("电子证照标识有误"),
                "message": _("电子证照标识格式不正确或校验位有误，请核对后重试。"),
                "status": 400,
                "form_value": value,
            }
            return render(request, "portal/licences/verify_missing.html", context, status=400)
        return redirect(reverse("verify:licence", args=[value]))
    return render(request, "portal/licences/verify_form.html")


@require_safe
def verify_licence(request: HttpRequest, identifier: str) -> HttpResponse:
    if not identifiers.is_valid(identifier):
        return _missing(request, _("电子证照标识格式不正确或校验位有误，请核对后重试。"))
    licence = selectors.by_identifier(identifier)
    if licence is None:
        return _missing(request, _("标识格式正确，但本库中没有这张证照。请向出示证照的一方核实。"))
    facts = selectors.verification(licence)
    size = log.log_size()
    proof_url = ""
    if licence.log_index is not None and licence.log_index < size:
        proof_url = f"/api/v1/log/proof/inclusion?leaf_index={licence.log_index}&tree_size={size}"
    context = {
        "licence": licence,
        "facts": facts,
        "signature_ok": selectors.signature_valid(licence),
        "proof_url": proof_url,
        "api_url": f"/api/v1/licences/verify/{licence.identifier}",
        "history": licence.events.order_by("at", "pk"),
    }
    return render(request, "portal/licences/verify.html", context)


@require_safe
def issuer_keys(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/licences/keys.html", {"issuers": selectors.issuer_keys()})
