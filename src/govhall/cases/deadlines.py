"""The periodic deadline sweep: cases close to their promised deadline (clocks.warning_days() working days or fewer) get a
warning, late ones an overdue alert, each sent once to the handler (or, with no handler yet, to the department's staff
who may review). Run by the task worker every few minutes (`manage.py sweep_deadlines` enqueues it; cron or the serve
script calls that)."""

from datetime import date

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.clocks import TimeLeft
from govhall.cases.constants import FINAL_STATES, CaseState, PostCheckState
from govhall.cases.models import Case, PostCheck
from govhall.core import audit
from govhall.notices.services import tell
from govhall.organisations.access import staff_can

OPEN_CLOCK_STATES = [CaseState.ACCEPTED, CaseState.UNDER_REVIEW]
LEVELS = {"warning": 1, "overdue": 2}


def _recipients(case: Case) -> list[User]:
    if case.handler is not None:
        return [case.handler]
    staff = User.objects.filter(memberships__department=case.department).distinct()
    return [user for user in staff if staff_can(user, "cases.review", case.department)]


@task()
def sweep_deadlines() -> dict[str, int]:
    today = timezone.localdate()
    sent = {"warning": 0, "overdue": 0}
    left = TimeLeft.on(today)
    candidates = (
        Case.objects.filter(state__in=OPEN_CLOCK_STATES, promised_deadline__isnull=False, clock_stopped=False)
        .exclude(state__in=FINAL_STATES)
        .exclude(deadline_alert="overdue")
        .select_related("item", "handler", "department")
    )
    for case in candidates.iterator(chunk_size=500):
        deadline = case.promised_deadline
        level = left.of(deadline)
        if level not in LEVELS:
            continue
        if LEVELS.get(case.deadline_alert, 0) >= LEVELS[level]:
            continue
        with transaction.atomic():
            updated = Case.objects.filter(pk=case.pk, deadline_alert=case.deadline_alert).update(deadline_alert=level)
            if not updated:
                continue  # another sweep got there first
            words = "已超过承诺办结期限" if level == "overdue" else "即将到达承诺办结期限"
            for user in _recipients(case):
                tell(
                    user=user,
                    case=case,
                    title=f"【{'超期' if level == 'overdue' else '临期'}】{case.number}",
                    body=f"办件 {case.number}（{case.item.name}）{words}（{deadline:%Y-%m-%d}），请尽快办理。",
                    send=False,  # staff: the inbox alone
                )
            audit.record(actor=None, action=f"cases.deadline_{level}", target=case, detail={"deadline": str(deadline)})
        sent[level] += 1
    sent["post_check"] = _sweep_post_checks(today)
    return sent


def _sweep_post_checks(today: date) -> int:
    """告知承诺制 post-checks past their deadline: the department's reviewers are told once (the case's own clock has
    ended, so its deadline_alert records the alert)."""
    late = (
        PostCheck.objects.filter(state=PostCheckState.PENDING, due_date__lt=today)
        .exclude(case__deadline_alert="overdue")
        .select_related("case__item", "case__department")
    )
    told = 0
    for check in late:
        case = check.case
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk).exclude(deadline_alert="overdue").update(deadline_alert="overdue"):
                continue
            for user in _recipients(case):
                tell(
                    user=user,
                    case=case,
                    title=f"【事后核查超期】{case.number}",
                    body=f"办件 {case.number}（{case.item.name}）的告知承诺事后核查已超过期限（{check.due_date:%Y-%m-%d}）。",
                    send=False,
                )
            audit.record(
                actor=None, action="cases.post_check_overdue", target=case, detail={"due": str(check.due_date)}
            )
        told += 1
    return told
