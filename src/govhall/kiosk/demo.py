"""Demo kiosks: one in each of the first two demo halls, with the queue demo's window groups when the hall has none
yet, opened with a development key (DEMO_KEY; never in production data). Idempotent."""

from django.db import transaction

from govhall.kiosk.devices import register_device
from govhall.kiosk.models import KioskDevice
from govhall.organisations.models import Hall, WindowGroup
from govhall.queueing.demo import GROUPS

DEMO_KEY = "demo-kiosk-key"


@transaction.atomic
def load_demo_kiosks() -> list[KioskDevice]:
    made = []
    for number, hall in enumerate(Hall.objects.order_by("pk")[:2], start=1):
        if not WindowGroup.objects.filter(hall=hall).exists():
            for order, (code, name) in enumerate(GROUPS):
                WindowGroup.objects.get_or_create(hall=hall, code=code, defaults={"name": name, "order": order})
        device, _ = register_device(
            hall=hall, code=f"demo-{number}", name=f"一楼大厅 {number} 号自助终端", actor=None, key=DEMO_KEY
        )
        made.append(device)
    return made
