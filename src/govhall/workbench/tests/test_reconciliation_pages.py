"""财务对账 on the workbench: a supervisor (payments.reconcile) sees the runs and the open differences of their
department's orders (and those naming no order of ours), resolves one, and runs a day's reconciliation against the
demo finance system's bill."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.payments.models import ReconciliationDifference, ReconciliationRun
from govhall.payments.tests.page_factories import due_case, fee_item, pending_order

pytestmark = pytest.mark.django_db
Kind = ReconciliationDifference.Kind


def plant(number: str, **extra) -> ReconciliationDifference:
    fields = {"channel": "non_tax", "kind": Kind.AMOUNT_MISMATCH, "ours_fen": 1050, "theirs_fen": 1000, **extra}
    return ReconciliationDifference.objects.create(out_trade_no=number, **fields)


def test_the_page_lists_a_planted_difference_of_the_department_only(client) -> None:
    case = due_case(person("alice", number=1))
    other = due_case(person("bob", number=2), item=fee_item(number=303, department="区市场监督管理局"))
    ours = plant(pending_order(case).number, note="收款金额不一致")
    theirs = plant(pending_order(other).number)
    stranger = plant("NOSUCHORDER01", kind=Kind.MISSING_HERE, ours_fen=None)
    client.force_login(staff("super", Role.SUPERVISOR, department=case.department))
    page = client.get(reverse("workbench:reconciliation"))
    text = page.content.decode()
    assert page.status_code == 200
    assert ours.out_trade_no in text and "10.50" in text and "10.00" in text and "金额不一致" in text
    assert stranger.out_trade_no in text and theirs.out_trade_no not in text
    assert (
        client.post(reverse("workbench:resolve_difference", args=[theirs.pk]), {"resolution": "x"}).status_code == 404
    )

    client.post(reverse("workbench:resolve_difference", args=[ours.pk]), {"resolution": "渠道少收 0.50 元，已补缴"})
    ours.refresh_from_db()
    assert ours.resolved_at is not None and ours.resolution.startswith("渠道少收")
    assert "渠道少收" in client.get(reverse("workbench:reconciliation")).content.decode()


def test_running_a_day_reconciles_against_the_demo_bill(client) -> None:
    case = due_case(person("alice", number=1))
    client.force_login(staff("super", Role.SUPERVISOR, department=case.department))
    yesterday = timezone.localdate() - timedelta(days=1)
    answer = client.post(
        reverse("workbench:run_reconciliation"), {"day": yesterday.isoformat(), "channel": "non_tax"}, follow=True
    )
    assert "对账" in answer.content.decode() and "一致 0 笔" in answer.content.decode()
    run = ReconciliationRun.objects.get()
    assert run.channel == "non_tax" and run.day == yesterday
    audited = AuditEvent.objects.get(action="payments.reconcile")
    assert audited.actor is not None and audited.actor.username == "super"  # who started it, not "the system"


def test_bad_run_requests_are_refused_with_a_message(client) -> None:
    case = due_case(person("alice", number=1))
    client.force_login(staff("super", Role.SUPERVISOR, department=case.department))
    for data in ({"day": "yesterday", "channel": "non_tax"}, {"day": "2026-01-01", "channel": "cash"}, {}):
        answer = client.post(reverse("workbench:run_reconciliation"), data, follow=True)
        assert "请选择已开通的支付渠道" in answer.content.decode()
    today = timezone.localdate().isoformat()
    answer = client.post(reverse("workbench:run_reconciliation"), {"day": today, "channel": "non_tax"}, follow=True)
    assert "今天以前" in answer.content.decode()
    assert not ReconciliationRun.objects.exists()


def test_a_clerk_without_reconcile_is_refused(client) -> None:
    case = due_case(person("alice", number=1))
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=case.department))
    assert client.get(reverse("workbench:reconciliation")).status_code == 403
    assert client.post(reverse("workbench:run_reconciliation"), {"channel": "non_tax"}).status_code == 403
