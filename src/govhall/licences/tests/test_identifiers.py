import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from govhall.licences import identifiers

EXAMPLE = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"


def test_the_real_example_checks_with_f():
    built = identifiers.build("11100000000013338W032", "11220000013544541J", "2430599", 1)
    assert str(built) == EXAMPLE
    assert built.check == "F"
    parsed = identifiers.parse(EXAMPLE)
    assert parsed == built
    assert parsed.defining_authority == "11100000000013338W"
    assert identifiers.is_valid(EXAMPLE)


def test_new_versions_change_the_check_character():
    second = identifiers.build("11100000000013338W032", "11220000013544541J", "2430599", 2)
    assert str(second).split(".")[-2] == "002"
    assert identifiers.is_valid(str(second))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1.2.156.3005.1.11100000000013338W032.11220000013544541J.2430599.001.F", "prefix"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001", "format"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G", "check"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430598.001.F", "check"),
        ("1.2.156.3005.2.11100000000013338X032.11220000013544541J.2430599.001.F", "type_code"),
        ("1.2.156.3005.2.11100000000013338W03.11220000013544541J.2430599.001.F", "type_code"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541K.2430599.001.F", "issuer"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.24305-99.001.F", "serial"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.1.F", "version"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.000.F", "version"),
    ],
)
def test_bad_identifiers_say_what_is_wrong(value, code):
    with pytest.raises(ValidationError) as caught:
        identifiers.parse(value)
    assert caught.value.code == code
    assert not identifiers.is_valid(value)


def test_messages_are_chinese_by_default():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        identifiers.parse("2.1.2430599")
    assert "电子证照标识" in caught.value.messages[0]


def test_build_refuses_bad_parts():
    with pytest.raises(ValidationError, match="颁证单位代码"):
        identifiers.build("11100000000013338W032", "112200000135445", "1")
