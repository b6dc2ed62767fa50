"""财政电子票据 (payments.receipts): issued with the payment, its PDF written on demand with a QR to the public check,
which answers only when 票据代码, 票据号码 and 校验码 all match (the payer's name masked)."""

import pytest

from govhall.payments import services
from govhall.payments.receipts import amount_in_words
from govhall.payments.tests.factories import clerk, due_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (1000, "壹拾元整"),
        (12345, "壹佰贰拾叁元肆角伍分"),
        (5, "伍分"),
        (1_000_050, "壹万元伍角"),
        (100_000_000, "壹佰万元整"),
        (0, "零元整"),
        (10_020_300, "壹拾万零贰佰零叁元整"),
    ],
)
def test_amounts_in_words(fen, words):
    assert amount_in_words(fen) == words


@pytest.fixture
def receipt():
    order = due_order()
    services.record_window_payment(order=order, channel="pos", actor=clerk(), reference="POS-1")
    order.refresh_from_db()
    return order.receipt


def test_a_receipt_is_issued_once_with_its_numbers(receipt):
    assert receipt.code == "51160126" and len(receipt.number) == 10 and len(receipt.check_code) == 6
    assert services.issue_receipt(receipt.order) == receipt
    assert receipt.lines == [{"name": "工本费", "amount_fen": 1000}]


def test_the_pdf_carries_a_verification_link(receipt):
    assert services.receipt_pdf(receipt).startswith(b"%PDF-")
    assert services.verify_url(receipt).endswith(
        f"/payments/receipts/verify/?code={receipt.code}&number={receipt.number}&check={receipt.check_code}"
    )


def test_the_public_check(client, receipt):
    found = client.get(services.verify_url(receipt))
    assert found.status_code == 200 and "该票据真实有效" in found.text and "10.00" in found.text
    assert receipt.payer_name not in found.text or len(receipt.payer_name) == 1
    wrong = client.get(f"/payments/receipts/verify/?code={receipt.code}&number={receipt.number}&check=AAAAAA")
    assert wrong.status_code == 404 and "未找到该票据" in wrong.text
    assert client.get("/payments/receipts/verify/").status_code == 200
