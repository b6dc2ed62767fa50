"""Which kiosk a browser is: a device is opened once with its code and key (start), which leaves a signed cookie that
names the device and the first characters of its key's hash. Every kiosk request reads the device back from that
cookie (device_for); a new key or a disabled device ends it. The cookie survives the kiosk's logout after each person."""

import hashlib
import hmac
import secrets

from django.core import signing
from django.db import transaction

from govhall.core import audit
from govhall.core.audit import Actor
from govhall.kiosk.models import KioskDevice
from govhall.organisations.models import Hall

COOKIE = "govhall_kiosk"
SALT = "govhall.kiosk.device"
COOKIE_DAYS = 365


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def register_device(
    *, hall: Hall, code: str, name: str, actor: Actor, key: str | None = None
) -> tuple[KioskDevice, str]:
    """A new kiosk (or a new key for an existing one): the device and its key, shown this once."""
    key = key or secrets.token_urlsafe(24)
    device, _ = KioskDevice.objects.update_or_create(
        code=code, defaults={"hall": hall, "name": name, "key_hash": key_hash(key), "is_active": True}
    )
    audit.record(actor=actor, action="kiosk.register_device", target=device, detail={"hall": hall.slug})
    return device, key


def open_device(*, code: str, key: str) -> KioskDevice | None:
    """The device these credentials open, or None."""
    device = KioskDevice.objects.filter(code=code[:40], is_active=True).select_related("hall").first()
    if device is None or not hmac.compare_digest(device.key_hash, key_hash(key[:100])):
        return None
    return device


def cookie_value(device: KioskDevice) -> str:
    return signing.dumps({"device": device.pk, "key": device.key_hash[:16]}, salt=SALT)


def device_for(value: str | None) -> KioskDevice | None:
    """The device named by a kiosk cookie, while it is active and its key unchanged."""
    if not value:
        return None
    try:
        data = signing.loads(value[:300], salt=SALT, max_age=COOKIE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("device"), int):
        return None
    device = KioskDevice.objects.filter(pk=data["device"], is_active=True).select_related("hall").first()
    if device is None or not hmac.compare_digest(device.key_hash[:16], str(data.get("key", ""))):
        return None
    return device
