"""Reads of the targeted outreach: who came to a window for an item that can be done fully online (the candidates), and
how many of a campaign's people then applied online (the conversion), against the held-out baseline."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.models import Case
from govhall.catalog.constants import OnlineLevel
from govhall.catalog.models import Item
from govhall.core.constants import Channel
from govhall.core.crypto import mask_name
from govhall.organisations.models import Department
from govhall.outreach.constants import ONLINE_CHANNELS, RECONTACT_DAYS, ContactGroup
from govhall.outreach.models import Campaign, Contact

PAGE_SIZE = 50


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included, in the local time zone."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return first, after


def fully_online_items() -> QuerySet[Item]:
    """Items the catalog marks 全程网办 (online level Ⅳ: every stage online, no visit)."""
    return Item.objects.filter(online_level=OnlineLevel.IV).order_by("name", "pk")


def outreach_departments() -> QuerySet[Department]:
    return Department.objects.filter(Exists(fully_online_items().filter(department=OuterRef("pk")))).order_by(
        "order", "name"
    )


def window_cases(
    period: Period, *, items: Iterable[Item] | None = None, department: Department | None = None
) -> QuerySet[Case]:
    """Cases filed at a hall window within the period for items that can be done fully online."""
    first, after = period.bounds()
    cases = Case.objects.filter(
        channel=Channel.WINDOW,
        submitted_at__gte=first,
        submitted_at__lt=after,
        item__online_level=OnlineLevel.IV,
    )
    if items is not None:
        cases = cases.filter(item__in=list(items))
    if department is not None:
        cases = cases.filter(item__department=department)
    return cases.order_by()


def _recently_included(now: datetime) -> Exists:
    """The case's applicant was in a campaign (told or held out) for the case's item within RECONTACT_DAYS."""
    return Exists(
        Contact.objects.filter(
            person=OuterRef("applicant"),
            items=OuterRef("item"),
            campaign__started_at__gte=now - timedelta(days=RECONTACT_DAYS),
        )
    )


def candidate_cases(
    period: Period,
    *,
    items: Iterable[Item] | None = None,
    department: Department | None = None,
    now: datetime | None = None,
) -> QuerySet[Case]:
    """The window cases whose applicant has not been included in a campaign for that item recently."""
    return window_cases(period, items=items, department=department).exclude(_recently_included(now or timezone.now()))


@dataclass(frozen=True)
class Summary:
    people: int
    cases: int
    items: int
    excluded_people: int  # left out for at least one item: included in a campaign for it recently


def summary(
    period: Period,
    *,
    items: Iterable[Item] | None = None,
    department: Department | None = None,
    now: datetime | None = None,
) -> Summary:
    now = now or timezone.now()
    items = list(items) if items is not None else None
    counts = candidate_cases(period, items=items, department=department, now=now).aggregate(
        people=Count("applicant", distinct=True), cases=Count("pk"), items=Count("item", distinct=True)
    )
    excluded = (
        window_cases(period, items=items, department=department)
        .filter(_recently_included(now))
        .aggregate(people=Count("applicant", distinct=True))["people"]
    )
    return Summary(people=counts["people"], cases=counts["cases"], items=counts["items"], excluded_people=excluded)


@dataclass(frozen=True)
class CandidateRow:
    """One person on the candidates list; name and phone masked."""

    person_id: int
    name: str
    phone: str
    items: list[str]
    cases: int
    last_visit: datetime


def _masked(user: User) -> tuple[str, str]:
    profile = getattr(user, "person", None)
    name = mask_name(profile.real_name) if profile is not None else mask_name(user.get_full_name() or "")
    return name or "—", user.masked_phone or "—"


def candidate_page(
    period: Period,
    *,
    items: Iterable[Item] | None = None,
    department: Department | None = None,
    page: int = 1,
    now: datetime | None = None,
) -> list[CandidateRow]:
    """One page of candidates, the most recent window visit first: three queries whatever the page size."""
    cases = candidate_cases(period, items=items, department=department, now=now)
    offset = (max(page, 1) - 1) * PAGE_SIZE
    grouped = list(
        cases.values("applicant_id")
        .annotate(cases=Count("pk"), last=Max("submitted_at"))
        .order_by("-last", "applicant_id")[offset : offset + PAGE_SIZE]
    )
    ids = [row["applicant_id"] for row in grouped]
    names: dict[int, list[str]] = defaultdict(list)
    pairs = cases.filter(applicant_id__in=ids).values_list("applicant_id", "item__name").distinct()
    for person_id, item_name in sorted(pairs, key=lambda pair: (pair[0], pair[1])):
        names[person_id].append(item_name)
    people = User.objects.select_related("person").in_bulk(ids)
    rows = []
    for row in grouped:
        name, phone = _masked(people[row["applicant_id"]])
        rows.append(
            CandidateRow(
                person_id=row["applicant_id"],
                name=name,
                phone=phone,
                items=names[row["applicant_id"]],
                cases=row["cases"],
                last_visit=row["last"],
            )
        )
    return rows


def candidate_items(period: Period, *, now: datetime | None = None) -> QuerySet[Item]:
    """The fully-online items that have candidates in the period (the choices of a new campaign)."""
    cases = candidate_cases(period, now=now)
    return fully_online_items().filter(Exists(cases.filter(item=OuterRef("pk"))))


def candidate_pairs(period: Period, *, items: Iterable[Item], now: datetime | None = None) -> dict[int, dict[int, int]]:
    """Every candidate of the items in the period: person id → {item id: number of window cases}."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        candidate_cases(period, items=items, now=now)
        .values("applicant_id", "item_id")
        .annotate(cases=Count("pk"))
        .order_by("applicant_id", "item_id")
    )
    for row in rows:
        found[row["applicant_id"]][row["item_id"]] = row["cases"]
    return dict(found)


