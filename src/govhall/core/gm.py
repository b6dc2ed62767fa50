"""国密: SM3 hashing (GB/T 32905) and SM2 signatures over SM3 (GB/T 32918), through Tongsuo (tongsuopy).

Signatures are made with Tongsuo's SM2 (a maintained OpenSSL fork: constant-time, a fresh secure nonce per signature)
and include Z for the default user ID "1234567812345678", so any SM2 library checks them. A signature travels as hex of
r‖s (64 bytes, 32 each) or as DER; a public key as hex of the uncompressed point 04‖x‖y; a key's id is the first 16 hex
of SM3 of that point.

Keys: a `KeyRing` holds one signer's keys, oldest first; the newest signs, all verify (rotation: add a key, keep the old
ones until nothing signed with them needs checking). Licence keys are per issuing department (`licence_keyring`), the
log's key is one (`log_keyring`); both come from settings (see settings.py: LICENCE_SIGNING_KEYS, LICENCE_SIGNING_KEY_DIR,
LOG_SIGNING_KEY)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from django.conf import settings
from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.exceptions import InvalidSignature

# The order n of the SM2 recommended curve (GB/T 32918.5).
CURVE_ORDER = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


class SigningKeyError(ValueError):
    """A key that cannot be loaded or is missing."""


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def sm3_hex(data: bytes) -> str:
    return sm3(data).hex()


def _public_point(public: ec.EllipticCurvePublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def key_id_of(public_key_hex: str) -> str:
    return sm3_hex(bytes.fromhex(public_key_hex))[:16]


def load_private_key(text: str | bytes) -> ec.EllipticCurvePrivateKey:
    """An SM2 private key from an unencrypted PEM (PKCS#8 or SEC1) or from 64 hex digits of d."""
    raw = text.decode() if isinstance(text, bytes) else text
    raw = raw.strip()
    if _HEX64.match(raw):
        value = int(raw, 16)
        if not 1 <= value < CURVE_ORDER - 1:
            raise SigningKeyError("SM2 private key out of range")
        return ec.derive_private_key(value, ec.SM2())
    try:
        key = serialization.load_pem_private_key(raw.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"not an SM2 private key (unencrypted PEM or 64 hex digits): {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SM2):
        raise SigningKeyError("the PEM key is not on the SM2 curve")
    return key


def load_public_key(public_key_hex: str) -> ec.EllipticCurvePublicKey:
    try:
        point = bytes.fromhex(public_key_hex)
        if len(point) != 65 or point[0] != 4:
            raise ValueError("expected 65 bytes starting with 04")
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SM2(), point)
    except ValueError as exc:
        raise SigningKeyError(f"not an SM2 public key (hex of 04‖x‖y): {exc}") from exc


def generate_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SM2())


def private_key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def der_to_raw(der: bytes) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def raw_to_der(raw: bytes) -> bytes:
    if len(raw) != 64:
        raise ValueError("an SM2 signature r‖s has 64 bytes")
    return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


@dataclass(frozen=True)
class Signature:
    raw: bytes  # r‖s, 64 bytes
    key_id: str

    @property
    def hex(self) -> str:
        return self.raw.hex()

    @property
    def der(self) -> bytes:
        return raw_to_der(self.raw)


class SigningKey:
    def __init__(self, private: ec.EllipticCurvePrivateKey) -> None:
        self._private = private
        self.public_key_hex = _public_point(private.public_key()).hex()
        self.key_id = key_id_of(self.public_key_hex)

    def sign(self, data: bytes) -> Signature:
        """SM2 over SM3 with Z for the default ID; Tongsuo draws the nonce from its secure generator."""
        der = self._private.sign(data, ec.ECDSA(hashes.SM3()))
        return Signature(raw=der_to_raw(der), key_id=self.key_id)


