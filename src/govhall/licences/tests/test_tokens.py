"""亮证 tokens and short codes: signed, expiring, a changed token refused; codes survive how people type them."""

from datetime import UTC, datetime, timedelta

import pytest

from govhall.licences import tokens

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_a_token_gives_back_its_key_until_it_expires():
    key = tokens.new_key()
    token = tokens.make_token(key, NOW + timedelta(minutes=5))
    assert tokens.read_token(token, now=NOW) == key
    assert tokens.read_token(token, now=NOW + timedelta(minutes=4, seconds=59)) == key
    with pytest.raises(tokens.TokenRefused) as expired:
        tokens.read_token(token, now=NOW + timedelta(minutes=5))
    assert expired.value.expired and "过期" in str(expired.value)


@pytest.mark.parametrize("change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: ""])
def test_a_changed_token_is_refused(change):
    token = tokens.make_token(tokens.new_key(), NOW + timedelta(minutes=5))
    with pytest.raises(tokens.TokenRefused) as refused:
        tokens.read_token(change(token), now=NOW)
    assert not refused.value.expired and "无效" in str(refused.value)


def test_a_token_signed_for_something_else_is_refused():
    from django.core import signing

    other = signing.dumps({"k": "x", "e": int((NOW + timedelta(hours=1)).timestamp())}, salt="another.purpose")
    with pytest.raises(tokens.TokenRefused):
        tokens.read_token(other, now=NOW)


def test_codes_are_read_the_way_people_type_them():
    code = tokens.new_code()
    assert len(code) == tokens.CODE_LENGTH and tokens.looks_like_code(code)
    assert tokens.normalise_code(" ab0o-1il ") == "AB00111"
    assert tokens.normalise_code("abcd-efgh") == "ABCDEFGH"
    assert tokens.normalise_code("O0Il") == "0011"
    assert tokens.display_code("ABCDEFGH") == "ABCD-EFGH"
    assert not tokens.looks_like_code("ABC")
    assert not tokens.looks_like_code("1.2.156.3005.2.x")


def test_only_digests_depend_on_the_secret():
    assert tokens.digest("ABCDEFGH") == tokens.digest("ABCDEFGH")
    assert tokens.digest("ABCDEFGH") != tokens.digest("ABCDEFGJ")
    assert "ABCDEFGH" not in tokens.digest("ABCDEFGH")
