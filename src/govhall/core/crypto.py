"""Field-level encryption of personal data, keyed blind indexes for exact lookup, and masking for display.

The keys are settings of their own (FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEYS), each a list with the newest first:
the first field key encrypts and all decrypt; the first blind-index key computes every index. `manage.py rotate_keys`
(govhall.core.keys) brings stored values onto the newest keys."""

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


@lru_cache(maxsize=1)
def newest_fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting in {"FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS"}:
        _fernet.cache_clear()
        newest_fernet.cache_clear()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong key or damaged value") from exc


def is_under_newest_key(token: str) -> bool:
    try:
        newest_fernet().decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str, key: bytes | None = None) -> str:
    """A keyed hash for exact lookup of an encrypted value (normalised: stripped, upper case), under the newest
    blind-index key unless another is given."""
    normalised = value.strip().upper()
    return hmac.new(key or settings.BLIND_INDEX_KEYS[0], normalised.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class BlindIndex:
    """`index` on `model` holds blind_index() of the encrypted field `source`."""

    model: str
    source: str
    index: str


BLIND_INDEXES: list[BlindIndex] = []


def register_blind_index(model: str, *, source: str, index: str) -> None:
    """Declare a blind index so `manage.py rotate_keys` recomputes it (called from the app's ready())."""
    entry = BlindIndex(model, source, index)
    if entry not in BLIND_INDEXES:
        BLIND_INDEXES.append(entry)


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
