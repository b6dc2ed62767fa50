"""What the portal's frame needs on every page: the signed-in person's unread messages (the badge on 我的办件 in the
menu and the bottom bar), counted only when a template shows it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from govhall.notices import inbox


def phone_frame(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": SimpleLazyObject(lambda: inbox.unread_count(user))}
