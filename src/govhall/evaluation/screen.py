"""The window's rating screen (一次一评): a tablet facing the citizen opens the clerk's screen link, a signed token that
names the clerk and lasts one working day (SCREEN_HOURS). The link lets the screen show only that clerk's pending
请评价 request and record the applicant's answer to it — nothing else, and no staff session on a device the public
touches."""

from django.core import signing

from govhall.accounts.models import User

SCREEN_SALT = "govhall.evaluation.screen"
SCREEN_HOURS = 14


def screen_token(clerk: User) -> str:
    return signing.dumps({"clerk": clerk.pk}, salt=SCREEN_SALT, compress=True)


def clerk_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token[:200], salt=SCREEN_SALT, max_age=SCREEN_HOURS * 3600)
    except signing.BadSignature:
        return None
    clerk_id = data.get("clerk") if isinstance(data, dict) else None
    if not isinstance(clerk_id, int):
        return None
    return User.objects.filter(pk=clerk_id, is_active=True).first()
