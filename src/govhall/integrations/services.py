"""Registering department endpoints and requeueing failed deliveries; each writes an audit row."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from govhall.accounts.models import User
from govhall.cases.constants import Act
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.outbox import enqueue
from govhall.integrations.models import DepartmentEndpoint, WebhookDelivery
from govhall.integrations.webhooks import send_delivery
from govhall.organisations.models import Department


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def check_acts(acts: list[str]) -> list[str]:
    unknown = sorted(set(acts) - set(Act.values))
    if unknown:
        raise ValueError(f"未知的动作：{', '.join(unknown)}")
    return sorted(set(acts))


@transaction.atomic
def register_endpoint(
    *, department: Department, name: str, url: str, acts: list[str], actor: User | None, channel: str = Channel.ADMIN
) -> tuple[DepartmentEndpoint, str]:
    """Add an endpoint with a new secret; the secret is returned to be shown once to the department."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValueError(f"接收地址无效：{url}") from error
    secret = new_secret()
    endpoint = DepartmentEndpoint.objects.create(
        department=department, name=name, url=url, secret=secret, acts=check_acts(acts)
    )
    audit.record(
        actor=actor, action="integrations.register_endpoint", channel=channel, target=endpoint, detail={"url": url}
    )
    return endpoint, secret


@transaction.atomic
def rotate_secret(*, endpoint: DepartmentEndpoint, actor: User | None, channel: str = Channel.ADMIN) -> str:
    secret = new_secret()
    endpoint.secret = secret
    endpoint.save(update_fields=["secret"])
    audit.record(actor=actor, action="integrations.rotate_secret", channel=channel, target=endpoint)
    return secret


def retry_failed(*, deliveries: list[WebhookDelivery], actor: User | None) -> int:
    """An operator sends failed deliveries again (a fresh round of attempts)."""
    ids = [delivery.pk for delivery in deliveries if delivery.state == WebhookDelivery.State.FAILED]
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk__in=ids, state=WebhookDelivery.State.FAILED).update(
            state=WebhookDelivery.State.PENDING, attempts=0
        )
        for delivery_id in ids:
            audit.record(
                actor=actor,
                action="integrations.retry_delivery",
                channel=Channel.ADMIN,
                detail={"delivery": delivery_id},
            )
        for delivery_id in ids:
            enqueue(send_delivery, delivery_id)  # in this transaction: the queue is the outbox
    return len(ids)
