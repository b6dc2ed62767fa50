"""Every change to a case. One function moves a case from state to state (act_on): it locks the row, checks the act is
allowed now and that nobody changed the case since the actor looked at it, appends the event, re-derives the clock
and writes the audit row. The named services state each act's own rules."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from govhall.accounts.access import staff_can
from govhall.cases import events
from govhall.cases.clocks import clock_of
from govhall.cases.constants import TRANSITIONS, Act, CaseState
from govhall.cases.models import Case, CaseEvent, CaseNumberSequence, Visit
from govhall.cases.permissions import may_perform
from govhall.catalog.models import Hall, Item
from govhall.core import audit


class CaseError(Exception):
    """An act on a case cannot be done; the message says why, for the person acting."""


class ActNotAllowed(CaseError):
    pass


class StaleCase(CaseError):
    """Someone else changed the case first."""


def next_number(day: date) -> str:
    sequence, _ = CaseNumberSequence.objects.select_for_update().get_or_create(day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"GH{day:%Y%m%d}{sequence.last:06d}"


def _published(item: Item) -> Any:
    version = item.current_version
    if version is None or version.catalog_only:
        raise CaseError("该事项的办事指南尚未编制完成，暂不能网上申报，请咨询办理部门。")
    return version


def submit_case(
    *,
    applicant: Any,
    item: Item,
    form_data: dict[str, Any],
    idempotency_key: str,
    channel: str,
    organisation: Any = None,
) -> Case:
    """File a case under the item's current guide version. The same idempotency key from the same applicant returns
    the case already made (a double click or a retried request makes one case)."""
    key = idempotency_key.strip()[:64]
    if key:
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first()
        if existing is not None:
            return existing
    version = _published(item)
    try:
        with transaction.atomic():
            now = timezone.now()
            case = Case.objects.create(
                number=next_number(timezone.localdate(now)),
                item=item,
                guide_version=version,
                department=item.department,
                applicant=applicant,
                organisation=organisation,
                channel=channel,
                state=CaseState.SUBMITTED,
                form_data=form_data,
                idempotency_key=key,
                submitted_at=now,
                revision=1,
            )
            event = CaseEvent.objects.create(
                case=case,
                act=Act.SUBMIT,
                from_state=CaseState.DRAFT,
                to_state=CaseState.SUBMITTED,
                at=now,
                actor=applicant,
                channel=channel,
            )
            events.recorded(event)
            audit.record(
                actor=applicant,
                action="cases.submit",
                channel=channel,
                target=case,
                detail={"item": item.implementation_code, "version": version.number},
            )
    except IntegrityError:
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing  # the same request arrived twice at once: the other one made it
    return case


@transaction.atomic
def act_on(
    *,
    case: Case,
    act: str,
    actor: Any,
    channel: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    expected_revision: int | None = None,
    require_reason: bool = False,
) -> Case:
    if require_reason and not reason.strip():
        raise CaseError(f"请填写{Act(act).label}的理由。")
    locked = Case.objects.select_for_update(of=("self",)).select_related("guide_version").get(pk=case.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleCase("该办件已被他人处理（页面内容已过期），请刷新后查看最新状态。")
    if not may_perform(actor, locked, act):
        raise ActNotAllowed(f"您的岗位无权对该办件{Act(act).label}。")
    allowed_from, to_state = TRANSITIONS[act]
    if locked.state not in allowed_from:
        raise ActNotAllowed(f"办件当前状态为“{CaseState(locked.state).label}”，不能{Act(act).label}。")
    now = timezone.now()
    before = locked.state
    after = to_state or before
    event = CaseEvent.objects.create(
        case=locked,
        act=act,
        from_state=before,
        to_state=after,
        at=now,
        actor=actor,
        channel=channel,
        reason=reason,
        detail=detail or {},
    )
    locked.state = after
    locked.revision += 1
    if act == Act.ACCEPT:
        locked.accepted_at = now
    if act == Act.CONCLUDE:
        locked.concluded_at = now
    clock = clock_of(locked, list(locked.events.order_by("at", "pk")))
    locked.promised_deadline = clock.promised_deadline
    locked.statutory_deadline = clock.statutory_deadline
    locked.clock_stopped = clock.stopped
    locked.save()
    events.recorded(event)  # sent after commit, reading the saved state and deadline
    audit.record(
        actor=actor,
        action=f"cases.{act}",
        channel=channel,
        target=locked,
        detail={"from": before, "to": after, "reason": reason[:500]},
    )
    return locked


def _need(text: str, what: str) -> str:
    if not text.strip():
        raise CaseError(f"请填写{what}。")
    return text.strip()


def accept_case(*, case: Case, actor: Any, channel: str, expected_revision: int | None = None) -> Case:
    return act_on(case=case, act=Act.ACCEPT, actor=actor, channel=channel, expected_revision=expected_revision)


def request_correction(
    *, case: Case, actor: Any, channel: str, missing: list[str], expected_revision: int | None = None
) -> Case:
    """一次性告知: one notice listing everything missing or wrong."""
    items = [entry.strip() for entry in missing if entry.strip()]
    if not items:
        raise CaseError("请逐项列出需要补正的材料或内容（一次性告知）。")
    return act_on(
        case=case,
        act=Act.REQUEST_CORRECTION,
        actor=actor,
        channel=channel,
        reason="；".join(items),
        detail={"missing": items},
        expected_revision=expected_revision,
    )


def resubmit(*, case: Case, actor: Any, channel: str, form_data: dict[str, Any] | None = None) -> Case:
    if actor.pk != case.applicant_id:
        raise CaseError("只有申请人可以提交补正材料。")
    updated = act_on(case=case, act=Act.RESUBMIT, actor=actor, channel=channel)
    if form_data:
        updated.form_data = {**updated.form_data, **form_data}
        updated.save(update_fields=["form_data"])
    return updated


def not_accept(*, case: Case, actor: Any, channel: str, reason: str, expected_revision: int | None = None) -> Case:
    return act_on(
        case=case,
        act=Act.NOT_ACCEPT,
        actor=actor,
        channel=channel,
        reason=_need(reason, "不予受理的理由"),
        expected_revision=expected_revision,
    )


def approve(*, case: Case, actor: Any, channel: str, expected_revision: int | None = None) -> Case:
    return act_on(case=case, act=Act.APPROVE, actor=actor, channel=channel, expected_revision=expected_revision)


def deny(*, case: Case, actor: Any, channel: str, reason: str, expected_revision: int | None = None) -> Case:
    return act_on(
        case=case,
        act=Act.DENY,
        actor=actor,
        channel=channel,
        reason=_need(reason, "不予许可的理由"),
        expected_revision=expected_revision,
    )


def suspend(*, case: Case, actor: Any, channel: str, procedure: str) -> Case:
    return act_on(case=case, act=Act.SUSPEND, actor=actor, channel=channel, reason=_need(procedure, "特别程序"))


def resume(*, case: Case, actor: Any, channel: str) -> Case:
    return act_on(case=case, act=Act.RESUME, actor=actor, channel=channel)


def extend(*, case: Case, actor: Any, channel: str, days: int, reason: str) -> Case:
    if not 1 <= days <= 30:
        raise CaseError("延期天数应在 1 到 30 个工作日之间。")
    return act_on(
        case=case, act=Act.EXTEND, actor=actor, channel=channel, reason=_need(reason, "延期理由"), detail={"days": days}
    )


def conclude(*, case: Case, actor: Any, channel: str) -> Case:
    return act_on(case=case, act=Act.CONCLUDE, actor=actor, channel=channel)


def withdraw(*, case: Case, actor: Any, channel: str, reason: str = "") -> Case:
    if actor.pk != case.applicant_id:
        raise CaseError("只有申请人可以撤回申请。")
    return act_on(case=case, act=Act.WITHDRAW, actor=actor, channel=channel, reason=reason)


@transaction.atomic
def record_visit(*, case: Case, actor: Any, purpose: str, hall: Hall | None = None) -> Visit:
    if not (getattr(actor, "is_staff_member", False) and staff_can(actor, "cases.receive", case.department)):
        raise ActNotAllowed("只有窗口人员可以登记到场。")
    visit = Visit.objects.create(case=case, hall=hall, purpose=_need(purpose, "到场事由"), recorded_by=actor)
    audit.record(actor=actor, action="cases.record_visit", channel="window", target=case, detail={"purpose": purpose})
    return visit


# Acts whose reason is written into the decision (and the person's notice), so they cannot be empty.
REASON_REQUIRED = frozenset({Act.NOT_ACCEPT, Act.DENY, Act.SUSPEND, Act.EXTEND})


def extend_checked(*, case: Case, actor: Any, days: str, reason: str, expected_revision: int | None = None) -> Case:
    if not days.isdigit():
        raise CaseError("请填写延期的工作日数。")
    if not 1 <= int(days) <= 30:
        raise CaseError("延期天数应在 1 到 30 个工作日之间。")
    return act_on(
        case=case,
        act=Act.EXTEND,
        actor=actor,
        channel="window",
        reason=_need(reason, "延期理由"),
        detail={"days": int(days)},
        expected_revision=expected_revision,
    )


@transaction.atomic
def claim(*, case: Case, actor: Any) -> Case:
    """The member of staff takes the case as its handler."""
    if not getattr(actor, "is_staff_member", False) or not staff_can(actor, "cases.view", case.department):
        raise ActNotAllowed("只有本部门工作人员可以认领办件。")
    Case.objects.filter(pk=case.pk).update(handler=actor)
    audit.record(actor=actor, action="cases.claim", channel="window", target=case)
    case.handler = actor
    return case
