"""Writes of the targeted outreach: starting a campaign (the supervisor's act, audited) and the notice each person
gets. The sending itself runs in the task worker after the campaign is committed (outreach.notices)."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.models import User
from govhall.catalog.constants import OnlineLevel
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.outbox import enqueue
from govhall.organisations.access import staff_scope
from govhall.outreach import selectors
from govhall.outreach.constants import MAX_HOLDOUT_PERCENT, MESSAGE_MAX_LENGTH, ContactGroup
from govhall.outreach.models import Campaign, Contact


class OutreachError(Exception):
    """A campaign that cannot be started, with the reason to show."""


@dataclass(frozen=True)
class Notice:
    title: str
    body: str


def notice_for(message: str, items: list[Item]) -> Notice:
    """The notice one person gets: the campaign's message, then each of their items with its guide and 在线申报 links
    (full addresses, so they work from an SMS too)."""
    names = "、".join(item.name for item in items)
    lines = [message.strip()]
    for item in items:
        code = item.implementation_code
        guide = f"{settings.SITE_URL}{reverse('portal:guide', args=[code])}"
        apply = f"{settings.SITE_URL}{reverse('cases:apply', args=[code])}"
        lines.append(f"{item.name}：办事指南 {guide} ，在线申报 {apply}")
    return Notice(title=f"【引导网办】{names}可全程网办"[:200], body="\n".join(lines))


def holdout_order(campaign_id: int, person_id: int) -> str:
    """A stable, unguessable order of a campaign's people; the first ones are held out as the baseline."""
    return hashlib.sha256(f"outreach:{campaign_id}:{person_id}".encode()).hexdigest()


@transaction.atomic
def start_campaign(
    *,
    actor: User,
    items: list[Item],
    period: selectors.Period,
    message: str,
    holdout_percent: int,
    channel: str,
) -> Campaign:
    """Start a campaign for the items: everyone who filed one of them at a window in the period and has not been in a
    campaign for it recently is included; `holdout_percent` of them (at random, reproducibly) are held out unreached
    as the baseline, the others are told once the campaign is committed."""
    scope = staff_scope(actor, "supervision.escalate")
    if scope == []:
        raise OutreachError("只有效能监察人员可以发起引导网办。")
    if scope is not None and any(item.department_id not in scope for item in items):
        raise OutreachError("只能为您监察的部门的事项发起引导网办。")
    message = message.strip()
    if not message:
        raise OutreachError("请填写引导内容。")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise OutreachError(f"引导内容不能超过 {MESSAGE_MAX_LENGTH} 字。")
    if not 0 <= holdout_percent <= MAX_HOLDOUT_PERCENT:
        raise OutreachError(f"对照组比例应在 0 到 {MAX_HOLDOUT_PERCENT} 之间。")
    if period.start > period.end:
        raise OutreachError("起始日期不能晚于截止日期。")
    if period.end > timezone.localdate():
        raise OutreachError("截止日期不能晚于今天。")
    if not items:
        raise OutreachError("请至少选择一个事项。")
    # Lock the items: two campaigns started at once for the same item do not both take the same people.
    locked = list(Item.objects.select_for_update().filter(pk__in=[item.pk for item in items]).order_by("pk"))
    if any(item.online_level != OnlineLevel.IV for item in locked):
        raise OutreachError("只能引导全程网办的事项。")
    pairs = selectors.candidate_pairs(period, items=locked)
    if not pairs:
        raise OutreachError("所选事项和期间内没有需要引导的办事人。")
    campaign = Campaign.objects.create(
        started_by=actor,
        period_start=period.start,
        period_end=period.end,
        message=message,
        holdout_percent=holdout_percent,
    )
    campaign.items.set(locked)
    people = sorted(pairs, key=lambda person_id: holdout_order(campaign.pk, person_id))
    held = len(people) * holdout_percent // 100
    contacts = Contact.objects.bulk_create(
        Contact(
            campaign=campaign,
            person_id=person_id,
            group=ContactGroup.HOLDOUT if index < held else ContactGroup.CONTACTED,
            window_cases=sum(pairs[person_id].values()),
        )
        for index, person_id in enumerate(people)
    )
    through = Contact.items.through
    through.objects.bulk_create(
        through(contact_id=contact.pk, item_id=item_id) for contact in contacts for item_id in pairs[contact.person_id]
    )
    detail: dict[str, Any] = {
        "items": [item.pk for item in locked],
        "period": [period.start.isoformat(), period.end.isoformat()],
        "contacted": len(people) - held,
        "holdout": held,
    }
    audit.record(actor=actor, action="outreach.start_campaign", channel=channel, target=campaign, detail=detail)
    from govhall.outreach.notices import send_campaign

    enqueue(send_campaign, campaign.pk)  # in this transaction: the queue is the outbox
    return campaign
