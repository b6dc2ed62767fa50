"""The audit log: every service that changes data, and every view of personal data, calls record()."""

from contextvars import ContextVar
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from govhall.core.constants import AuditResult, Channel
from govhall.core.models import AuditEvent

# Who the current request acts for (a legal person's name), set per request by ActingForMiddleware, so that every audit
# row written while acting for an enterprise says so without each service passing it along.
acting_for: ContextVar[str] = ContextVar("acting_for", default="")

# Who acts: a user, or None for the system itself (an anonymous request's user counts as nobody). Django's own user
# types, since core sits below accounts; apps above accounts take accounts.User (or User | None).
type Actor = AbstractBaseUser | AnonymousUser | None


def record(
    *,
    actor: Actor,
    action: str,
    channel: str = Channel.SYSTEM,
    target: models.Model | None = None,
    result: str = AuditResult.SUCCESS,
    detail: dict[str, Any] | None = None,
    on_behalf_of: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` is a user or None for the system itself."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user else None,  # (core does not know the user model: accounts sits above it)
        actor_label=(user.get_username() if user else "system")[:150],
        on_behalf_of=(on_behalf_of or acting_for.get())[:150],
        action=action,
        channel=channel,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:255] if target is not None else "",
        result=result,
        detail=detail or {},
        ip_address=ip_address,
    )
