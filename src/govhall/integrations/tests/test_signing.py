import hashlib
import hmac
import time

from govhall.integrations import signing


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    body = b'{"case":"GH1"}'
    expected = hmac.new(b"whsec_x", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signing.signature("whsec_x", "1700000000", body) == f"v1={expected}"


def test_verify_accepts_a_fresh_good_signature_and_rejects_the_rest():
    now = int(time.time())
    body = b"{}"
    good = signing.signature("s", str(now), body)
    assert signing.verify("s", timestamp=str(now), body=body, header=good)
    assert signing.verify("s", timestamp=str(now), body=body, header=f"v1=00, {good}")  # rotation: any one matches
    assert not signing.verify("other", timestamp=str(now), body=body, header=good)
    assert not signing.verify("s", timestamp=str(now), body=b"{ }", header=good)
    assert not signing.verify("s", timestamp="abc", body=body, header=good)
    for odd in ("²", "١٧٠٠٠٠٠٠٠٠", "9" * 40, ""):  # str.isdigit() takes the first two; int("²") raised
        assert not signing.verify("s", timestamp=odd, body=body, header=signing.signature("s", odd, body))
    old = str(now - signing.TOLERANCE - 1)
    assert not signing.verify("s", timestamp=old, body=body, header=signing.signature("s", old, body))
