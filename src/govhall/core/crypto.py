"""Field-level encryption of personal data, keyed blind indexes for exact lookup, and masking for display.

Keys come from the environment (FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY); without them they are derived from SECRET_KEY
with HKDF, and a system check warns in production. Several encryption keys may be listed: the first encrypts, all
decrypt, so keys can be rotated by putting a new one first and re-saving rows."""

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"govhall", info=purpose).derive(
        settings.SECRET_KEY.encode()
    )


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS) or [base64.urlsafe_b64encode(_derive(b"field-encryption")).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


@lru_cache(maxsize=1)
def _index_key() -> bytes:
    return settings.BLIND_INDEX_KEY.encode() if settings.BLIND_INDEX_KEY else _derive(b"blind-index")


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong key or damaged value") from exc


def blind_index(value: str) -> str:
    """A keyed hash for exact lookup of an encrypted value (normalised: stripped, upper case)."""
    normalised = value.strip().upper()
    return hmac.new(_index_key(), normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores its value encrypted (Fernet: AES-128-CBC + HMAC-SHA256); reads decrypt. Only exact lookups through a
    companion blind-index field are possible."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


def mask_document_number(value: str) -> str:
    """110105********002X: the first six and the last four characters remain."""
    if len(value) <= 8:
        return value[:1] + "*" * max(len(value) - 2, 0) + value[-1:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****1234."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张*, 欧阳**: the family name remains."""
    if len(value) <= 1:
        return value
    keep = 2 if len(value) >= 4 else 1
    return value[:keep] + "*" * (len(value) - keep)