# --- measurement -----------------------------------------------------------------------------------------------------


def _online_applications(campaign: Campaign) -> QuerySet[Case]:
    """Online applications (web or mobile) for any of the campaign's items by the contact's person, made after the
    person was told — or, for the held-out baseline, after the campaign started."""
    item_ids = [item.pk for item in campaign.items.all()]
    return Case.objects.filter(
        applicant=OuterRef("person"),
        item_id__in=item_ids,
        channel__in=ONLINE_CHANNELS,
        submitted_at__isnull=False,
        submitted_at__gte=Coalesce(OuterRef("sent_at"), OuterRef("campaign__started_at")),
    )


@dataclass(frozen=True)
class GroupConversion:
    people: int
    applied_online: int

    @property
    def rate(self) -> float | None:
        """Percentage, one decimal; None when the group is empty."""
        return round(100 * self.applied_online / self.people, 1) if self.people else None


@dataclass(frozen=True)
class Conversion:
    contacted: GroupConversion  # told: the notice reached their inbox
    baseline: GroupConversion  # held out, not told
    pending: int  # to be told: the sending has not reached them yet

    @property
    def lift(self) -> float | None:
        """Percentage points the told group's rate is above the baseline's."""
        if self.contacted.rate is None or self.baseline.rate is None:
            return None
        return round(self.contacted.rate - self.baseline.rate, 1)


def conversion(campaign: Campaign) -> Conversion:
    """How many of the campaign's people applied online for one of its items after being told, against the baseline."""
    contacts = Contact.objects.filter(campaign=campaign).annotate(applied=Exists(_online_applications(campaign)))
    counts = contacts.aggregate(
        told=Count("pk", filter=Q(group=ContactGroup.CONTACTED, sent_at__isnull=False)),
        told_applied=Count("pk", filter=Q(group=ContactGroup.CONTACTED, sent_at__isnull=False, applied=True)),
        held=Count("pk", filter=Q(group=ContactGroup.HOLDOUT)),
        held_applied=Count("pk", filter=Q(group=ContactGroup.HOLDOUT, applied=True)),
        pending=Count("pk", filter=Q(group=ContactGroup.CONTACTED, sent_at__isnull=True)),
    )
    return Conversion(
        contacted=GroupConversion(people=counts["told"], applied_online=counts["told_applied"]),
        baseline=GroupConversion(people=counts["held"], applied_online=counts["held_applied"]),
        pending=counts["pending"],
    )


@dataclass(frozen=True)
class ContactRow:
    person_id: int
    name: str
    phone: str
    group: str
    group_label: str
    items: list[str]
    window_cases: int
    sent_at: datetime | None
    channels: list[str]
    applied_online_at: datetime | None


CHANNEL_LABELS = {"inbox": "站内消息", "sms": "短信", "email": "电子邮件"}


def contact_page(campaign: Campaign, *, page: int = 1) -> list[ContactRow]:
    offset = (max(page, 1) - 1) * PAGE_SIZE
    first_online = Subquery(_online_applications(campaign).order_by("submitted_at").values("submitted_at")[:1])
    contacts = (
        Contact.objects.filter(campaign=campaign)
        .select_related("person__person")
        .prefetch_related("items")
        .annotate(applied_online_at=first_online)
        .order_by("group", "pk")[offset : offset + PAGE_SIZE]
    )
    rows = []
    for contact in contacts:
        name, phone = _masked(contact.person)
        rows.append(
            ContactRow(
                person_id=contact.person_id,
                name=name,
                phone=phone,
                group=contact.group,
                group_label=contact.get_group_display(),
                items=sorted(item.name for item in contact.items.all()),
                window_cases=contact.window_cases,
                sent_at=contact.sent_at,
                channels=[CHANNEL_LABELS.get(c, c) for c in contact.channels.split(",") if c],
                applied_online_at=contact.applied_online_at,
            )
        )
    return rows


def campaigns() -> QuerySet[Campaign]:
    return (
        Campaign.objects.select_related("started_by")
        .prefetch_related("items")
        .annotate(
            told=Count("contacts", filter=Q(contacts__group=ContactGroup.CONTACTED)),
            held=Count("contacts", filter=Q(contacts__group=ContactGroup.HOLDOUT)),
        )
    )
