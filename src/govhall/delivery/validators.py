"""Waybill numbers typed by a clerk. UPU S10 (EMS and international post): two letters, eight digits, a check digit
(weights 8 6 4 2 3 5 9 7; check = 11 − sum mod 11, 10 → 0, 11 → 5), country CN. Domestic express numbers are
carrier-specific; for the other carriers GovHall accepts 8 to 20 capital letters and digits."""

import re

from govhall.delivery.constants import S10_CARRIERS

S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)CN$")
DOMESTIC = re.compile(r"^[A-Z0-9]{8,20}$")
WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The check digit of an eight-digit S10 serial number."""
    check = 11 - sum(int(digit) * weight for digit, weight in zip(serial, WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def s10_is_valid(waybill: str) -> bool:
    found = S10.match(waybill)
    return found is not None and s10_check_digit(found.group(1)) == int(found.group(2))


def waybill_problem(carrier: str, waybill: str) -> str | None:
    """Why `waybill` is not a number of `carrier` (a message for the clerk), or None."""
    if carrier in S10_CARRIERS:
        if not S10.match(waybill):
            return "EMS 运单号应为两位字母、九位数字和 CN，如 RR473124829CN。"
        if not s10_is_valid(waybill):
            return "运单号校验位不正确，请核对后重新输入。"
        return None
    if not DOMESTIC.match(waybill):
        return "运单号应为 8 到 20 位大写字母或数字。"
    return None


def normalise(waybill: str) -> str:
    return re.sub(r"\s+", "", waybill).upper()
