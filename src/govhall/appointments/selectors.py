"""Reads for the appointment pages and API: a hall named by its code or id, an item by its implementation code, a
person's appointments, a hall's appointments of a day for its staff."""

from datetime import date

from django.db.models import QuerySet

from govhall.accounts.models import User
from govhall.appointments.models import Appointment
from govhall.catalog.models import Item
from govhall.core.bounds import DB_ID_MAX
from govhall.organisations.models import Hall


def hall_by_reference(reference: str) -> Hall | None:
    """The open hall whose code (case-insensitive) or id is `reference`, as /api/v1/catalog/halls lists them."""
    reference = reference.strip()[:20]
    halls = Hall.objects.filter(is_open=True).prefetch_related("sessions")
    if reference.isascii() and reference.isdigit():
        return halls.filter(pk=int(reference)).first() if 0 < int(reference) <= DB_ID_MAX else None
    return halls.filter(code=reference.upper()).first()


def item_by_code(code: str) -> Item | None:
    return Item.objects.select_related("current_version").filter(implementation_code=code.strip()[:80]).first()


def appointments_of(account: User) -> QuerySet[Appointment]:
    """A person's appointments, the coming ones first, then the past ones, newest first."""
    return (
        Appointment.objects.filter(account=account)
        .select_related("hall", "group", "item", "case")
        .order_by("-day", "-start", "-pk")
    )


def get_appointment_for_user(account: User, code: str) -> Appointment | None:
    """One of the person's own appointments by its 预约码 (never by code alone)."""
    return appointments_of(account).filter(code=code.strip().upper()[:12]).first()


def hall_day(hall: Hall, day: date) -> QuerySet[Appointment]:
    """A hall's appointments of a day, by slot, for its staff."""
    return (
        Appointment.objects.filter(hall=hall, day=day)
        .select_related("group", "item", "account")
        .order_by("start", "group__order", "pk")
    )
