"""免申即享: match a policy against shared data, offer the benefit to those eligible, and their answer.

`run_policy` reads the platform's real-name users in chunks (settings.BENEFIT_RUN_CHUNK), skipping anyone who already
has an offer of the policy (offered, confirmed, declined or opted out — one per policy and person, ever), fetches the
records the policy's conditions read (purpose: the run's number for that person, so every fetch is checked and logged
like any other), and for each person meeting all conditions makes an offer: a draft case of the benefit's item,
prefilled from their real-name data, and a notice. The person then only confirms (the draft is submitted as it is) or
declines (the draft is withdrawn); opting out stops the policy from reading their data again. Fetches run outside any
transaction; each offer is its own transaction."""

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import PersonProfile, User
from govhall.cases import services as cases
from govhall.cases.application_form import opened, prefill_values
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.entitlements.constants import OfferState
from govhall.entitlements.models import BenefitCondition, BenefitOffer, BenefitPolicy, PolicyRun
from govhall.entitlements.purposes import purpose_number
from govhall.notices.services import tell
from govhall.sharing.conditions import gather

logger = logging.getLogger(__name__)


class EntitlementError(Exception):
    """The person's answer cannot be taken; the message says why."""


def candidates(policy: BenefitPolicy, chunk: int) -> Any:
    """The real-name users the policy has not offered to (nor been opted out of), `chunk` at a time, by id."""
    last = 0
    while True:
        people = list(
            PersonProfile.objects.filter(verified_at__isnull=False, user__is_active=True, pk__gt=last)
            .exclude(user__benefit_offers__policy=policy)
            .select_related("user")
            .order_by("pk")[:chunk]
        )
        if not people:
            return
        last = people[-1].pk
        yield people


