"""授权用证 in the portal: the holder grants a department or an enterprise one use of a licence and may revoke it; someone
acting for the granted enterprise opens it once. Staff open grants made to their department in the workbench."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.access import acting_organisation
from govhall.accounts.models import User
from govhall.licences import grants
from govhall.licences.access import get_licence_for_holder
from govhall.licences.documents import HOLDER_COPY
from govhall.licences.downloads import document_response
from govhall.portal.licences.forms import GrantForm
from govhall.portal.licences.verification import verification_context
from govhall.portal.licences.wallet_views import refusal


@login_required
@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, licence_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    licence = get_licence_for_holder(user, acting_organisation(request), licence_id)
    form = GrantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                grants.grant_licence(
                    licence=licence,
                    actor=user,
                    purpose=form.cleaned_data["purpose"],
                    valid_until=timezone.now() + timedelta(hours=int(form.cleaned_data["hours"])),
                    department=form.cleaned_data.get("department"),
                    organisation=form.cleaned_data.get("organisation"),
                )
            except grants.GrantRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "已授权。对方使用一次后授权即失效；使用前您可随时撤回。")
                return redirect("wallet:home")
        status = 400
    return render(request, "portal/licences/grant_form.html", {"licence": licence, "form": form}, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, licence_id: int, grant_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    licence = get_licence_for_holder(user, acting_organisation(request), licence_id)
    found = grants.grants_of(licence).filter(pk=grant_id).first()
    if found is None:
        return refusal(request, "没有该授权。", 404)
    try:
        grants.revoke_grant(grant=found, actor=user)
    except grants.GrantRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤回授权。")
    return redirect("wallet:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def granted(request: HttpRequest, grant_id: int) -> HttpResponse:
    """A grant made to the enterprise the user acts for: GET says what opening it means, POST opens it (once)."""
    user: User = request.user  # type: ignore[assignment]
    found = grants.get_grant_for_grantee(user, acting_organisation(request), grant_id)
    if request.method == "GET":
        state = grants.state_of(found)
        return render(request, "portal/licences/granted.html", {"grant": found, "state": state, "opened": False})
    try:
        used = grants.use_grant(grant=found, user=user)
    except grants.GrantRefused as error:
        return refusal(request, str(error), error.status)
    document_url = reverse("wallet:granted_document", args=[used.pk])
    context = {"grant": used, "opened": True, "document_url": document_url, **verification_context(used.licence)}
    return render(request, "portal/licences/granted.html", context)


@login_required
@require_safe
def granted_document(request: HttpRequest, grant_id: int) -> HttpResponse:
    """The licence document, to whoever just opened the grant (within the same few minutes)."""
    user: User = request.user  # type: ignore[assignment]
    found = grants.get_grant_for_grantee(user, acting_organisation(request), grant_id)
    if not grants.may_download(found, user):
        return refusal(request, "请先在授权页面打开证照；打开后数分钟内可下载证照文件。", 410)
    return document_response(request, user, found.licence, copy=HOLDER_COPY, grant=found)
