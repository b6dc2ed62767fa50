"""What every kiosk page shows around its content: the device, the person signed in (name masked), 长辈模式 (on unless
the person chose standard text) and the idle timings for static/js/kiosk.js."""

from django.conf import settings
from django.http import HttpRequest

from govhall.kiosk.session import person_of

STANDARD_TEXT_COOKIE = "govhall_kiosk_standard"


def masked_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: enough for the person to know it is them, not for the next one to learn it."""
    return f"{name[:1]}{'*' * max(1, len(name) - 1)}" if name else ""


def kiosk(request: HttpRequest) -> dict[str, object]:
    device = getattr(request, "kiosk", None)
    if device is None:
        return {}
    person = person_of(request)
    return {
        "kiosk": device,
        "kiosk_person": person,
        "kiosk_person_name": masked_name(person.display_name) if person is not None else "",
        "kiosk_large_text": request.COOKIES.get(STANDARD_TEXT_COOKIE) != "1",
        "kiosk_idle_seconds": settings.KIOSK_IDLE_SECONDS,
        "kiosk_countdown_seconds": settings.KIOSK_COUNTDOWN_SECONDS,
    }