def verify(public_key_hex: str, data: bytes, signature: bytes) -> bool:
    """Whether `signature` (r‖s, 64 bytes, or DER) is SM2-over-SM3 of `data` under the public key."""
    try:
        public = load_public_key(public_key_hex)
        if len(signature) == 64:
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            if not (1 <= r < CURVE_ORDER and 1 <= s < CURVE_ORDER):
                return False
            signature = encode_dss_signature(r, s)
        public.verify(signature, data, ec.ECDSA(hashes.SM3()))
    except (InvalidSignature, SigningKeyError, ValueError):
        return False
    return True


class KeyRing:
    """One signer's keys, oldest first: the newest signs, every one verifies."""

    def __init__(self, keys: list[SigningKey], retired_public_keys: list[str] | None = None) -> None:
        if not keys:
            raise SigningKeyError("a key ring needs at least one signing key")
        self.keys = keys
        self.public_keys = {key_id_of(hex_): hex_ for hex_ in retired_public_keys or []}
        self.public_keys.update({key.key_id: key.public_key_hex for key in keys})

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def sign(self, data: bytes) -> Signature:
        return self.current.sign(data)

    def verify(self, data: bytes, signature: bytes, key_id: str | None = None) -> bool:
        candidates = [self.public_keys[key_id]] if key_id in self.public_keys else []
        if key_id is None:
            candidates = list(self.public_keys.values())
        return any(verify(public, data, signature) for public in candidates)

    @classmethod
    def from_texts(cls, texts: list[str], retired_public_keys: list[str] | None = None) -> KeyRing:
        return cls([SigningKey(load_private_key(text)) for text in texts], retired_public_keys)

    @classmethod
    def from_directory(cls, directory: Path) -> KeyRing:
        """Every *.pem (or *.key holding hex) in the directory, in name order: name them so the newest sorts last
        (2026-01.pem, 2026-07.pem)."""
        files = sorted(p for p in directory.iterdir() if p.suffix in {".pem", ".key"} and p.is_file())
        if not files:
            raise SigningKeyError(f"no signing key (*.pem) in {directory}")
        return cls.from_texts([p.read_text() for p in files])


def _write_development_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(private_key_pem(generate_private_key()))
    path.chmod(0o600)


@cache
def _licence_keyring(issuer_uscc: str, configured: tuple[str, ...], directory: str, develop: bool) -> KeyRing:
    if configured:
        return KeyRing.from_texts(list(configured))
    folder = Path(directory) / issuer_uscc
    if not (folder.is_dir() and any(p.suffix in {".pem", ".key"} for p in folder.iterdir())):
        if not develop:
            raise SigningKeyError(f"no licence signing key for issuer {issuer_uscc} (in {folder})")
        _write_development_key(folder / "development.pem")
    return KeyRing.from_directory(folder)


def licence_keyring(issuer_uscc: str) -> KeyRing:
    """The keys of one issuing department (by its 统一社会信用代码): settings.LICENCE_SIGNING_KEYS[uscc] (PEM or hex
    texts, oldest first), else the PEM files in LICENCE_SIGNING_KEY_DIR/<uscc>/; with LICENCE_DEVELOPMENT_KEYS on, a
    missing key is generated there."""
    configured = tuple(settings.LICENCE_SIGNING_KEYS.get(issuer_uscc, ()))
    return _licence_keyring(
        issuer_uscc, configured, str(settings.LICENCE_SIGNING_KEY_DIR), bool(settings.LICENCE_DEVELOPMENT_KEYS)
    )


@cache
def _log_keyring(keys: tuple[str, ...], retired: tuple[str, ...]) -> KeyRing:
    return KeyRing.from_texts(list(keys), list(retired))


def log_keyring() -> KeyRing:
    """The transparency log's keys: settings.LOG_SIGNING_KEYS (texts, oldest first; the last signs) and
    LOG_RETIRED_PUBLIC_KEYS (hex public keys that still verify old tree heads)."""
    return _log_keyring(tuple(settings.LOG_SIGNING_KEYS), tuple(settings.LOG_RETIRED_PUBLIC_KEYS))