def reasons_for(
    conditions: list[BenefitCondition], records: dict[tuple[int, str], Any], profile: PersonProfile
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    facts = {"real_name": str(profile.real_name), "document_number": str(profile.document_number)}
    reasons = []
    for condition in conditions:
        verdict = condition.verdict(records.get(condition.source_key()), today=today, applicant=facts)
        reasons.append({"condition": condition.describe(), "observed": verdict.observed, "held": verdict.held})
    return reasons


def run_policy(policy: BenefitPolicy, *, chunk: int | None = None) -> PolicyRun:
    """Match the policy against every real-name user not yet offered it; returns the finished run with its counts."""
    run = PolicyRun.objects.create(policy=policy)
    conditions = list(policy.conditions.select_related("resource__department"))
    if not policy.active or not conditions:
        run.note = _("政策未启用或没有享受条件，未比对。")
    else:
        for people in candidates(policy, chunk or settings.BENEFIT_RUN_CHUNK):
            for profile in people:
                run.checked += 1
                try:
                    if match(policy, run, conditions, profile) is not None:
                        run.offered += 1
                except Exception:  # one person's failure does not stop the run
                    logger.exception("benefit policy %s: matching user %s failed", policy.code, profile.user_id)
                    run.failed += 1
    run.finished_at = timezone.now()
    run.save(update_fields=["checked", "offered", "failed", "note", "finished_at"])
    audit.record(
        actor=None,
        action="entitlements.run",
        target=run,
        detail={"policy": policy.code, "checked": run.checked, "offered": run.offered, "failed": run.failed},
    )
    return run


def match(
    policy: BenefitPolicy, run: PolicyRun, conditions: list[BenefitCondition], profile: PersonProfile
) -> BenefitOffer | None:
    """Check one person; an offer when every condition holds. A source failure raises (counted as failed)."""
    gathered = gather(
        conditions,
        subjects={"person": str(profile.document_number)},
        purpose=purpose_number(run, profile.user_id),
        department=policy.department,
    )
    if gathered.failure:
        raise RuntimeError(gathered.failure)
    reasons = reasons_for(conditions, gathered.records, profile)
    if not all(reason["held"] for reason in reasons):
        return None
    return make_offer(policy=policy, run=run, person=profile.user, reasons=reasons)


@transaction.atomic
def make_offer(
    *, policy: BenefitPolicy, run: PolicyRun | None, person: User, reasons: list[dict[str, Any]]
) -> BenefitOffer | None:
    """The draft benefit case, prefilled from the person's real-name data, and the notice. None when the person has
    an offer of this policy already (made meanwhile, or opted out)."""
    if BenefitOffer.objects.filter(policy=policy, person=person).exists():
        return None
    version = cases.published_version(policy.item)
    draft = cases.save_draft(
        applicant=person,
        item=policy.item,
        application=cases.Application(form_data=prefill_values(version, person)),
        channel=Channel.SYSTEM,
        draft=None,
    )
    try:
        with transaction.atomic():
            offer = BenefitOffer.objects.create(policy=policy, person=person, case=draft, run=run, reasons=reasons)
    except IntegrityError:
        transaction.set_rollback(True)
        return None
    tell(
        user=person,
        case=draft,
        title=_("您符合“%(policy)s”享受条件") % {"policy": policy.name},
        body=_(
            "根据共享数据比对，您符合“%(policy)s”的享受条件，无需申请。%(summary)s"
            "请在“我的免申即享”确认领取或放弃：%(url)s"
        )
        % {"policy": policy.name, "summary": policy.summary, "url": reverse("portal:benefits")},
    )
    audit.record(
        actor=None, action="entitlements.offer", target=offer, detail={"policy": policy.code, "case": draft.number}
    )
    return offer


def _locked_offer(offer: BenefitOffer, person: User) -> BenefitOffer:
    locked = (
        BenefitOffer.objects.select_for_update(of=("self",)).select_related("policy__item", "case").get(pk=offer.pk)
    )
    if locked.person_id != person.pk:
        raise EntitlementError(_("只有本人可以答复该政策推送。"))
    if locked.state != OfferState.OFFERED:
        raise EntitlementError(_("该推送已答复（%(state)s）。") % {"state": locked.get_state_display()})
    return locked


@transaction.atomic
def confirm(*, offer: BenefitOffer, person: User, channel: str) -> BenefitOffer:
    """确认领取: the prefilled draft is submitted as it is (a case for the department to handle)."""
    locked = _locked_offer(offer, person)
    draft = locked.case
    if draft is None:
        raise EntitlementError(_("该推送没有待确认的办件。"))
    application = cases.Application(
        form_data={key: opened(value) for key, value in draft.form_data.items()},
        variant_name=draft.variant_name,
        delivery_method=draft.delivery_method,
        delivery_address=draft.delivery_address,
    )
    try:
        cases.submit_case(
            applicant=person,
            item=locked.policy.item,
            application=application,
            draft=draft,
            idempotency_key="",
            channel=channel,
        )
    except cases.CaseError as error:
        raise EntitlementError(_("无法确认：%(why)s请打开办件补充后提交。") % {"why": error}) from error
    return answered(locked, OfferState.CONFIRMED, person, channel)


@transaction.atomic
def decline(*, offer: BenefitOffer, person: User, channel: str) -> BenefitOffer:
    """放弃: the draft is withdrawn; the policy does not offer it again."""
    locked = _locked_offer(offer, person)
    if locked.case is not None:
        cases.withdraw(case=locked.case, actor=person, channel=channel, reason=_("群众放弃享受该政策"))
    return answered(locked, OfferState.DECLINED, person, channel)


@transaction.atomic
def opt_out(*, policy: BenefitPolicy, person: User, channel: str) -> BenefitOffer:
    """不再推送: the policy no longer reads this person's data nor offers to them. An open offer is withdrawn."""
    offer = BenefitOffer.objects.select_for_update().filter(policy=policy, person=person).first()
    if offer is None:  # in advance: no offer yet, none will be made
        offer = BenefitOffer.objects.create(policy=policy, person=person, state=OfferState.OPTED_OUT)
    elif offer.state == OfferState.CONFIRMED:
        raise EntitlementError(_("您已确认领取该政策，无需退出。"))
    elif offer.state == OfferState.OFFERED and offer.case is not None:
        cases.withdraw(case=offer.case, actor=person, channel=channel, reason=_("群众选择不再接收该政策推送"))
    return answered(offer, OfferState.OPTED_OUT, person, channel)


def answered(offer: BenefitOffer, state: str, person: User, channel: str) -> BenefitOffer:
    before = offer.state
    offer.state = state
    offer.answered_at = timezone.now()
    offer.save(update_fields=["state", "answered_at"])
    audit.record(
        actor=person,
        action=f"entitlements.{state}",
        channel=channel,
        target=offer,
        detail={"from": before, "to": state},
    )
    return offer
