"""`make bench`'s ticket-taking scenarios over HTTP, the Django side (bench/ticket_bench.py runs it with the bench's
environment, DATABASE_URL included):
    python bench/ticket_gen.py setup --halls 4 --kiosks 8 --people 600
        halls with two window groups each (A, B) and five windows, `kiosks` kiosk devices per hall (code and key
        printed, to be opened through /kiosk/start/ as a kiosk's browser is), and `people` real-name people each with
        a signed-in session and a CSRF cookie (as a phone that signed in earlier holds them); prints the halls'
        slugs and group ids, the kiosks and the phones' cookies.
    python bench/ticket_gen.py check
        after the run: every group's numbers of today are 1…n without a gap or a repeat; tickets per source; people
        holding more than one live ticket in a group (must be none).
Each prints one JSON line at the end."""

import argparse
import json
import os
import secrets
import string
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from govhall.accounts.constants import AccountKind  # noqa: E402
from govhall.accounts.middleware import LAST_SEEN  # noqa: E402
from govhall.accounts.models import User  # noqa: E402
from govhall.kiosk.devices import register_device  # noqa: E402
from govhall.organisations.models import Window, WindowGroup  # noqa: E402
from govhall.queueing.constants import LIVE_STATES  # noqa: E402
from govhall.queueing.models import Ticket  # noqa: E402

PREFIX = "bench-ticket"
CSRF_CHARS = string.ascii_letters + string.digits


def setup(halls: int, kiosks: int, people: int) -> dict[str, Any]:
    from govhall.catalog.tests.factories import HallFactory

    made = []
    for n in range(halls):
        hall = HallFactory(name=f"取号测试大厅{n}", slug=f"{PREFIX}-{n}", code=f"BT-{n:03d}")
        groups = [WindowGroup.objects.create(hall=hall, code=code, name=f"分组{code}") for code in ("A", "B")]
        for number in range(1, 6):
            Window.objects.create(hall=hall, number=str(number)).groups.set(groups)
        devices = []
        for k in range(kiosks):
            key = secrets.token_urlsafe(24)
            register_device(hall=hall, code=f"{PREFIX}-{n}-{k}", name=f"{k + 1} 号自助终端", actor=None, key=key)
            devices.append({"code": f"{PREFIX}-{n}-{k}", "key": key})
        made.append({"slug": hall.slug, "groups": [group.pk for group in groups], "kiosks": devices})
    accounts = [User(username=f"{PREFIX}-{n}", kind=AccountKind.PERSON) for n in range(people)]
    for account in accounts:
        account.set_unusable_password()
    User.objects.bulk_create(accounts, batch_size=1000)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    phones = []
    for account in User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(account.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = account.get_session_auth_hash()
        session[LAST_SEEN] = timezone.now().timestamp()
        session.create()
        csrf = "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
        phones.append(
            {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}", "csrf": csrf}
        )
    return {"halls": made, "phones": phones}


def check() -> dict[str, Any]:
    today = timezone.localdate()
    tickets = Ticket.objects.filter(day=today, hall__slug__startswith=f"{PREFIX}-")
    gapless = True
    for group in WindowGroup.objects.filter(hall__slug__startswith=f"{PREFIX}-"):
        numbers = sorted(tickets.filter(group=group).values_list("number", flat=True))
        gapless = gapless and numbers == list(range(1, len(numbers) + 1))
    doubled = (
        tickets.filter(account__isnull=False, state__in=LIVE_STATES)
        .values("account", "group")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    by_source = dict(tickets.values_list("source").annotate(n=Count("pk")).values_list("source", "n"))
    return {"tickets": tickets.count(), "by_source": by_source, "numbers_gapless": gapless, "doubled": doubled}


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("setup")
    made.add_argument("--halls", type=int, default=4)
    made.add_argument("--kiosks", type=int, default=8)
    made.add_argument("--people", type=int, default=600)
    commands.add_parser("check")
    arguments = parser.parse_args()
    result = setup(arguments.halls, arguments.kiosks, arguments.people) if arguments.command == "setup" else check()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
