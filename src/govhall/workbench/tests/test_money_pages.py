"""The workbench's money: 核定收费, 窗口收款 and 申请退款 on the case page, the 退款审批 queue (requester ≠ approver),
and who may do what — staff with places in two departments act only where their role there allows; an operator sees
none of it."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.cases.constants import PaymentState
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership
from govhall.payments.constants import OrderState, RefundState
from govhall.payments.models import PaymentOrder, Refund
from govhall.payments.tests.page_factories import OPEN_FEE, due_case, fee_item, pending_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return due_case(person("alice", number=1))


def paid_in_cash(client, case):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    client.force_login(clerk)
    order = pending_order(case)
    client.post(reverse("workbench:window_payment", args=[order.number]), {"channel": "cash", "reference": "XJ-0001"})
    order.refresh_from_db()
    return clerk, order


def test_the_money_panel_shows_lines_and_the_window_form_to_a_clerk(client, case) -> None:
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=case.department))
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "工本费" in page and "10.50" in page and "窗口收款" in page and "收款 10.50 元" in page


def test_clerk_records_cash_and_the_case_is_paid(client, case) -> None:
    clerk, order = paid_in_cash(client, case)
    case.refresh_from_db()
    assert order.state == OrderState.PAID and order.channel == "cash" and order.reference == "XJ-0001"
    assert order.collected_by == clerk and case.payment_state == PaymentState.PAID
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert reverse("payments:receipt", args=[order.number]) in page and "申请退款" in page
    assert client.get(reverse("payments:receipt", args=[order.number])).status_code == 200
    seen = AuditEvent.objects.get(action="payments.receipt_download")  # a view of the payer's data, on their record
    assert seen.actor == clerk and (seen.object_type, seen.object_id) == ("accounts.user", str(case.applicant_id))


def test_a_window_payment_in_another_way_is_refused(client, case) -> None:
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=case.department))
    order = pending_order(case)
    answer = client.post(reverse("workbench:window_payment", args=[order.number]), {"channel": "alipay"}, follow=True)
    assert "现金或刷卡" in answer.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.PENDING


def test_refund_asked_by_the_clerk_and_approved_by_the_approver(client, case) -> None:
    clerk, order = paid_in_cash(client, case)
    url = reverse("workbench:request_refund", args=[order.number])
    over = client.post(url, {"amount": "10.51", "reason": "多收"}, follow=True).content.decode()
    assert "超过可退金额" in over
    bad = client.post(url, {"amount": "5.255", "reason": "多收"}, follow=True).content.decode()
    assert "最多两位小数" in bad
    assert not Refund.objects.exists()
    client.post(url, {"amount": "5.25", "reason": "减免后多收部分退还"})
    refund = Refund.objects.get()
    assert refund.amount_fen == 525 and refund.requested_by == clerk and refund.state == RefundState.REQUESTED

    approver = staff("approver", Role.APPROVER, department=case.department)
    client.force_login(approver)
    queue = client.get(reverse("workbench:refunds")).content.decode()
    assert refund.out_refund_no in queue and "5.25" in queue
    client.post(reverse("workbench:approve_refund", args=[refund.pk]))
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.state == RefundState.SUCCEEDED and refund.approved_by == approver
    assert order.refunded_fen == 525 and order.state == OrderState.PARTIALLY_REFUNDED
    # The panel's heading names the case's money state only while something is owed; each order says its own.
    panel = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "收费（已缴费）" not in panel and "部分退款" in panel


def test_the_refund_form_offers_only_what_is_left_after_refunds_waiting(client, case) -> None:
    _clerk, order = paid_in_cash(client, case)
    url = reverse("workbench:request_refund", args=[order.number])
    client.post(url, {"amount": "4.00", "reason": "部分退还"})
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "最多可退 6.50 元" in page  # 10.50 paid, 4.00 waiting for approval
    client.post(url, {"amount": "6.50", "reason": "其余退还"})
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "退款金额（元）" not in page  # nothing left to ask for: no form that could only be refused


def test_the_requester_cannot_approve_their_own_refund(client, case) -> None:
    _clerk, order = paid_in_cash(client, case)
    approver = staff("approver", Role.APPROVER, department=case.department)  # may ask (cases.decide) and approve
    client.force_login(approver)
    client.post(reverse("workbench:request_refund", args=[order.number]), {"amount": "1", "reason": "退还"})
    refund = Refund.objects.get()
    answer = client.post(reverse("workbench:approve_refund", args=[refund.pk]), follow=True).content.decode()
    assert "申请人以外的人员审批" in answer
    refund.refresh_from_db()
    assert refund.state == RefundState.REQUESTED
    assert "本人申请" in client.get(reverse("workbench:refunds")).content.decode()


def test_reject_needs_a_note(client, case) -> None:
    _clerk, order = paid_in_cash(client, case)
    client.post(reverse("workbench:request_refund", args=[order.number]), {"amount": "1", "reason": "退还"})
    refund = Refund.objects.get()
    client.force_login(staff("approver", Role.APPROVER, department=case.department))
    assert (
        "请填写驳回理由"
        in client.post(
            reverse("workbench:reject_refund", args=[refund.pk]), {"note": " "}, follow=True
        ).content.decode()
    )
    client.post(reverse("workbench:reject_refund", args=[refund.pk]), {"note": "理由不成立"})
    refund.refresh_from_db()
    assert refund.state == RefundState.REJECTED and refund.decision_note == "理由不成立"


def test_fix_fees_reads_yuan_exactly(client) -> None:
    item = fee_item(number=302, fees=[OPEN_FEE])
    case = due_case(person("alice", number=1), item=item)
    assert not PaymentOrder.objects.filter(case=case).exists()  # no fixed amount: the clerk fixes it
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=case.department))
    url = reverse("workbench:fix_fees", args=[case.number])
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "核定收费" in page and "检测费" in page
    assert (
        "最多两位小数" in client.post(url, {"fee-name-1": "检测费", "fee-1": "0.1+0.2"}, follow=True).content.decode()
    )
    client.post(url, {"fee-name-1": "检测费", "fee-1": "12.5", "reason": ""})
    order = pending_order(case)
    assert order.amount_fen == 1250 and order.lines == [{"name": "检测费", "amount_fen": 1250}]


def test_two_department_staff_act_only_where_their_role_allows(client, case) -> None:
    other = due_case(person("bob", number=2), item=fee_item(number=303, department="区市场监督管理局"))
    assert other.department != case.department
    two = staff("two", Role.WINDOW_CLERK, department=case.department)
    StaffMembership.objects.create(user=two, department=other.department, role=Role.REVIEWER)
    client.force_login(two)
    theirs = pending_order(other)
    page = client.get(reverse("workbench:handle", args=[other.number])).content.decode()
    assert "工本费" in page and "窗口收款" not in page  # a reviewer there: sees the money, takes none
    assert (
        client.post(reverse("workbench:window_payment", args=[theirs.number]), {"channel": "cash"}).status_code == 403
    )
    theirs.refresh_from_db()
    assert theirs.state == OrderState.PENDING
    ours = pending_order(case)
    client.post(reverse("workbench:window_payment", args=[ours.number]), {"channel": "cash"})
    ours.refresh_from_db()
    assert ours.state == OrderState.PAID


def test_the_refund_queue_lists_only_the_approvers_departments(client, case) -> None:
    other = due_case(person("bob", number=2), item=fee_item(number=303, department="区市场监督管理局"))
    _c, ours = paid_in_cash(client, case)
    client.post(reverse("workbench:request_refund", args=[ours.number]), {"amount": "1", "reason": "退还"})
    clerk_b = staff("clerk_b", Role.WINDOW_CLERK, department=other.department)
    client.force_login(clerk_b)
    theirs = pending_order(other)
    client.post(reverse("workbench:window_payment", args=[theirs.number]), {"channel": "pos", "reference": "P1"})
    client.post(reverse("workbench:request_refund", args=[theirs.number]), {"amount": "2", "reason": "退还"})
    mine, not_mine = Refund.objects.get(order=ours), Refund.objects.get(order=theirs)

    two = staff("two", Role.APPROVER, department=case.department)
    StaffMembership.objects.create(user=two, department=other.department, role=Role.REVIEWER)
    client.force_login(two)
    client.get(reverse("workbench:refunds"))  # shows (and so drops) the messages left from clerk_b's requests
    queue = client.get(reverse("workbench:refunds")).content.decode()
    assert mine.out_refund_no in queue and not_mine.out_refund_no not in queue
    assert client.post(reverse("workbench:approve_refund", args=[not_mine.pk])).status_code == 404
    not_mine.refresh_from_db()
    assert not_mine.state == RefundState.REQUESTED


def test_an_operator_sees_no_money(client, case) -> None:
    client.force_login(staff("ops", Role.OPERATOR, department=case.department))
    order = pending_order(case)
    assert client.get(reverse("workbench:refunds")).status_code == 403
    assert client.get(reverse("workbench:reconciliation")).status_code == 403
    assert client.post(reverse("workbench:window_payment", args=[order.number]), {"channel": "cash"}).status_code == 404
    assert client.post(reverse("workbench:request_refund", args=[order.number]), {"amount": "1"}).status_code == 404
    inbox = client.get(reverse("workbench:inbox")).content.decode()
    assert "退款审批" not in inbox and "财务对账" not in inbox


def test_a_citizen_is_refused_the_workbench_money_forms(client, case) -> None:
    client.force_login(case.applicant)
    order = pending_order(case)
    assert client.post(reverse("workbench:window_payment", args=[order.number]), {"channel": "cash"}).status_code == 403
