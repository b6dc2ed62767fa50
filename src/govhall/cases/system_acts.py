"""Acts a department's own system pushes back through the API with its key (scope cases:decide). Each goes through the
named service in services.py with no person as actor and channel "api"; the key is written into the event's detail and
its own audit row, so the timeline and the audit log say which system acted."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from govhall.accounts.models import ApiKey
from govhall.cases import services
from govhall.cases.constants import Act
from govhall.cases.models import Case, CaseEvent
from govhall.core import audit
from govhall.core.constants import Channel


def _days(days: int | None) -> int:
    if days is None:
        raise services.CaseError("请填写延期的工作日数（days）。")
    return days


# act → the service call, given the case and the request's reason, missing list and days.
SystemAct = Callable[[Case, str, list[str], int | None], Case]
SYSTEM_ACTS: dict[str, SystemAct] = {
    Act.ACCEPT: lambda case, reason, missing, days: services.accept_case(case=case, actor=None, channel=Channel.API),
    Act.REQUEST_CORRECTION: lambda case, reason, missing, days: services.request_correction(
        case=case, actor=None, channel=Channel.API, missing=missing
    ),
    Act.NOT_ACCEPT: lambda case, reason, missing, days: services.not_accept(
        case=case, actor=None, channel=Channel.API, reason=reason
    ),
    Act.START_REVIEW: lambda case, reason, missing, days: services.act_on(
        case=case, act=Act.START_REVIEW, actor=None, channel=Channel.API
    ),
    Act.PASS_STEP: lambda case, reason, missing, days: services.act_on(
        case=case, act=Act.PASS_STEP, actor=None, channel=Channel.API, reason=reason
    ),
    Act.SUSPEND: lambda case, reason, missing, days: services.suspend(
        case=case, actor=None, channel=Channel.API, procedure=reason
    ),
    Act.RESUME: lambda case, reason, missing, days: services.resume(case=case, actor=None, channel=Channel.API),
    Act.EXTEND: lambda case, reason, missing, days: services.extend(
        case=case, actor=None, channel=Channel.API, days=_days(days), reason=reason
    ),
    Act.APPROVE: lambda case, reason, missing, days: services.approve(case=case, actor=None, channel=Channel.API),
    Act.DENY: lambda case, reason, missing, days: services.deny(
        case=case, actor=None, channel=Channel.API, reason=reason
    ),
    Act.CONCLUDE: lambda case, reason, missing, days: services.conclude(case=case, actor=None, channel=Channel.API),
}


def key_label(key: ApiKey) -> dict[str, Any]:
    return {"api_key": key.prefix, "system": key.name}


@transaction.atomic
def act_by_system(
    *,
    case: Case,
    api_key: ApiKey,
    act: str,
    reason: str = "",
    missing: list[str] | None = None,
    days: int | None = None,
    expected_revision: int | None = None,
) -> Case:
    """Perform `act` for the department system holding `api_key` (whose department must be the case's: the caller
    checks). `expected_revision` is checked under the row lock for every act, so a decision made on a stale view of
    the case is refused (StaleCase)."""
    perform = SYSTEM_ACTS.get(act)
    if perform is None:
        raise services.ActNotAllowed(f"部门系统不能通过接口执行“{act}”。可用的动作：{'、'.join(SYSTEM_ACTS)}。")
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise services.StaleCase("该办件已被他人处理（修订号已变化），请重新获取办件后再提交。")
    last_event = locked.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    updated = perform(locked, reason, missing or [], days)
    made = list(CaseEvent.objects.filter(case=locked, pk__gt=last_event).order_by("pk"))
    for event in made:  # committed together with the events, before anything is sent about them
        event.detail = {**event.detail, **key_label(api_key)}
        event.save(update_fields=["detail"])
    audit.record(
        actor=None,
        action="cases.system_act",
        channel=Channel.API,
        target=updated,
        detail={"act": act, "events": [event.pk for event in made], **key_label(api_key)},
    )
    return updated
