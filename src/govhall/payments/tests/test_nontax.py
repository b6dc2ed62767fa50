"""The non-tax gateway (payments.nontax) against the demo finance system over loopback: payment codes with their check
digit, refusals for a wrong key, and what GovHall answers the finance system."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.contrib.demo.finance import check_digit, valid_code
from govhall.payments.gateways import GatewayError, OrderRequest, gateway

pytestmark = pytest.mark.django_db


def request(number="PAY2026120300000001", amount=1000):
    return OrderRequest(number, amount, "工本费", timezone.now() + timedelta(hours=1))


def test_a_payment_code_is_twenty_digits_with_a_luhn_check_digit():
    code = gateway("non_tax").start(request(), method="non_tax_code").payment_code
    assert valid_code(code) and code[-1] == check_digit(code[:-1])
    assert not valid_code(code[:-1] + str((int(code[-1]) + 1) % 10))
    assert gateway("non_tax").start(request(), method="non_tax_code").payment_code == code  # same out_trade_no


def test_the_finance_system_refuses_a_wrong_key_and_an_amount_changed_for_the_same_order(settings):
    gateway("non_tax").start(request(), method="non_tax_code")
    with pytest.raises(GatewayError, match="409"):
        gateway("non_tax").start(request(amount=1), method="non_tax_code")
    settings.NON_TAX_KEY_SECRET = "wrong"
    with pytest.raises(GatewayError, match="401"):
        gateway("non_tax").query("PAY2026120300000001")


def test_query_close_and_the_answers_govhall_gives():
    provider = gateway("non_tax")
    provider.start(request(), method="non_tax_code")
    assert provider.query("PAY2026120300000001").status == "unpaid"
    provider.close("PAY2026120300000001")
    assert provider.query("PAY2026120300000001").status == "closed"
    assert provider.acknowledge(True).body == b'{"code": "SUCCESS"}'
    refused = provider.acknowledge(False, "bad signature")
    assert refused.status == 400 and b"FAIL" in refused.body
    assert provider.bill(timezone.localdate()) == []
