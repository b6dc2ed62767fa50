"""The waybill check a clerk's typed number goes through: UPU S10 for EMS, a plain format for the others."""

import pytest

from govhall.delivery.validators import s10_check_digit, s10_is_valid, waybill_problem


def test_the_domain_example_is_a_valid_s10_number():
    assert s10_check_digit("47312482") == 9
    assert s10_is_valid("RR473124829CN")
    assert waybill_problem("ems", "RR473124829CN") is None


@pytest.mark.parametrize(
    "waybill",
    ["RR473124828CN", "RR473124820CN", "RR47312482CN", "R1473124829CN", "RR473124829US", "rr473124829cn"],
)
def test_a_wrong_check_digit_or_shape_is_refused(waybill):
    assert not s10_is_valid(waybill)
    assert waybill_problem("ems", waybill) is not None


def test_check_digits_ten_and_eleven_become_zero_and_five():
    assert s10_check_digit("00000008") == 0  # 8 × 7 = 56, 56 mod 11 = 1, 11 − 1 = 10 → 0
    assert s10_check_digit("00000000") == 5  # sum 0, 11 − 0 = 11 → 5
    assert s10_check_digit("00000001") == 4  # 7 mod 11 = 7, 11 − 7 = 4


@pytest.mark.parametrize(("carrier", "waybill", "ok"), [("sf", "SF1234567890", True), ("zto", "7812", False)])
def test_other_carriers_take_eight_to_twenty_letters_or_digits(carrier, waybill, ok):
    assert (waybill_problem(carrier, waybill) is None) is ok
