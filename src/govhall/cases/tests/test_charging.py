"""The case's side of fees (cases.fees, cases.charging, the payment acts): asked at submission or approval, the gate on
受理 and 办结 while money is owed, the clerk fixing or reducing amounts, the clock stopped while waiting, the notices."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases import charging, services
from govhall.cases.clocks import clock_of
from govhall.cases.constants import Act, CaseState, PaymentState
from govhall.cases.models import CaseEvent
from govhall.cases.notifications import MESSAGES, notify_applicant
from govhall.cases.permissions import acts_for
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def fee(name="工本费", amount=1000, stage="after_decision", **extra):
    return {
        "name": name,
        "standard": "按标准收取",
        "legal_basis": "收费文件",
        "amount": amount,
        "stage": stage,
        **extra,
    }


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")


@pytest.fixture
def clerk(department):
    return staff("clerk", Role.WINDOW_CLERK, department=department)


@pytest.fixture
def approver(department):
    return staff("approver", Role.APPROVER, department=department)


def item_with(*fees, number=71, **overrides):
    return published_item(number=number, name=f"收费事项{number}", online_payment=True, fees=list(fees), **overrides)


def last(case, act):
    return case.events.filter(act=act).order_by("-pk").first()


def decided(item, approver):
    case = services.accept_case(case=submitted_case(item=item), actor=approver, channel="window")
    return services.approve(case=reviewed(case, approver), actor=approver, channel="window")


def test_a_case_without_fees_owes_nothing(approver):
    case = decided(published_item(), approver)
    assert case.payment_state == PaymentState.NONE
    assert services.conclude(case=case, actor=approver, channel="window").state in (CaseState.CONCLUDED, "delivered")


def test_a_fixed_fee_before_acceptance_is_asked_at_submission_and_holds_acceptance(clerk):
    case = submitted_case(item=item_with(fee("检测费", 2500, "before_acceptance")))
    assert case.payment_state == PaymentState.DUE
    event = last(case, Act.REQUEST_PAYMENT)
    assert event.detail == {
        "stage": "before_acceptance",
        "lines": [{"name": "检测费", "amount_fen": 2500}],
        "total_fen": 2500,
    }
    with pytest.raises(services.ActNotAllowed, match="待缴费"):
        services.accept_case(case=case, actor=clerk, channel="window")
    case = charging.receive_payment(case=case, actor=clerk, channel="window", detail={"order": "PAY1"})
    assert case.payment_state == PaymentState.PAID
    assert services.accept_case(case=case, actor=clerk, channel="window").state == CaseState.ACCEPTED


def test_a_fixed_fee_after_the_decision_is_asked_on_approval_and_holds_conclusion(approver):
    case = decided(item_with(fee()), approver)
    assert case.state == CaseState.APPROVED and case.payment_state == PaymentState.DUE
    assert case.clock_stopped
    assert Act.RECEIVE_PAYMENT not in acts_for(approver, case)  # never a bare workbench button
    with pytest.raises(services.ActNotAllowed, match="缴费完成后才能办结"):
        services.conclude(case=case, actor=approver, channel="window")
    case = charging.receive_payment(case=case, actor=None, channel="system")
    assert not case.clock_stopped
    assert services.conclude(case=case, actor=approver, channel="window").concluded_at is not None


def test_receiving_needs_a_payment_due(approver):
    case = decided(published_item(), approver)
    with pytest.raises(services.ActNotAllowed, match="没有待缴的费用"):
        charging.receive_payment(case=case, actor=None, channel="system")


def test_a_fee_without_amount_waits_for_the_clerk_who_must_fix_it_before_acceptance(clerk):
    case = submitted_case(item=item_with(fee("检验费", None, "before_acceptance")))
    assert case.payment_state == PaymentState.NONE
    with pytest.raises(services.ActNotAllowed, match="请先核定收费金额"):
        services.accept_case(case=case, actor=clerk, channel="window")
    with pytest.raises(services.CaseError, match="请填写“检验费”的金额"):
        charging.fix_fees(case=case, actor=clerk, amounts={})
    case = charging.fix_fees(case=case, actor=clerk, amounts={"检验费": "3600"})
    assert case.payment_state == PaymentState.DUE
    assert last(case, Act.REQUEST_PAYMENT).detail["total_fen"] == 3600


def test_a_reducible_fee_is_reduced_with_a_reason_and_never_raised(approver):
    case = decided(item_with(fee(reducible=True)), approver)
    with pytest.raises(services.CaseError, match="不能调高"):
        charging.fix_fees(case=case, actor=approver, amounts={"工本费": 2000})
    with pytest.raises(services.CaseError, match="减免收费须填写理由"):
        charging.fix_fees(case=case, actor=approver, amounts={"工本费": 500})
    case = charging.fix_fees(case=case, actor=approver, amounts={"工本费": 500}, reason="低保户减半")
    event = last(case, Act.REQUEST_PAYMENT)
    assert event.reason == "低保户减半" and event.detail["lines"] == [{"name": "工本费", "amount_fen": 500}]


def test_a_fee_that_cannot_be_reduced_is_refused(approver):
    case = decided(item_with(fee()), approver)
    with pytest.raises(services.CaseError, match="不允许减免"):
        charging.fix_fees(case=case, actor=approver, amounts={"工本费": 0}, reason="免收")


def test_waiving_all_of_it_records_the_payment_at_once(approver):
    case = decided(item_with(fee(reducible=True)), approver)
    case = charging.fix_fees(case=case, actor=approver, amounts={"工本费": 0}, reason="残疾人免收")
    assert case.payment_state == PaymentState.PAID
    assert last(case, Act.RECEIVE_PAYMENT).detail == {"waived": True, "total_fen": 0}


def test_time_waiting_for_payment_does_not_count():
    case = submitted_case(item=item_with(fee(), number=72))

    def event(act, day):
        return CaseEvent.objects.create(
            case=case, act=act, from_state="approved", to_state="approved", at=datetime(*day, 10, tzinfo=CN)
        )

    accepted = event(Act.ACCEPT, (2026, 2, 10))
    without = clock_of(case, [accepted]).promised_deadline
    events = [accepted, event(Act.REQUEST_PAYMENT, (2026, 2, 11)), event(Act.RECEIVE_PAYMENT, (2026, 2, 16))]
    # 02-11 (Wed) → 02-16 (Mon): 3 working days waiting, so the deadline moves 3 working days.
    assert without == date(2026, 2, 24)
    assert clock_of(case, events).promised_deadline == date(2026, 2, 27)
    waiting = clock_of(case, events[:2], today=date(2026, 2, 13))
    assert waiting.stopped and waiting.promised_deadline == date(2026, 2, 26)


def test_the_applicant_is_told_what_to_pay_and_that_it_is_paid(approver):
    case = decided(item_with(fee(amount=1234)), approver)
    request = last(case, Act.REQUEST_PAYMENT)
    notify_applicant.call(request.pk)
    assert "12.34 元" in Notification.objects.get(event=request).body
    case = charging.receive_payment(case=case, actor=None, channel="system")
    received = last(case, Act.RECEIVE_PAYMENT)
    notify_applicant.call(received.pk)
    assert Notification.objects.get(event=received).body.startswith(MESSAGES[Act.RECEIVE_PAYMENT][:4])


def test_a_commitment_case_with_a_fee_is_decided_once_paid():
    item = item_with(fee("审查费", 800, "before_acceptance"), number=73, commitment_allowed=True, post_check_days=20)
    case = submitted_case(item=item, application=services.Application(form_data={"reason": "x"}, commitment=True))
    assert case.state == CaseState.SUBMITTED and case.payment_state == PaymentState.DUE
    case = charging.receive_payment(case=case, actor=None, channel="system")
    assert case.state in (CaseState.CONCLUDED, CaseState.DELIVERED)
