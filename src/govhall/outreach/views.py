"""Pages of the targeted outreach, for staff holding `supervision.view` (starting a campaign needs
`supervision.escalate`): the candidates list, starting a campaign with a preview of the message, the campaigns and one
campaign with its people and conversion. Names and phones are shown masked; every page that shows people is audited."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from govhall.accounts.models import User
from govhall.core import audit
from govhall.core.bounds import page_number, whole_number
from govhall.organisations.access import staff_can
from govhall.outreach import selectors, services
from govhall.outreach.access import campaigns_for_user, get_campaign_for_user, items_in_scope, outreach_scope
from govhall.outreach.constants import RECONTACT_DAYS
from govhall.outreach.forms import CampaignForm, CandidateFilterForm, PeriodForm, default_period


def _supervision(request: HttpRequest, permission: str = "supervision.view") -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member or not staff_can(user, permission):
        raise PermissionDenied("您的岗位无权使用引导网办。")
    return user


def _channel(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


MAX_PAGE = 10_000


def _page_number(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 1


@login_required
@require_safe
def candidates(request: HttpRequest) -> HttpResponse:
    user = _supervision(request)
    default = default_period()
    data = request.GET if "start" in request.GET else {"start": default.start, "end": default.end}
    scope = outreach_scope(user)
    form = CandidateFilterForm(data, departments=scope)
    context: dict[str, Any] = {
        "form": form,
        "may_start": staff_can(user, "supervision.escalate"),
        "recontact_days": RECONTACT_DAYS,
    }
    if not form.is_valid():
        return render(request, "outreach/candidates.html", context, status=400)
    period = form.period()
    department = form.cleaned_data["department"]
    item = form.cleaned_data["item"]
    items = [item] if item is not None else form.items_in_scope()
    page = _page_number(form.cleaned_data["page"])
    found = selectors.summary(period, items=items, department=department)
    rows = selectors.candidate_page(period, items=items, department=department, page=page)
    audit.record(
        actor=user,
        action="outreach.view_candidates",
        channel=_channel(request),
        detail={
            "period": [period.start.isoformat(), period.end.isoformat()],
            "department": department.pk if department else None,
            "item": item.pk if item else None,
            "page": page,
            "people": [row.person_id for row in rows],
            "masked": True,
        },
    )
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if department:
        query["department"] = str(department.pk)
    if item:
        query["item"] = str(item.pk)
    pages = max(1, -(-found.people // selectors.PAGE_SIZE))
    context |= {
        "period": period,
        "summary": found,
        "rows": rows,
        "page": page,
        "pages": pages,
        "previous_url": f"?{urlencode(query | {'page': page - 1})}" if page > 1 else "",
        "next_url": f"?{urlencode(query | {'page': page + 1})}" if page < pages else "",
        "start_query": urlencode({k: v for k, v in query.items() if k != "department"}),
    }
    return render(request, "outreach/candidates.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user = _supervision(request, "supervision.escalate")
    source = request.POST if request.method == "POST" else request.GET
    period_form = PeriodForm(source)
    period = period_form.period() if period_form.is_valid() else default_period()
    if request.method == "POST":
        form = CampaignForm(request.POST, period=period, departments=outreach_scope(user, "supervision.escalate"))
    else:
        choices = form_items = items_in_scope(
            selectors.candidate_items(period), outreach_scope(user, "supervision.escalate")
        )
        wanted = whole_number(source.get("item", ""))
        if wanted is not None:
            form_items = choices.filter(pk=wanted) or choices
        form = CampaignForm(
            initial={"start": period.start, "end": period.end, "items": list(form_items)},
            period=period,
            departments=outreach_scope(user, "supervision.escalate"),
        )
    context: dict[str, Any] = {"form": form, "period": period}
    if request.method == "POST" and form.is_valid():
        items = list(form.cleaned_data["items"])
        if request.POST.get("action") == "send":
            try:
                campaign = services.start_campaign(
                    actor=user,
                    items=items,
                    period=form.period(),
                    message=form.cleaned_data["message"],
                    holdout_percent=form.cleaned_data["holdout_percent"],
                    channel=_channel(request),
                )
            except services.OutreachError as error:
                context["problem"] = str(error)
                return render(request, "outreach/start.html", context, status=400)
            return redirect("outreach:campaign", campaign_id=campaign.pk)
        found = selectors.summary(form.period(), items=items)
        held = found.people * form.cleaned_data["holdout_percent"] // 100
        context |= {
            "preview": services.notice_for(form.cleaned_data["message"], items),
            "summary": found,
            "to_tell": found.people - held,
            "held": held,
        }
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "outreach/start.html", context, status=status)


@login_required
@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _supervision(request)
    rows = [(campaign, selectors.conversion(campaign)) for campaign in campaigns_for_user(user)[:100]]
    return render(request, "outreach/campaigns.html", {"rows": rows})


@login_required
@require_safe
def campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = _supervision(request)
    found = get_campaign_for_user(user, campaign_id)
    asked = request.GET.get("page", "")
    page = page_number(asked, maximum=MAX_PAGE)
    result = selectors.conversion(found)
    rows = selectors.contact_page(found, page=page)
    audit.record(
        actor=user,
        action="outreach.view_campaign",
        channel=_channel(request),
        target=found,
        detail={"page": page, "people": [row.person_id for row in rows], "masked": True},
    )
    total = result.contacted.people + result.baseline.people + result.pending
    pages = max(1, -(-total // selectors.PAGE_SIZE))
    context = {
        "campaign": found,
        "items": list(found.items.order_by("name")),
        "conversion": result,
        "rows": rows,
        "page": page,
        "previous_url": f"?page={page - 1}" if page > 1 else "",
        "next_url": f"?page={page + 1}" if page < pages else "",
        "pages": pages,
    }
    return render(request, "outreach/campaign.html", context)
