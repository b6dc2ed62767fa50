"""国密 known answers (GB/T 32905 SM3, GB/T 32918 SM2) and cross-checks against gmssl, an independent implementation."""

import pytest
from gmssl import sm2 as gmssl_sm2
from gmssl import sm3 as gmssl_sm3

from govhall.core import gm

D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"
X = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
Y = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21"
R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
MESSAGE = b"message digest"


def gmssl_signer(d_hex: str, public_hex: str) -> gmssl_sm2.CryptSM2:
    crypt = gmssl_sm2.CryptSM2(private_key=d_hex.lower(), public_key="00")
    crypt.public_key = public_hex.lower().removeprefix("04")  # gmssl's own lstrip("04") would eat a leading 0 or 4
    return crypt


def test_sm3_known_answer():
    assert gm.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert gm.sm3(b"abc").hex() == gmssl_sm3.sm3_hash(list(b"abc"))
    assert gm.sm3(b"abcd" * 16).hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_key_from_hex_gives_the_standard_public_key():
    key = gm.SigningKey(gm.load_private_key(D))
    assert key.public_key_hex == ("04" + X + Y).lower()
    assert key.key_id == gm.sm3_hex(bytes.fromhex(key.public_key_hex))[:16]


def test_sm2_known_answer_with_the_standard_nonce():
    """GB/T 32918.2's example: with k fixed the signature is the standard's r, s (via gmssl, which takes a k)."""
    signature = gmssl_signer(D, X + Y).sign_with_sm3(MESSAGE, K.lower())
    assert signature == (R + S).lower()
    # ...and Tongsuo, the library GovHall signs with, accepts it.
    assert gm.verify(("04" + X + Y).lower(), MESSAGE, bytes.fromhex(signature))


def test_signatures_use_a_fresh_nonce_and_verify():
    key = gm.SigningKey(gm.load_private_key(D))
    one, two = key.sign(MESSAGE), key.sign(MESSAGE)
    assert len(one.raw) == 64 and one.raw != two.raw
    assert gm.verify(key.public_key_hex, MESSAGE, one.raw)
    assert gm.verify(key.public_key_hex, MESSAGE, one.der)
    assert gm.der_to_raw(one.der) == one.raw
    assert not gm.verify(key.public_key_hex, MESSAGE + b".", one.raw)
    assert not gm.verify(key.public_key_hex, MESSAGE, bytes(64))
    assert not gm.verify("04" + "00" * 64, MESSAGE, one.raw)


def test_tongsuo_signs_gmssl_verifies():
    key = gm.SigningKey(gm.generate_private_key())
    for message in (b"", MESSAGE, "电子证照".encode() * 50):
        signature = key.sign(message)
        assert gmssl_signer("00", key.public_key_hex).verify_with_sm3(signature.hex, message)


def test_gmssl_signs_tongsuo_verifies():
    private = gm.generate_private_key()
    key = gm.SigningKey(private)
    d_hex = f"{private.private_numbers().private_value:064x}"
    for nonce in ("1" * 64, "2b" * 32):
        signature = gmssl_signer(d_hex, key.public_key_hex).sign_with_sm3(b"licence", nonce)
        assert gm.verify(key.public_key_hex, b"licence", bytes.fromhex(signature))


def test_pem_round_trip_and_bad_keys():
    private = gm.generate_private_key()
    pem = gm.private_key_pem(private).decode()
    assert gm.SigningKey(gm.load_private_key(pem)).public_key_hex == gm.SigningKey(private).public_key_hex
    for bad in ("", "zz", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "0" * 64):
        with pytest.raises(gm.SigningKeyError):
            gm.load_private_key(bad)
    with pytest.raises(gm.SigningKeyError):
        gm.load_public_key("04abcd")


def test_rotation_newest_signs_all_verify():
    old, new = gm.generate_private_key(), gm.generate_private_key()
    earlier = gm.KeyRing.from_texts([gm.private_key_pem(old).decode()]).sign(b"x")
    ring = gm.KeyRing.from_texts([gm.private_key_pem(old).decode(), gm.private_key_pem(new).decode()])
    latest = ring.sign(b"x")
    assert latest.key_id == gm.SigningKey(new).key_id != earlier.key_id
    assert ring.verify(b"x", earlier.raw, earlier.key_id)
    assert ring.verify(b"x", latest.raw)
    assert not ring.verify(b"x", latest.raw, earlier.key_id)
    assert not ring.verify(b"x", latest.raw, "unknown")
    retired = gm.KeyRing.from_texts([gm.private_key_pem(new).decode()], [gm.SigningKey(old).public_key_hex])
    assert retired.verify(b"x", earlier.raw, earlier.key_id)


def test_licence_keys_per_department_from_a_directory(settings, tmp_path):
    settings.LICENCE_SIGNING_KEY_DIR = tmp_path
    settings.LICENCE_SIGNING_KEYS = {}
    settings.LICENCE_DEVELOPMENT_KEYS = False
    with pytest.raises(gm.SigningKeyError, match="11220000013544541J"):
        gm.licence_keyring("11220000013544541J")
    settings.LICENCE_DEVELOPMENT_KEYS = True
    ring = gm.licence_keyring("11220000013544541J")
    assert (tmp_path / "11220000013544541J" / "development.pem").exists()
    assert gm.licence_keyring("11220000013544541J") is ring  # loaded once
    other = gm.licence_keyring("11100000000013338W")
    assert other.current.key_id != ring.current.key_id
    folder = tmp_path / "11100000000013338W"
    (folder / "zz-2027.pem").write_bytes(gm.private_key_pem(gm.generate_private_key()))
    settings.LICENCE_DEVELOPMENT_KEYS = False  # a different configuration: read again
    rotated = gm.licence_keyring("11100000000013338W")
    assert len(rotated.keys) == 2 and rotated.current.key_id != other.current.key_id
    settings.LICENCE_SIGNING_KEYS = {"11100000000013338W": [D]}
    assert gm.licence_keyring("11100000000013338W").current.public_key_hex == ("04" + X + Y).lower()


def test_log_keyring_from_settings(settings):
    settings.LOG_SIGNING_KEYS = [D]
    settings.LOG_RETIRED_PUBLIC_KEYS = []
    assert gm.log_keyring().current.public_key_hex == ("04" + X + Y).lower()
