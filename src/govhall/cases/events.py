"""Case events and who follows them. Every service that records an event calls `recorded` once, inside the event's
transaction; `recorded` calls each subscribed handler with the CaseEvent, still in that transaction. A handler decides
itself whether the event wants follow-up work and enqueues it with core.outbox.enqueue: the task rows are written to
the database queue in the event's transaction (the queue is the outbox), so a committed event always has its follow-ups
and a rolled-back one has none. The tasks run later in the task worker; the sending itself is recorded per delivery
before each call to the outside world.

Subscribers register in their app's AppConfig.ready (cases: the applicant's notice, then the documents; integrations:
the webhooks). Handlers run in the order they subscribed, which follows INSTALLED_APPS — the same on every start. This
module imports none of its subscribers, so cases knows nothing of the apps that follow its events."""

from collections.abc import Callable

from govhall.cases.models import CaseEvent

Handler = Callable[[CaseEvent], None]

_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    """Call `handler(event)` for every recorded event, after the handlers subscribed before it. Subscribing the same
    handler twice (an app's ready() run again) keeps one subscription."""
    if handler not in _handlers:
        _handlers.append(handler)


def subscribers() -> list[Handler]:
    """The handlers, in the order they run."""
    return list(_handlers)


def recorded(event: CaseEvent) -> None:
    """Tell every subscriber about the event; call inside the event's transaction."""
    for handler in _handlers:
        handler(event)
