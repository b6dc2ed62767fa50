"""What operators see of notice deliveries in the back office, and sending failed ones again."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.notices.models import Delivery
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
URL = "/admin/notices/delivery/"


def test_operators_see_deliveries_and_send_failed_ones_again(client, settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    case = submitted_case()
    notify_applicant.call(case.events.get().pk)
    Delivery.objects.update(state="failed", attempts=5)
    delivery = Delivery.objects.get()
    operator = staff("ops", Role.OPERATOR)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory(name="区行政审批局"))
    for user in (operator, clerk):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    client.force_login(operator)
    page = client.get(URL)
    assert page.status_code == 200 and "申报" in page.content.decode()
    response = client.post(URL, {"action": "send_again", "_selected_action": [delivery.pk]})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.attempts == 0  # queued for the sweep, a fresh round of attempts
    assert AuditEvent.objects.filter(action="cases.resend_notice").count() == 1
