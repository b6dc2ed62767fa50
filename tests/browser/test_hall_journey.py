"""The whole hall floor in the browser, one person's visit from home to rating:

book a slot from the case page (390 px phone) → the reminder the day before in 我的消息 → on the day, 预约签到 at the
hall's kiosk with the 预约码 → an appointment ticket → the hall calling screen, open before, shows the call through its
event stream → the clerk calls from the window screen, starts, and finishes linking the case (the visit recorded) →
the person signs in at the kiosk with the ID card and rates the service there.

The appointment's day is the next working weekday (booking opens tomorrow at the earliest), so the test moves it to
today before the visit, as the calendar would; the reminder sweep runs with the clock of the evening before. The case
is concluded at the window by the services between 开始办理 and 办结 (the window's case acts have their own journeys)."""

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.test_queue_journey import sign_in

from govhall.accounts.tests.factories import IDS
from govhall.appointments import booking
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item
from govhall.cases.tests.factories import submitted_case
from govhall.evaluation.demo import conclude_case
from govhall.evaluation.models import Rating
from govhall.evaluation.tests.factories import alice
from govhall.kiosk.tests.factories import KEY, kiosk
from govhall.organisations.models import Window
from govhall.queueing.constants import TicketPriority, TicketSource, TicketState
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import clerk_at

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PORTRAIT = {"width": 1080, "height": 1920}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.QUEUE_STREAM_SECONDS = 3  # the calling screen's streams end soon and reconnect
    settings.KIOSK_IDLE_SECONDS = 600  # no idle reset in the middle of this journey (test_kiosk_journey has it)


def fits(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: the page scrolls sideways ({width}px)"


def today_all_day(appointment: Appointment) -> None:
    """The visit day has come: the appointment is today, its slot covering the whole day (the test may run at any
    hour; check-in is refused after the slot's end)."""
    Appointment.objects.filter(pk=appointment.pk).update(day=timezone.localdate(), start=time(0), end=time(23, 59, 59))


def test_book_remind_check_in_call_finish_and_rate(
    page: Page, mobile_page: Page, axe_page: Page, site: Any, screenshot: Any, outside_world: Any
) -> None:
    item = bookable_item(name="不动产登记（首次登记）")
    hall, group = bookable_hall(item, name="临潼区政务服务中心", capacity=2)
    window = Window.objects.create(hall=hall, number="1")
    window.groups.set([group])
    person = alice()
    case = submitted_case(applicant=person, item=item)
    clerk = clerk_at(hall, department=case.department)
    device = kiosk(hall=hall, groups=(group.code,))

    # 1. Book from the case page on a phone.
    phone = mobile_page
    phone.set_viewport_size(PHONE)
    sign_in(phone, site, person, reverse("cases:detail", args=[case.number]))
    phone.get_by_role("region", name="预约到大厅办理").get_by_role("link", name="预约办理").click()
    phone.get_by_role("region", name="2. 选择日期").get_by_role("link").first.click()
    phone.get_by_role("group", name="时段与剩余名额").locator('input[value="09:00"]').check()
    fits(phone, "slots")
    phone.get_by_role("button", name="确认预约").click()
    expect(phone.locator("main h1")).to_have_text("预约成功")
    appointment = Appointment.objects.get(account=person)
    assert appointment.case == case and appointment.group == group
    screenshot(phone, "booked")

    # 2. The evening before: the reminder reaches 我的消息 (once).
    evening_before = timezone.make_aware(datetime.combine(appointment.day - timedelta(days=1), time(18)))
    assert booking.send_reminders(now=evening_before) == 1
    assert booking.send_reminders(now=evening_before) == 0
    phone.goto(site(reverse("cases:messages")))
    expect(phone.locator("main")).to_contain_text("【预约提醒】明天 09:00")
    expect(phone.locator("main")).to_contain_text(appointment.code)
    fits(phone, "messages")

    # 3. The day comes. The hall calling screen is on the wall, live.
    today_all_day(appointment)
    screen = axe_page
    screen.goto(site(f"/halls/{hall.slug}/calls/"))
    expect(screen.locator("[data-call-stream][data-live=true]")).to_be_attached()

    # 4. 预约签到 at the kiosk with the code: an appointment ticket.
    kiosk_page = page.context.browser.new_page(viewport=PORTRAIT)  # type: ignore[union-attr]
    kiosk_page.goto(site(f"/kiosk/start/?device={device.code}&key={KEY}"))
    kiosk_page.get_by_role("link", name=re.compile("^预约签到")).click()
    kiosk_page.get_by_label("预约码").fill(appointment.code.lower())
    kiosk_page.get_by_role("button", name="签到取号").click()
    expect(kiosk_page.get_by_role("heading", name="取号成功")).to_be_visible()
    ticket = Ticket.objects.get()
    expect(kiosk_page.locator(".kiosk-ticket-number")).to_have_text(ticket.display_number)
    assert (ticket.source, ticket.priority, ticket.appointment) == (
        TicketSource.APPOINTMENT,
        TicketPriority.APPOINTMENT,
        appointment,
    )
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CHECKED_IN
    screenshot(kiosk_page, "kiosk-ticket", full_page=False)
    kiosk_page.get_by_role("link", name="完成").click()

    # 5. The clerk calls from the window screen; the wall shows it without reloading.
    sign_in(page, site, clerk, f"/workbench/queue/?window={window.pk}")
    page.get_by_role("button", name="叫号").click()
    called = f"请 {ticket.display_number} 号到 1 号窗口办理"
    expect(screen.locator("[data-current]")).to_have_text(called)
    screenshot(screen, "calling-screen", full_page=False)

    # 6. Served: start, the case handled, finished with the case linked (the visit recorded).
    page.get_by_role("button", name="开始办理").click()
    conclude_case(case)
    page.get_by_label("关联办件编号").fill(case.number)
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_role("status").filter(has_text=f"{ticket.display_number} 已办结")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.DONE and ticket.case == case and ticket.visit is not None
    assert ticket.called_at and ticket.started_at and ticket.finished_at

    # 7. Rating at the kiosk: ID card, the concluded case, 非常满意.
    outside_world.cards[device.code] = (person.person.real_name, IDS[0])
    kiosk_page.get_by_role("link", name=re.compile("^登录")).click()
    kiosk_page.get_by_role("button", name="读取身份证").click()
    expect(kiosk_page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()
    kiosk_page.goto(site("/kiosk/rate/"))
    kiosk_page.get_by_role("link", name=re.compile(case.number)).click()
    kiosk_page.locator(".rating-levels").get_by_text("非常满意").click()
    kiosk_page.get_by_role("button", name="提交评价").click()
    expect(kiosk_page.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    rating = Rating.objects.get(case=case)
    assert (rating.channel, rating.score) == ("kiosk", 5)
    screenshot(kiosk_page, "kiosk-rated", full_page=False)
    kiosk_page.close()
