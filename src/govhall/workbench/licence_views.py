"""核验证照 in the workbench: a clerk scans or types a 亮证 code (or pastes the scanned address, or a licence identifier)
and sees the licence's verification, recorded under the clerk's name and department; and the grants (授权用证) made to
the clerk's departments, each opened once."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.core import audit
from govhall.core.clients import client_address
from govhall.licences import grants, showings, tokens
from govhall.licences.documents import HOLDER_COPY
from govhall.licences.downloads import document_response
from govhall.licences.identifiers import is_valid as is_identifier
from govhall.licences.models import Licence
from govhall.organisations.access import staff_departments
from govhall.organisations.models import Department
from govhall.portal.licences.verification import verification_context
from govhall.portal.licences.wallet_views import refusal

PERMISSION = grants.GRANTEE_PERMISSION
SHOWN_PATH = re.compile(r"/licences/shown/([^/?#\s]+)")
VERIFY_PATH = re.compile(r"/verify/([^/?#\s]+)")
QUERY_MAX = 600


def _departments(user: User) -> list[Department]:
    departments = list(Department.objects.filter(pk__in=staff_departments(user, PERMISSION)))
    if not departments:
        raise PermissionDenied("只有办件部门的工作人员可以核验证照。")
    return departments


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = staff_member(request)
    departments = _departments(user)
    chosen = next((d for d in departments if str(d.pk) == request.POST.get("department")), departments[0])
    query = request.POST.get("query", "").strip()[:QUERY_MAX]
    context = {
        "departments": departments,
        "department": chosen,
        "query": query,
        "grants": [(grant, grants.state_of(grant)) for grant in grants.grants_for(user, None)[:50]],
    }
    if request.method == "GET":
        return render(request, "workbench/licence_verify.html", context)
    ip_address = client_address(request)
    try:
        licence, showing = _find(query, user, chosen, ip_address)
    except showings.ShowingRefused as error:
        context["problem"] = str(error)
        return render(request, "workbench/licence_verify.html", context, status=error.status)
    context.update({"showing": showing, **verification_context(licence)})
    return render(request, "workbench/licence_verify.html", context)


def _find(
    query: str, user: User, department: Department, ip_address: str | None
) -> tuple[Licence, showings.LicenceShowing | None]:
    """What the clerk entered: a scanned 亮证 address or token, a short code, or a licence identifier (or its verify
    address)."""
    if not query:
        raise showings.ShowingRefused("请扫描亮证二维码，或输入亮证码、电子证照标识。", status=400)
    shown = SHOWN_PATH.search(query)
    if shown or (":" in query and " " not in query and "/" not in query):
        token = shown.group(1) if shown else query
        showing, _view = showings.open_showing(token=token, viewer=user, department=department, ip_address=ip_address)
        return showing.licence, showing
    if tokens.looks_like_code(query):
        showing, _view = showings.open_showing_by_code(
            code=query, clerk=user, department=department, ip_address=ip_address
        )
        return showing.licence, showing
    verify_path = VERIFY_PATH.search(query)
    identifier = verify_path.group(1) if verify_path else query
    licence = Licence.objects.select_related("licence_type").filter(identifier=identifier).first()
    if not is_identifier(identifier) or licence is None:
        raise showings.ShowingRefused("没有找到该证照：请检查亮证码或电子证照标识。", status=404)
    audit.record(
        actor=user,
        action="licences.verify_by_staff",
        target=licence,
        detail={"department": department.pk},
        ip_address=ip_address,
    )
    return licence, None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, grant_id: int) -> HttpResponse:
    """A grant made to one of the clerk's departments: GET says what opening it means, POST opens it (once)."""
    user = staff_member(request)
    found = grants.get_grant_for_grantee(user, None, grant_id)
    if request.method == "GET":
        state = grants.state_of(found)
        return render(request, "portal/licences/granted.html", {"grant": found, "state": state, "opened": False})
    try:
        used = grants.use_grant(grant=found, user=user)
    except grants.GrantRefused as error:
        return refusal(request, str(error), error.status)
    document_url = reverse("workbench:licence_grant_document", args=[used.pk])
    context = {"grant": used, "opened": True, "document_url": document_url, **verification_context(used.licence)}
    return render(request, "portal/licences/granted.html", context)


@login_required
@require_safe
def grant_document(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = staff_member(request)
    found = grants.get_grant_for_grantee(user, None, grant_id)
    if not grants.may_download(found, user):
        return refusal(request, "请先在授权页面打开证照；打开后数分钟内可下载证照文件。", 410)
    return document_response(request, user, found.licence, copy=HOLDER_COPY, grant=found)
