"""Keys as merchant consoles hand them out (PEM, certificate, bare base64), and yuan ↔ fen without floating point."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from govhall.payments import keys
from govhall.payments.amounts import fen_to_yuan, yuan_to_fen


def test_public_keys_from_pem_certificate_and_bare_base64():
    private = keys.private_key(keys.new_private_pem())
    pem = keys.public_pem(keys.private_pem(private))
    bare = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(0x5157F09EFDC096DE63E6F1A5)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(private, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
        .decode()
    )
    numbers = private.public_key().public_numbers()
    assert keys.public_key(pem).public_numbers() == numbers
    assert keys.public_key(bare).public_numbers() == numbers
    assert keys.public_key(certificate).public_numbers() == numbers
    bare_private = "".join(line for line in keys.private_pem(private).splitlines() if not line.startswith("-----"))
    assert keys.private_key(bare_private).private_numbers() == private.private_numbers()
    with pytest.raises(ValueError):
        keys.public_key("MIIB")


def test_the_development_key_is_made_once(tmp_path):
    first = keys.development_key(tmp_path / "k", "wechat-platform")
    assert keys.development_key(tmp_path / "k", "wechat-platform") == first
    assert [path.name for path in (tmp_path / "k").iterdir()] == ["wechat-platform.pem"]


@pytest.mark.parametrize(
    ("fen", "yuan"), [(0, "0.00"), (7, "0.07"), (30, "0.30"), (1999, "19.99"), (100000001, "1000000.01")]
)
def test_fen_and_yuan_round_trip(fen, yuan):
    assert fen_to_yuan(fen) == yuan and yuan_to_fen(yuan) == fen


def test_a_negative_amount_is_not_written():
    with pytest.raises(ValueError):
        fen_to_yuan(-1)
