"""Registering endpoints (command and admin) and what operators see of deliveries."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.integrations import webhooks
from govhall.integrations.models import DepartmentEndpoint, WebhookDelivery
from govhall.integrations.services import retry_failed
from govhall.integrations.tests.factories import endpoint
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_register_endpoint_prints_the_secret_once_and_keeps_it_encrypted():
    DepartmentFactory(name="区市监局")
    out = io.StringIO()
    call_command(
        "register_endpoint",
        "--department",
        "区市监局",
        "--url",
        "https://smj.example/hooks",
        "--act",
        "submit",
        stdout=out,
    )
    secret = out.getvalue().split("secret: ")[1].split()[0]
    saved = DepartmentEndpoint.objects.get()
    assert saved.secret == secret and saved.acts == ["submit"] and saved.name == "区市监局业务系统"
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM integrations_departmentendpoint")
        assert secret not in cursor.fetchone()[0]
    assert AuditEvent.objects.filter(action="integrations.register_endpoint").exists()


@pytest.mark.parametrize(("department", "url"), [("区无此局", "https://x.example"), ("区市监局", "ftp://x.example")])
def test_register_endpoint_refuses_an_unknown_department_or_a_bad_url(department, url):
    DepartmentFactory(name="区市监局")
    with pytest.raises(CommandError):
        call_command("register_endpoint", "--department", department, "--url", url, stdout=io.StringIO())
    assert not DepartmentEndpoint.objects.exists()


def test_operators_see_failed_deliveries_and_may_send_them_again(client, settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    department = DepartmentFactory(name="区行政审批局")
    target, _ = endpoint(department, "http://127.0.0.1:9/closed")
    case = submitted_case()
    delivery = WebhookDelivery.objects.create(endpoint=target, event=case.events.get(), state="failed", attempts=6)
    operator = staff("ops", Role.OPERATOR)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    for user in (operator, clerk):  # both may enter the back office; only the operator's role shows deliveries
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(operator)
    page = client.get("/admin/integrations/webhookdelivery/")
    assert page.status_code == 200 and case.number in page.content.decode()
    client.force_login(clerk)
    assert client.get("/admin/integrations/webhookdelivery/").status_code == 403
    assert retry_failed(deliveries=[delivery], actor=operator) == 1
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.attempts == 0
    assert webhooks.send_delivery.call(delivery.pk) == "pending"  # nobody listens on port 9: tried again, pending
