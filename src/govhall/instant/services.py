"""秒批: the system decides a submitted case by its item's rules over shared data, or hands it to a person.

`decide` runs in the task worker (tasks.decide_instantly, enqueued on submission by handlers.on_event): it fetches
the records the rules read (purpose: the case number; sharing logs every fetch), evaluates every rule, and when all
hold accepts, approves and concludes the case as the system (actor None, channel 系统) in one transaction — a
licence the item issues follows from the conclusion (cases.licensing). Anything else — a source failed or refused, a
rule not met, the case already taken by a person, an error — leaves the case for normal handling with an
InstantDecision saying why. A deterministic sample of approvals (settings.INSTANT_AUDIT_SAMPLE_PERCENT, chosen by a
SHA-256 hash of the case number) waits for a reviewer's audit (`review`)."""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.cases import services as cases
from govhall.cases.constants import Act, CaseState
from govhall.cases.models import Case
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.instant.constants import Outcome, ReviewState
from govhall.instant.models import InstantDecision, InstantRule, InstantRuleSet
from govhall.notices.services import tell
from govhall.organisations.access import staff_can, supervisors_of
from govhall.sharing.conditions import gather

logger = logging.getLogger(__name__)
SYSTEM_ACTS = (Act.ACCEPT, Act.APPROVE, Act.CONCLUDE)


class InstantError(Exception):
    """An audit cannot be recorded; the message says why."""


def sampled(number: str, percent: int | None = None) -> bool:
    """Is the case numbered `number` in the audit sample? The same answer for the same number, every time."""
    share = settings.INSTANT_AUDIT_SAMPLE_PERCENT if percent is None else percent
    return int.from_bytes(hashlib.sha256(number.encode()).digest()[:4], "big") % 100 < share


def rule_set_for(case: Case) -> InstantRuleSet | None:
    return InstantRuleSet.objects.filter(item_id=case.item_id, active=True).first()


def subjects_of(case: Case) -> dict[str, str]:
    """Whom the case's fetches ask about: the applicant (resident ID) and the enterprise it is for (USCC)."""
    subjects: dict[str, str] = {}
    person = getattr(case.applicant, "person", None)
    if person is not None:
        subjects["person"] = str(person.document_number)
    if case.organisation is not None:
        subjects["organisation"] = case.organisation.uscc
    return subjects


def applicant_facts(case: Case) -> dict[str, str]:
    person = getattr(case.applicant, "person", None)
    if person is None:
        return {}
    return {"real_name": str(person.real_name), "document_number": str(person.document_number)}


def reasons_for(rules: list[InstantRule], records: dict[tuple[int, str], Any], case: Case) -> list[dict[str, Any]]:
    """Each rule, what it read and whether it held (values masked as the condition language shows them)."""
    today = timezone.localdate()
    facts = applicant_facts(case)
    reasons = []
    for rule in rules:
        verdict = rule.verdict(records.get(rule.source_key()), today=today, applicant=facts)
        reasons.append(
            {"rule": rule.name, "condition": rule.describe(), "observed": verdict.observed, "held": verdict.held}
        )
    return reasons


def decide(case_id: int) -> InstantDecision | None:
    """Decide the case by its item's rules, or hand it to a person (None when there is nothing to decide: no active
    rules, not submitted, decided before). Call outside any transaction: the sources are asked over the network."""
    case = Case.objects.select_related("applicant__person", "organisation", "department").get(pk=case_id)
    rule_set = rule_set_for(case)
    if rule_set is None or case.state != CaseState.SUBMITTED or InstantDecision.objects.filter(case=case).exists():
        return None
    revision = case.revision
    try:
        rules = list(rule_set.rules.select_related("resource__department"))
        if not rules:
            return hand_over(case, [], _("该事项的秒批规则集没有规则。"))
        gathered = gather(rules, subjects=subjects_of(case), purpose=case.number, department=case.department)
        if gathered.failure:
            return hand_over(case, [], gathered.failure)
        reasons = reasons_for(rules, gathered.records, case)
        unmet = [reason for reason in reasons if not reason["held"]]
        if unmet:
            why = "；".join(
                f"{reason['rule']}（{reason['condition']}，实际：{reason['observed']}）" for reason in unmet
            )
            return hand_over(case, reasons, _("未满足秒批规则：%(why)s") % {"why": why})
        return approve_by_rules(case, reasons, revision)
    except Exception as error:  # any failure falls back to a person, with the reason
        logger.exception("instant decision of case %s failed", case.number)
        return hand_over(case, [], _("系统秒批出错（%(error)s），转人工办理。") % {"error": type(error).__name__})


