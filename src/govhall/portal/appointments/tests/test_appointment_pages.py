"""The person's appointment pages: book from the guide (hall → date → slot with plain GET forms, then POST), the
confirmation with the 预约码 and QR code, 我的预约 with cancel and reschedule, the case page's link; only one's own (an agent whose authorisation has expired reaches neither the enterprise's case
nor its booking)."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from govhall.accounts.models import Authorisation
from govhall.accounts.tests.factories import authorise, organisation, person
from govhall.appointments import booking
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.cases.tests.factories import submitted_case
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_guide_links_to_booking_and_the_chooser_walks_hall_date_slot():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice = person("alice")
    client = signed_in(alice)
    assert f"/appointments/book/{item.implementation_code}/" in client.get(item.get_absolute_url()).content.decode()
    url = f"/appointments/book/{item.implementation_code}/"
    page = client.get(url).content.decode()  # the only hall is chosen already: its days are listed
    assert hall.name in page and "2. 选择日期" in page and "3. 选择时段" not in page
    day = next_weekday()
    page = client.get(url, {"hall": hall.code, "date": f"{day:%Y-%m-%d}"}).content.decode()
    assert 'value="09:00"' in page and "余 2 个" in page
    answer = client.post(url, {"hall": hall.code, "date": f"{day:%Y-%m-%d}", "start": "09:00"})
    appointment = Appointment.objects.get(account=alice)
    assert answer.status_code == 302 and answer["Location"] == f"/appointments/{appointment.code}/"
    page = client.get(answer["Location"]).content.decode()
    assert appointment.code in page and "data:image/svg+xml" in page and "预约成功" in page
    assert AuditEvent.objects.filter(action="appointments.view", actor=alice).exists()


def test_a_full_slot_or_missing_choice_answers_400_with_the_reason():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    day = next_weekday()
    booked(person("bob", number=1), hall, item, day=day)
    client = signed_in(person("alice"))
    url = f"/appointments/book/{item.implementation_code}/"
    answer = client.post(url, {"hall": hall.code, "date": f"{day:%Y-%m-%d}", "start": "09:00"})
    assert answer.status_code == 400 and "已约满" in answer.content.decode()
    answer = client.post(url, {"hall": hall.code, "date": "bad"})
    assert answer.status_code == 400 and "请选择大厅、日期和时段" in answer.content.decode()


def test_my_appointments_cancel_and_reschedule():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice = person("alice")
    appointment = booked(alice, hall, item)
    client = signed_in(alice)
    page = client.get("/appointments/").content.decode()
    assert appointment.code in page and "取消预约" in page and "改约" in page
    page = client.get(f"/appointments/{appointment.code}/reschedule/").content.decode()
    assert "原预约" in page and "2. 选择日期" in page
    answer = client.post(
        f"/appointments/{appointment.code}/reschedule/",
        {"hall": hall.code, "date": f"{appointment.day:%Y-%m-%d}", "start": "10:00"},
    )
    moved = Appointment.objects.get(account=alice, state=AppointmentState.BOOKED)
    assert answer.status_code == 302 and moved.start == time(10)
    answer = client.post(f"/appointments/{moved.code}/cancel/")
    assert answer.status_code == 302 and not Appointment.objects.filter(state=AppointmentState.BOOKED).exists()


def test_someone_elses_appointment_is_not_found():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    appointment = booked(person("alice"), hall, item)
    client = signed_in(person("bob", number=1))
    assert client.get(f"/appointments/{appointment.code}/").status_code == 404
    assert client.post(f"/appointments/{appointment.code}/cancel/").status_code == 404
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.BOOKED


def test_pages_need_an_account():
    assert Client().get("/appointments/").status_code == 302


def test_an_item_that_cannot_be_booked_has_no_chooser():
    from govhall.catalog.tests.factories import published_item

    item = published_item()
    assert signed_in(person("alice")).get(f"/appointments/book/{item.implementation_code}/").status_code == 404


def test_an_open_case_of_a_bookable_item_links_to_booking_and_shows_its_appointment():
    from govhall.cases.tests.factories import submitted_case

    item = bookable_item()
    hall, _group = bookable_hall(item)
    case = submitted_case(item=item)
    client = signed_in(case.applicant)
    page = client.get(f"/cases/{case.number}/").content.decode()
    link = f"/appointments/book/{item.implementation_code}/?case={case.number}"
    assert link in page
    day = next_weekday()
    answer = client.post(link, {"hall": hall.code, "date": f"{day:%Y-%m-%d}", "start": "09:00", "case": case.number})
    assert answer.status_code == 302
    appointment = Appointment.objects.get(case=case)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert appointment.code in page and link not in page  # booked: the link gives way to the appointment
    other = signed_in(person("mallory", number=3))
    refused = other.post(link, {"hall": hall.code, "date": f"{day:%Y-%m-%d}", "start": "10:00", "case": case.number})
    assert refused.status_code == 404  # someone else's case


def test_my_appointments_are_linked_from_my_cases_and_my_account():
    client = signed_in(person("alice"))
    assert 'href="/appointments/"' in client.get("/cases/mine/").content.decode()
    assert 'href="/appointments/"' in client.get("/accounts/me/").content.decode()


def test_an_agent_whose_authorisation_has_expired_can_neither_book_for_nor_see_the_enterprises_booking():
    owner, agent = person("owner", number=2), person("agent", number=3)
    org = organisation(owner)
    grant = authorise(org, agent, all_items=True)
    item = bookable_item()
    hall, _group = bookable_hall(item)
    case = submitted_case(applicant=owner, item=item, organisation=org)
    theirs = booking.book(account=owner, hall=hall, item=item, day=next_weekday(), start=time(9), case=case)
    client = signed_in(agent)
    url = f"/appointments/book/{item.implementation_code}/"
    assert client.get(url, {"case": case.number}).status_code == 200  # while authorised: the case is theirs to see
    Authorisation.objects.filter(pk=grant.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert client.get(url, {"case": case.number}).status_code == 404
    slot = {"case": case.number, "hall": hall.code, "date": f"{next_weekday(ahead=3):%Y-%m-%d}", "start": "10:00"}
    assert client.post(url, slot).status_code == 404
    assert client.get(f"/appointments/{theirs.code}/").status_code == 404
    assert theirs.code not in client.get("/appointments/").content.decode()
    assert client.post(f"/appointments/{theirs.code}/cancel/").status_code == 404
    assert list(Appointment.objects.values_list("account", flat=True)) == [owner.pk]
