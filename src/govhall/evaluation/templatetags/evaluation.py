"""Small pieces other apps' templates include (one-line insertions there):

- {% rating_panel case %} on the applicant's case page: the rating form when the case may be rated, or the rating given
  with its rectification, the department's reply and the satisfied / not satisfied answer;
- {% window_rating case %} on the workbench case page: 请评价 (shows the case on the window's rating screen) and the
  rating given;
- {% evaluation_links %} on the workbench: rectifications, the rating screen, appeals and moderation by role;
- {% public_comments item %} on the guide page: moderated comments that count (no upheld appeal)."""

from typing import Any

from django import template

from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.core.constants import Channel
from govhall.evaluation import access, services
from govhall.evaluation.constants import ONLINE_CHANNELS, BadReason, Level, Moderation, aspects_for
from govhall.evaluation.models import Rating, Rectification
from govhall.organisations.access import staff_can

register = template.Library()

LEVELS = [(value, label) for value, label in Level.choices]


def rating_form_context(channel: str) -> dict[str, Any]:
    return {
        "levels": LEVELS,
        "aspects": aspects_for(channel),
        "comment_max": services.COMMENT_MAX,
        "bad_reasons": BadReason.choices,
    }


def _rating_of(case: Case) -> Rating | None:
    return Rating.objects.select_related("rectification", "appeal").filter(case=case).first()


@register.inclusion_tag("evaluation/_rating_panel.html", takes_context=True)
def rating_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    is_applicant = user is not None and user.pk == case.applicant_id
    rating = _rating_of(case)
    channel = getattr(request, "channel", Channel.WEB)
    channel = channel if channel in ONLINE_CHANNELS else Channel.WEB
    problem = services.why_not_rateable(case) if rating is None else None
    concluded = case.state in services.RATEABLE_STATES
    return {
        "case": case,
        "rating": rating,
        "rectification": getattr(rating, "rectification", None) if rating else None,
        "may_rate": is_applicant and rating is None and problem is None,
        "closed_reason": problem if is_applicant and concluded and rating is None else "",
        "is_rater": rating is not None and is_applicant,
        "deadline": services.rating_deadline(case),
        "csrf_token": context.get("csrf_token"),
        "request": request,
        **rating_form_context(channel),
    }


@register.inclusion_tag("evaluation/_window_rating.html", takes_context=True)
def window_rating(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    rating = _rating_of(case)
    may_request = (
        rating is None
        and user is not None
        and staff_can(user, "cases.receive", case.department)
        and services.why_not_rateable(case) is None
    )
    return {
        "case": case,
        "rating": rating,
        "may_request": may_request,
        "shown": case.concluded_at is not None or rating is not None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("evaluation/_links.html", takes_context=True)
def evaluation_links(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_staff_member", False):
        return {"show": False}
    open_count = access.rectifications_for(user).filter(replied_at__isnull=True).count()
    return {
        "show": True,
        "open_count": open_count,
        "clerk": staff_can(user, "cases.receive"),
        "supervisor": access.may_supervise(user),
    }


@register.inclusion_tag("evaluation/_public_comments.html")
def public_comments(item: Item) -> dict[str, Any]:
    shown = Rating.objects.filter(item=item, moderation=Moderation.APPROVED, excluded=False).order_by("-created_at")
    return {"comments": list(shown.only("score", "public_comment", "created_at", "channel")[:10])}


@register.filter
def stars(score: int) -> str:
    value = int(score or 0)
    return "★" * value + "☆" * (5 - value)


@register.filter
def overdue(rectification: Rectification) -> bool:
    return rectification.is_overdue()