@transaction.atomic
def approve_by_rules(case: Case, reasons: list[dict[str, Any]], revision: int) -> InstantDecision:
    """Accept, approve and conclude as the system, if nobody touched the case since the rules were evaluated."""
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if locked.state != CaseState.SUBMITTED or locked.revision != revision:
        return hand_over(locked, reasons, _("评估期间办件已被处理，由人工继续办理。"))
    detail = {"instant": True, "rules": [f"{reason['rule']}：{reason['condition']}" for reason in reasons]}
    for act in SYSTEM_ACTS:
        locked = cases.act_on(case=locked, act=act, actor=None, channel=Channel.SYSTEM, detail=detail)
    decision = InstantDecision.objects.create(
        case=locked,
        outcome=Outcome.APPROVED,
        reasons=reasons,
        review_state=ReviewState.PENDING if sampled(locked.number) else ReviewState.NOT_SAMPLED,
    )
    audit.record(
        actor=None,
        action="instant.approve",
        target=locked,
        detail={"rules": detail["rules"], "sampled": decision.review_state},
    )
    return decision


@transaction.atomic
def hand_over(case: Case, reasons: list[dict[str, Any]], note: str) -> InstantDecision:
    """The case stays for a person to handle; the decision record says why."""
    decision, _created = InstantDecision.objects.get_or_create(
        case=case, defaults={"outcome": Outcome.FALLBACK, "reasons": reasons, "note": note[:300]}
    )
    audit.record(actor=None, action="instant.hand_over", target=case, detail={"note": note[:300]})
    return decision


@transaction.atomic
def review(
    *, decision: InstantDecision, reviewer: User, correct: bool, note: str = "", channel: str = Channel.WEB
) -> InstantDecision:
    """秒批抽查: a reviewer of the case's department marks a sampled approval 通过 or 有误 (a note required). 有误
    does not undo the decision by itself — revoking a licence is a decision of its own (撤销许可, by an approver,
    with a reason): the department's approvers are told, and supervision counts it."""
    locked = (
        InstantDecision.objects.select_for_update(of=("self",)).select_related("case__department").get(pk=decision.pk)
    )
    if not staff_can(reviewer, "cases.review", locked.case.department):
        raise InstantError(_("只有该部门的审查人员可以抽查秒批办件。"))
    if locked.review_state != ReviewState.PENDING:
        raise InstantError(_("该秒批办件不在待抽查状态。"))
    note = note.strip()
    if not correct and not note:
        raise InstantError(_("标记“有误”时请写明问题。"))
    locked.review_state = ReviewState.CORRECT if correct else ReviewState.WRONG
    locked.reviewer = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_note = note[:300]
    locked.save(update_fields=["review_state", "reviewer", "reviewed_at", "review_note"])
    audit.record(
        actor=reviewer,
        action="instant.review",
        channel=channel,
        target=locked.case,
        detail={"state": locked.review_state, "note": locked.review_note},
    )
    if not correct:
        for approver in User.objects.filter(pk__in=supervisors_of(locked.case.department, "cases.decide")):
            tell(
                user=approver,
                case=locked.case,
                title=_("秒批办件 %(number)s 抽查有误") % {"number": locked.case.number},
                body=_("抽查意见：%(note)s。请核实，必要时依法撤销许可。") % {"note": locked.review_note},
                send=False,
            )
    return locked
