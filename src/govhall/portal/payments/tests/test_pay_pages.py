"""The applicant pays a case's fee online with the non-tax 缴款码 (the demo finance system over loopback): the case
page shows 待缴费 and 去缴费, the pay page offers the configured ways, shows the 缴款码, the demo bank counter takes the
money, 我已完成支付 finds it paid, the receipt downloads. Others get 404, a wrong method 400, a closed order 4xx."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.cases.constants import PaymentState
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.payments import services
from govhall.payments.constants import CheckoutMethod, OrderState
from govhall.payments.models import PaymentOrder
from govhall.payments.tests.page_factories import due_case, pay_at_counter, pending_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    user = person("alice", number=1)
    client.force_login(user)
    return user


def test_case_page_shows_what_is_due_and_the_pay_button(client, alice) -> None:
    case = due_case(alice)
    page = client.get(reverse("cases:detail", args=[case.number]))
    text = page.content.decode()
    assert "待缴费" in text and "工本费" in text and "10.50" in text and "去缴费" in text


def test_case_page_tells_the_applicant_of_a_refund_under_way(client, alice) -> None:
    case = due_case(alice)
    order = pending_order(case)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    services.record_window_payment(order=order, channel="cash", actor=clerk, reference="XJ-1")
    order.refresh_from_db()
    services.request_refund(order=order, amount_fen=1050, reason="申请人撤回申请", actor=clerk)
    text = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "退款 10.50 元：待审批" in text


def test_pay_case_opens_the_order_page(client, alice) -> None:
    case = due_case(alice)
    answer = client.post(reverse("cases:pay", args=[case.number]))
    assert answer.status_code == 302
    assert answer.url == reverse("payments:pay", args=[pending_order(case).number])


def test_citizen_pays_with_the_payment_code_at_the_demo_counter(client, alice, outside_world, settings) -> None:
    settings.DEMO_SERVICES_URL = outside_world.url
    case = due_case(alice)
    order = pending_order(case)
    url = reverse("payments:pay", args=[order.number])
    page = client.get(url)
    assert page.status_code == 200 and "非税缴款码" in page.content.decode() and "请在" in page.content.decode()

    answer = client.post(url, {"method": CheckoutMethod.NON_TAX_CODE, "device": "desktop"})
    assert answer.status_code == 302
    order.refresh_from_db()
    assert len(order.payment_code) == 20
    page = client.get(answer.url).content.decode()
    assert order.payment_code in page and f"{outside_world.url}/finance/counter" in page

    # not paid yet: the button says so and nothing changes
    client.post(reverse("payments:check", args=[order.number]))
    order.refresh_from_db()
    assert order.state == OrderState.PENDING

    assert "缴款成功" in pay_at_counter(outside_world, order.payment_code)
    answer = client.post(reverse("payments:check", args=[order.number]), follow=True)
    assert "支付成功" in answer.content.decode()
    order.refresh_from_db()
    case.refresh_from_db()
    assert order.state == OrderState.PAID and case.payment_state == PaymentState.PAID
    status = client.get(reverse("payments:status", args=[order.number])).json()
    assert status["state"] == "paid"

    detail = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "已缴费" in detail and reverse("payments:receipt", args=[order.number]) in detail
    pdf = client.get(reverse("payments:receipt", args=[order.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="payments.receipt_download", actor=alice).count() == 1
    assert order.number in client.get(reverse("payments:mine")).content.decode()


def test_another_citizen_gets_404_everywhere(client, alice) -> None:
    order = pending_order(due_case(alice))
    client.force_login(person("bob", number=2))
    for name in ("pay", "status", "receipt"):
        assert client.get(reverse(f"payments:{name}", args=[order.number])).status_code == 404
    assert client.post(reverse("payments:pay", args=[order.number]), {"method": "non_tax_code"}).status_code == 404
    assert client.post(reverse("payments:check", args=[order.number])).status_code == 404
    assert order.number not in client.get(reverse("payments:mine")).content.decode()


def test_an_agent_whose_authorisation_has_expired_gets_404(client, alice) -> None:
    from govhall.accounts.tests.factories import authorise, organisation
    from govhall.cases.models import Case

    case = due_case(alice)
    org = organisation(alice)
    Case.objects.filter(pk=case.pk).update(organisation=org)
    order = pending_order(case)
    agent = person("agent", number=3)
    authorise(org, agent, days=-1, all_items=True)
    client.force_login(agent)
    for name in ("pay", "status", "receipt"):
        assert client.get(reverse(f"payments:{name}", args=[order.number])).status_code == 404
    assert client.post(reverse("payments:pay", args=[order.number]), {"method": "non_tax_code"}).status_code == 404
    order.refresh_from_db()
    assert order.method == "" and order.state == OrderState.PENDING


def test_a_method_not_offered_is_400_and_changes_nothing(client, alice, settings) -> None:
    settings.WECHAT_PAY_PROVIDER = ""  # WeChat Pay is not configured here
    order = pending_order(due_case(alice))
    url = reverse("payments:pay", args=[order.number])
    for method in ("bitcoin", CheckoutMethod.WECHAT_NATIVE, ""):  # WeChat Pay is not configured here
        answer = client.post(url, {"method": method})
        assert answer.status_code == 400 and "请选择本平台提供的支付方式" in answer.content.decode()
    order.refresh_from_db()
    assert order.method == "" and order.state == OrderState.PENDING


def test_a_closed_order_cannot_be_paid(client, alice) -> None:
    order = pending_order(due_case(alice))
    PaymentOrder.objects.filter(pk=order.pk).update(state=OrderState.CLOSED)
    answer = client.post(reverse("payments:pay", args=[order.number]), {"method": CheckoutMethod.NON_TAX_CODE})
    assert answer.status_code == 409 and "已关闭" in answer.content.decode()


def test_gateway_down_is_a_message_not_a_500(client, alice, settings) -> None:
    order = pending_order(due_case(alice))
    settings.NON_TAX_URL = "http://127.0.0.1:9/finance"  # nobody listens
    answer = client.post(reverse("payments:pay", args=[order.number]), {"method": CheckoutMethod.NON_TAX_CODE})
    assert answer.status_code == 409 and "暂时无法下单" in answer.content.decode()


def test_the_receipt_of_an_unpaid_order_is_404(client, alice) -> None:
    order = pending_order(due_case(alice))
    assert client.get(reverse("payments:receipt", args=[order.number])).status_code == 404


def test_staff_are_sent_to_the_workbench(client, alice) -> None:
    from govhall.accounts.tests.factories import staff
    from govhall.organisations.constants import Role

    order = pending_order(due_case(alice))
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=order.case.department))
    assert client.get(reverse("payments:pay", args=[order.number])).status_code == 404


def test_only_configured_methods_are_offered_on_either_device(client, alice, settings) -> None:
    from govhall.payments.selectors import available_methods

    assert CheckoutMethod.WECHAT_NATIVE in available_methods("desktop")
    assert CheckoutMethod.WECHAT_H5 in available_methods("phone")
    settings.WECHAT_PAY_PROVIDER = settings.ALIPAY_PROVIDER = ""  # a district with the non-tax code only
    assert available_methods("desktop") == available_methods("phone") == [CheckoutMethod.NON_TAX_CODE]
    order = pending_order(due_case(alice))
    for device, switch in (("phone", "我在用电脑"), ("desktop", "我在用手机")):
        page = client.get(reverse("payments:pay", args=[order.number]), {"device": device}).content.decode()
        assert "非税缴款码" in page and switch in page and "微信" not in page and "支付宝" not in page
        assert "js/payments-status.js" in page and "<script>" not in page
    settings.NON_TAX_PROVIDER = ""
    assert available_methods() == []
    page = client.get(reverse("payments:pay", args=[order.number])).content.decode()
    assert "暂未开通网上支付" in page
