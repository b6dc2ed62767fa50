"""检索分析 on the workbench: for catalog managers, the queries that found nothing or that nobody opened, with
one-click "add as alias" / "add as synonym" (each audited through the catalog services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.catalog import services
from govhall.catalog.models import Item
from govhall.catalog.search_report import unanswered_queries
from govhall.organisations.access import staff_can, staff_departments
from govhall.workbench.forms import AliasForm, SynonymForm
from govhall.workbench.tools import SEARCH_REPORT_PERMISSION

PERMISSION = SEARCH_REPORT_PERMISSION


def _catalog_manager(request: HttpRequest) -> User:
    user = staff_member(request)
    if not staff_can(user, PERMISSION):
        raise PermissionDenied(_("检索分析仅供事项目录管理人员使用。"))
    return user


@login_required
@require_safe
def search_report(request: HttpRequest) -> HttpResponse:
    user = _catalog_manager(request)
    departments = set(staff_departments(user, PERMISSION))
    context = {"rows": unanswered_queries(), "departments": departments}
    return render(request, "workbench/search_report.html", context)


@login_required
@require_POST
def add_alias(request: HttpRequest) -> HttpResponse:
    user = _catalog_manager(request)
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("别名有误：") + "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("workbench:search_report")
    # Aliases are part of the item: only items of the manager's own departments.
    item = Item.objects.filter(
        implementation_code=form.cleaned_data["item"],
        department_id__in=staff_departments(user, PERMISSION),
    ).first()
    if item is None:
        messages.error(request, _("没有该事项，或该事项不属于您管理的部门。"))
        return redirect("workbench:search_report")
    try:
        services.add_alias(item=item, alias=form.cleaned_data["alias"], actor=user, channel=_channel(request))
    except services.GuideError as error:
        messages.error(request, "；".join(error.problems))
    else:
        messages.success(
            request,
            _("已将“%(alias)s”加为“%(item)s”的别名。") % {"alias": form.cleaned_data["alias"], "item": item.name},
        )
    return redirect("workbench:search_report")


@login_required
@require_POST
def add_synonym(request: HttpRequest) -> HttpResponse:
    user = _catalog_manager(request)
    form = SynonymForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("同义词有误：") + "；".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect("workbench:search_report")
    try:
        services.add_synonym(
            term=form.cleaned_data["term"],
            expansion=form.cleaned_data["expansion"],
            actor=user,
            channel=_channel(request),
        )
    except services.GuideError as error:
        messages.error(request, "；".join(error.problems))
    else:
        messages.success(
            request,
            _("已添加同义词：“%(term)s”也检索“%(expansion)s”。")
            % {"term": form.cleaned_data["term"], "expansion": form.cleaned_data["expansion"]},
        )
    return redirect("workbench:search_report")


def _channel(request: HttpRequest) -> str:
    return str(getattr(request, "channel", "web"))
