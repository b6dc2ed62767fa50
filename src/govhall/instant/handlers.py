"""What 秒批 does on a case event (subscribed in InstantConfig.ready; runs inside the event's transaction)."""

from govhall.cases.constants import Act
from govhall.cases.models import CaseEvent
from govhall.core.outbox import enqueue
from govhall.instant.models import InstantRuleSet


def on_event(event: CaseEvent) -> None:
    """A submitted case of an item with active rules is decided by the task worker (no fetch in this transaction)."""
    if event.act != Act.SUBMIT:
        return
    if InstantRuleSet.objects.filter(item_id=event.case.item_id, active=True).exists():
        from govhall.instant.tasks import decide_instantly

        enqueue(decide_instantly, event.case_id)
