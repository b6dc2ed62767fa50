import pytest
from django.core.exceptions import ValidationError

from govhall.core.validators import validate_area_code, validate_resident_id, validate_uscc


@pytest.mark.parametrize("value", ["91350100M000100Y43", "11100000000013338W"])
def test_valid_uscc(value):
    validate_uscc(value)


@pytest.mark.parametrize("value", ["91350100M000100Y44", "123", ""])
def test_invalid_uscc_has_a_chinese_message(value):
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        validate_uscc(value)


def test_resident_id():
    validate_resident_id("11010519491231002X")
    with pytest.raises(ValidationError, match="公民身份号码"):
        validate_resident_id("110105194912310021")


def test_area_code():
    validate_area_code("511602000000")
    with pytest.raises(ValidationError):
        validate_area_code("5116")
