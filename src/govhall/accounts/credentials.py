"""What a changed password ends (忘记密码 via SMS, a change in the back office or `manage.py changepassword`): every
OAuth/OIDC access token, refresh token, ID token and unused authorization code the person's apps hold (the API's bearer
tokens for a person are these access tokens), and every session but the changer's. Sessions need no sweep: Django keeps
a hash of the password in each session and ends one whose hash no longer matches on its next request; the changer's own
session is given the new hash by the view that changed it (`update_session_auth_hash`, as the admin's password pages
do). Called by `User.save` whenever an existing account's password was set, in that save's transaction; audited as
`accounts.password_changed` with what was revoked."""

from typing import TYPE_CHECKING

from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_grant_model, get_id_token_model, get_refresh_token_model

from govhall.core import audit
from govhall.core.constants import Channel

if TYPE_CHECKING:
    from govhall.accounts.models import User


def revoke_app_tokens(user: "User") -> dict[str, int]:
    """Revoke every token and code the person's apps hold; returns how many of each."""
    refresh = get_refresh_token_model().objects.filter(user=user, revoked__isnull=True).update(revoked=timezone.now())
    access, _ = get_access_token_model().objects.filter(user=user).delete()
    id_tokens, _ = get_id_token_model().objects.filter(user=user).delete()
    grants, _ = get_grant_model().objects.filter(user=user).delete()
    return {"access_tokens": access, "refresh_tokens": refresh, "id_tokens": id_tokens, "codes": grants}


def password_changed(user: "User", *, channel: str = "", ip_address: str | None = None) -> None:
    revoked = revoke_app_tokens(user)
    audit.record(
        actor=user if channel else None,
        action="accounts.password_changed",
        channel=channel or Channel.SYSTEM,
        target=user,
        detail={**revoked, "sessions": "ended"},
        ip_address=ip_address,
    )
