"""The RSA keys the card and wallet gateways sign with (PEM text in settings, or the bare base64 the merchant
consoles hand out), and the development keys the demo gateways use: generated once into a directory (var/demo-keys)."""

import contextlib
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

# The development key files (PAYMENT_DEMO_KEY_DIR): GovHall's merchant keys and the demo gateways' own.
WECHAT_MERCHANT = "wechat-merchant"
WECHAT_PLATFORM = "wechat-platform"
ALIPAY_APP = "alipay-app"
ALIPAY_GATEWAY = "alipay-gateway"


def _pem(text: str, label: str) -> bytes:
    text = text.strip()
    if not text.startswith("-----BEGIN"):
        text = f"-----BEGIN {label}-----\n{text}\n-----END {label}-----"
    return text.encode()


def private_key(text: str) -> rsa.RSAPrivateKey:
    """An RSA private key from PEM (PKCS#8 or PKCS#1) or bare base64; ValueError otherwise."""
    try:
        key = serialization.load_pem_private_key(_pem(text, "PRIVATE KEY"), password=None)
    except (ValueError, TypeError):
        key = serialization.load_pem_private_key(_pem(text, "RSA PRIVATE KEY"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


def public_key(text: str) -> rsa.RSAPublicKey:
    """An RSA public key from a PEM public key, a PEM certificate (WeChat Pay's 平台证书) or bare base64."""
    data = _pem(text, "PUBLIC KEY")
    certificate = b"CERTIFICATE" in data.split(b"\n", 1)[0]
    key = x509.load_pem_x509_certificate(data).public_key() if certificate else serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_key_pem(text: str) -> str:
    """A public key (PEM, certificate or bare base64) as a PEM public key."""
    return (
        public_key(text)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def public_pem(private_text: str) -> str:
    """The public half of a private key, as PEM."""
    return (
        private_key(private_text)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def new_private_pem() -> str:
    return private_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))


def development_key(directory: Path, name: str) -> str:
    """The private PEM of development key `name` in `directory`, generated (RSA 2048) on first use."""
    path = directory / f"{name}.pem"
    if not path.exists():  # made aside and linked into place: two processes starting together agree on one key
        directory.mkdir(parents=True, exist_ok=True)
        aside = directory / f".{name}.{os.getpid()}.tmp"
        aside.write_text(new_private_pem())
        aside.chmod(0o600)
        with contextlib.suppress(FileExistsError):
            os.link(aside, path)
        aside.unlink()
    return path.read_text()
