import hashlib
import hmac
import time

from govhall.integrations import signing


def test_signature_is_hmac_sha256_of_timestamp_delivery_and_body():
    body = b'{"case":"GH1"}'
    expected = hmac.new(b"whsec_x", b"1700000000.42." + body, hashlib.sha256).hexdigest()
    assert signing.signature("whsec_x", "1700000000", body, delivery="42") == f"v2={expected}"


def test_verify_accepts_a_fresh_good_signature_and_rejects_the_rest():
    now = int(time.time())
    body = b"{}"
    good = signing.signature("s", str(now), body, delivery="7")
    assert signing.verify("s", timestamp=str(now), delivery="7", body=body, header=good)
    assert signing.verify("s", timestamp=str(now), delivery="7", body=body, header=f"v2=00, {good}")  # rotation
    assert not signing.verify("other", timestamp=str(now), delivery="7", body=body, header=good)
    assert not signing.verify("s", timestamp=str(now), delivery="7", body=b"{ }", header=good)
    assert not signing.verify("s", timestamp="abc", delivery="7", body=body, header=good)
    assert not signing.verify("s", timestamp="²", delivery="7", body=body, header=good)
    for odd in ("١٧٠٠٠٠٠٠٠٠", "9" * 40, ""):  # str.isdigit() takes the first; int("²") raised
        assert not signing.verify(
            "s", timestamp=odd, delivery="7", body=body, header=signing.signature("s", odd, body, delivery="7")
        )
    old = str(now - signing.TOLERANCE - 1)
    assert not signing.verify(
        "s", timestamp=old, delivery="7", body=body, header=signing.signature("s", old, body, delivery="7")
    )


def test_the_delivery_id_receivers_deduplicate_on_is_signed():
    now = str(int(time.time()))
    good = signing.signature("s", now, b"{}", delivery="7")
    assert not signing.verify("s", timestamp=now, delivery="8", body=b"{}", header=good)  # replayed under a new id
    assert not signing.verify("s", timestamp=now, delivery="", body=b"{}", header=good)  # id left out
    unsigned_id = signing.signature("s", now, b"{}", delivery="")
    assert not signing.verify("s", timestamp=now, delivery="", body=b"{}", header=unsigned_id)
