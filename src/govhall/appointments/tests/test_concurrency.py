"""The last free place under concurrency (PostgreSQL: SQLite serialises the writers): several people booking the last
place of a slot at once get it once; the same person booking the same item twice at once in two halls' groups keeps
one live booking."""

import threading
from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from django.db import connection

from govhall.accounts.tests.factories import person
from govhall.appointments import booking
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError
from govhall.appointments.tests.factories import bookable_hall, bookable_item, next_weekday

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="writers at once need PostgreSQL (SQLite serialises them)"
)


def together(works: list[Callable[[], Any]]) -> list[Any]:
    start, answers = threading.Barrier(len(works)), []

    def run(work: Callable[[], Any]) -> None:
        try:
            start.wait()
            answers.append(work())
        except AppointmentError as error:
            answers.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_four_people_and_one_last_place():
    item = bookable_item()
    hall, group = bookable_hall(item, capacity=2)
    day = next_weekday()
    booking.book(account=person("first"), hall=hall, item=item, day=day, start=time(9))
    people = [person(f"p{n}", number=n) for n in range(1, 5)]

    def booker(account: Any) -> Callable[[], Any]:
        return lambda: booking.book(account=account, hall=hall, item=item, day=day, start=time(9))

    answers = together([booker(account) for account in people])
    won = [answer for answer in answers if isinstance(answer, Appointment)]
    assert len(won) == 1 and all("已约满" in str(answer) for answer in answers if answer not in won)
    assert Appointment.objects.filter(group=group, day=day, start=time(9)).count() == 2


@pytest.mark.django_db(transaction=True)
def test_one_person_twice_at_once_in_two_halls_keeps_one_booking():
    item = bookable_item()
    first, _ = bookable_hall(item)
    second, _ = bookable_hall(item)
    alice, day = person("alice"), next_weekday()
    answers = together(
        [
            lambda hall=hall: booking.book(account=alice, hall=hall, item=item, day=day, start=time(9))
            for hall in (first, second)
        ]
    )
    assert sum(isinstance(answer, Appointment) for answer in answers) == 1
    assert Appointment.objects.filter(account=alice, state=AppointmentState.BOOKED).count() == 1
