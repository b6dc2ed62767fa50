"""Reads of 免申即享 for the pages."""

from django.db.models import QuerySet

from govhall.accounts.models import User
from govhall.entitlements.models import BenefitOffer, BenefitPolicy


def offers_of(person: User) -> QuerySet[BenefitOffer]:
    return BenefitOffer.objects.filter(person=person).select_related("policy", "case").order_by("-offered_at", "-pk")


def offer_for(person: User, offer_id: int) -> BenefitOffer | None:
    """The person's own offer (never by id alone)."""
    return offers_of(person).filter(pk=offer_id).first()


def open_policies(person: User) -> QuerySet[BenefitPolicy]:
    """Active policies the person has not been offered nor opted out of (they may opt out in advance)."""
    return BenefitPolicy.objects.filter(active=True).exclude(offers__person=person).order_by("code")
