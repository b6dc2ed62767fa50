"""Who sees the supervision figures (docs/supervision.md, "Access"):

- staff whose role holds `supervision.view` (the supervisor, 效能监察) see the figures, lists and drill-downs of the
  departments they are placed in;
- a supervisor placed in the government office (区政府办, settings.OVERSIGHT_DEPARTMENTS) sees every department;
- anyone else signed in is refused (403); a visitor not signed in is sent to the login page;
- the public page (评价结果公开) needs no login and shows only aggregate numbers."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from govhall.accounts.models import User
from govhall.organisations.access import staff_scope

PERMISSION = "supervision.view"


def supervision_scope(user: User) -> list[int] | None:
    """The departments `user` supervises: None for all, a list (maybe empty) otherwise."""
    if not user.is_authenticated or not getattr(user, "is_staff_member", False):
        return []
    return staff_scope(user, PERMISSION)


def supervisor(request: HttpRequest) -> tuple[User, list[int] | None]:
    """The signed-in supervisor and their scope, or PermissionDenied."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("效能监察仅供监察人员使用。")
    scope = supervision_scope(user)
    if scope == []:
        raise PermissionDenied("效能监察仅供监察人员使用。")
    return user, scope
