"""Every change to a case. One function moves a case from state to state (act_on): it locks the row, checks the act is
allowed now and that nobody changed the case since the actor looked at it, appends the event, re-derives the clock
and writes the audit row. The named services state each act's own rules."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from govhall.accounts.models import Organisation, User
from govhall.cases import events, fees
from govhall.cases.application_form import (
    FormDataError,
    clean_form_data,
    personal_fields,
    prefill_values,
    rows,
    seal,
)
from govhall.cases.clocks import clock_of
from govhall.cases.constants import (
    EXTENSION_DAYS,
    EXTENSION_DAYS_REFUSED,
    FINAL_STATES,
    REASON_REQUIRED,
    TRANSITIONS,
    Act,
    CaseState,
    DeliveryMethod,
    PaymentState,
)
from govhall.cases.models import Case, CaseEvent, CaseNumberSequence, ExemptedMaterial, PostCheck, Visit
from govhall.cases.permissions import current_step, may_claim, out_of_order, role_allows
from govhall.catalog import services as catalog_services
from govhall.catalog.constants import FeeStage, MaterialExemption, MaterialNecessity
from govhall.catalog.models import GuideVersion, Item, Material
from govhall.core import audit
from govhall.core.bounds import whole_number
from govhall.core.constants import Channel
from govhall.core.workdays import add_working_days
from govhall.organisations.access import staff_can
from govhall.organisations.models import Hall

DEFAULT_POST_CHECK_DAYS = 20  # when a 告知承诺制 guide gives no post-check limit


class CaseError(Exception):
    """An act on a case cannot be done; the message says why, for the person acting."""


class ActNotAllowed(CaseError):
    pass


class WrongIdentity(CaseError):
    """The item's 服务对象 does not include the identity the applicant acts in (catalog.services.identity_refusal)."""


class StaleCase(CaseError):
    """Someone else changed the case first."""


def next_number(day: date) -> str:
    sequence, _ = CaseNumberSequence.objects.select_for_update().get_or_create(day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"GH{day:%Y%m%d}{sequence.last:06d}"


def published_version(item: Item) -> GuideVersion:
    version = item.current_version
    if version is None or version.catalog_only:
        raise CaseError("该事项的办事指南尚未编制完成，暂不能网上申报，请咨询办理部门。")
    return version


@dataclass
class Application:
    """What an applicant fills in: the 情形, the form, how the result reaches them and, for 告知承诺制 items, whether
    they sign the commitment."""

    form_data: dict[str, Any] = field(default_factory=dict)
    variant_name: str = ""
    delivery_method: str = DeliveryMethod.ONLINE
    delivery_address: str = ""
    commitment: bool = False


def check_application(
    version: GuideVersion,
    application: Application,
    *,
    complete: bool = True,
    applicant: User | None = None,
    organisation: Organisation | None = None,
) -> dict[str, str]:
    """The checked form data (plain; _fill seals personal data); CaseError (FormDataError) says what is wrong. The
    applicant's own data (prefill_values) stands for a masked value sent back."""
    refusal = catalog_services.identity_refusal(version, as_legal_person=organisation is not None)
    if refusal:
        raise WrongIdentity(refusal)
    variants = [variant.name for variant in version.variants.all()]
    variant = application.variant_name.strip()
    if variant and variant not in variants:
        raise CaseError("所选办理情形不属于该事项。")
    if complete and variants and not variant:
        raise CaseError("请选择办理情形。")
    if application.delivery_method not in DeliveryMethod.values:
        raise CaseError("送达方式无效。")
    if application.delivery_method == DeliveryMethod.POST:
        if not version.express_out:
            raise CaseError("该事项不提供快递送达，请选择网上下载或窗口领取。")
        if complete and not application.delivery_address.strip():
            raise CaseError("选择快递送达时请填写邮寄地址。")
    if application.commitment and not version.commitment_allowed:
        raise CaseError("该事项未实行告知承诺制。")
    try:
        known = prefill_values(version, applicant, organisation) if applicant is not None else {}
        return clean_form_data(version, variant, application.form_data, complete=complete, known=known)
    except FormDataError as error:
        raise CaseError(str(error)) from error


def required_materials(version: GuideVersion, variant_name: str) -> list[Material]:
    """The materials a case of `variant_name` must have: 必要 ones and those its 情形 requires (容缺 materials may
    follow later). Some are 免提交 (exempt), obtained by the department instead of asked of the applicant."""
    needed = Q(necessity=MaterialNecessity.REQUIRED)
    if variant_name:
        needed |= Q(necessity=MaterialNecessity.CONDITIONAL, variant_name=variant_name)
    return list(version.materials.filter(needed))


def is_exempt(material: Material) -> bool:
    """免提交: the guide says the department takes it from the electronic licence library or shared data."""
    return material.exemption in (MaterialExemption.E_LICENCE, MaterialExemption.SHARED_DATA)


def record_exemptions(case: Case) -> list[ExemptedMaterial]:
    """At submission: each required material marked 免提交 is recorded on the case as to be obtained by the
    department (由部门通过电子证照/数据共享获取); the applicant was not asked for it."""
    ExemptedMaterial.objects.filter(case=case).delete()
    return ExemptedMaterial.objects.bulk_create(
        ExemptedMaterial(case=case, name=material.name, exemption=material.exemption, source_note=material.source_note)
        for material in required_materials(case.guide_version, case.variant_name)
        if is_exempt(material)
    )


def _fill(case: Case, application: Application, form_data: dict[str, str]) -> None:
    case.form_data = seal(case.guide_version, form_data)
    case.variant_name = application.variant_name.strip()
    case.delivery_method = application.delivery_method
    case.delivery_address = application.delivery_address.strip()[:300]


@transaction.atomic
def save_draft(
    *,
    applicant: User,
    item: Item,
    application: Application,
    channel: str,
    organisation: Organisation | None = None,
    draft: Case | None,
    idempotency_key: str = "",
) -> Case:
    """Keep an unfinished application, to be resumed later on any device. A new draft made with an idempotency key
    the applicant used before returns the case made then (a retried request makes one draft, even two at once)."""
    key = idempotency_key.strip()[:64]
    if draft is None and key:
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first()
        if existing is not None:
            return existing
    version = published_version(item)
    if draft is None:
        draft = Case(
            number=next_number(timezone.localdate()),
            item=item,
            guide_version=version,
            department=item.department,
            applicant=applicant,
            organisation=organisation,
            channel=channel,
            state=CaseState.DRAFT,
            idempotency_key=key,
        )
    elif draft.state != CaseState.DRAFT or draft.applicant_id != applicant.pk:
        raise CaseError("该申请已提交，不能再作为草稿保存。")
    checked = check_application(
        draft.guide_version, application, complete=False, applicant=applicant, organisation=organisation
    )
    _fill(draft, application, checked)
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing  # the same request arrived twice at once: the other one made the draft
    audit.record(actor=applicant, action="cases.save_draft", channel=channel, target=draft)
    return draft


def submit_case(
    *,
    applicant: User,
    item: Item,
    form_data: dict[str, Any] | None = None,
    idempotency_key: str,
    channel: str,
    organisation: Organisation | None = None,
    application: Application | None = None,
    draft: Case | None = None,
    received_by: User | None = None,
    hall: Hall | None = None,
) -> Case:
    """File a case under the item's current guide version (or the draft's). The same idempotency key from the same
    applicant returns the case already made (a double click or a retried request makes one case). `received_by` is the
    window clerk who files it for a walk-in applicant (帮办代办): the visit is recorded."""
    application = application or Application(form_data=form_data or {})
    key = idempotency_key.strip()[:64]
    if key:
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first()
        if existing is not None and not (existing.state == CaseState.DRAFT and draft is not None and existing == draft):
            return existing  # (a draft made with this key is submitted now, under the same key)
    if received_by is not None and not staff_can(received_by, "cases.receive", item.department):
        raise ActNotAllowed("只有该部门的窗口人员可以代为收件。")
    version = draft.guide_version if draft is not None else published_version(item)
    cleaned = check_application(version, application, applicant=applicant, organisation=organisation)
    try:
        with transaction.atomic():
            case = _file(applicant, item, version, application, cleaned, key, channel, organisation, draft, hall)
            actor = received_by or applicant
            event = CaseEvent.objects.create(
                case=case,
                act=Act.SUBMIT,
                from_state=CaseState.DRAFT,
                to_state=CaseState.SUBMITTED,
                at=case.submitted_at or timezone.now(),
                actor=actor,
                channel=channel,
                detail={"received_for": applicant.pk} if received_by is not None else {},
            )
            record_exemptions(case)
            if received_by is not None:
                Visit.objects.create(case=case, hall=hall, purpose="窗口提交申请", recorded_by=received_by)
            events.recorded(event)
            case = request_fixed_fees(case, FeeStage.BEFORE_ACCEPTANCE)
            if case.commitment_signed_at is not None:
                case = decide_on_commitment(case)
            audit.record(
                actor=actor,
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


def decide_on_commitment(case: Case) -> Case:
    """告知承诺制: the applicant signed the commitment, so the decision is made at once by the system and a post-check
    with its own deadline is opened. Runs inside the submission's transaction."""
    detail = {"commitment": True}
    for act in (Act.ACCEPT, Act.APPROVE, Act.CONCLUDE):
        if case.state not in TRANSITIONS[act][0]:
            continue  # (resumed once paid: the acts done already)
        if fees.payment_problem(case, act):
            return case  # a fee is owed first: the chain goes on when it is paid (cases.charging.receive_payment)
        case = act_on(case=case, act=act, actor=None, channel=case.channel, detail=detail)
    days = case.guide_version.post_check_days or DEFAULT_POST_CHECK_DAYS
    PostCheck.objects.get_or_create(case=case, defaults={"due_date": add_working_days(timezone.localdate(), days)})
    return case


def _file(
    applicant: User,
    item: Item,
    version: GuideVersion,
    application: Application,
    cleaned: dict[str, str],
    key: str,
    channel: str,
    organisation: Organisation | None,
    draft: Case | None,
    hall: Hall | None,
) -> Case:
    now = timezone.now()
    if draft is not None:
        case = Case.objects.select_for_update().get(pk=draft.pk)
        if case.state != CaseState.DRAFT or case.applicant_id != applicant.pk:
            raise ActNotAllowed("该申请已提交。")
    else:
        case = Case(
            number=next_number(timezone.localdate(now)),
            item=item,
            guide_version=version,
            department=item.department,
            applicant=applicant,
            organisation=organisation,
        )
    _fill(case, application, cleaned)
    case.channel = channel
    case.hall = hall
    case.state = CaseState.SUBMITTED
    case.idempotency_key = key or case.idempotency_key  # a draft keeps the key it was made with
    case.submitted_at = now
    case.revision += 1
    if application.commitment:
        case.commitment_signed_at = now
    case.save()
    return case


def check_act(*, case: Case, act: str, actor: User | None, expected_revision: int | None = None) -> None:
    """May `actor` perform `act` on `case` as it is now? Raises StaleCase or ActNotAllowed with the reason. act_on
    checks again under the row lock; an act with an outside side effect (a courier booked) checks first, then calls."""
    if expected_revision is not None and case.revision != expected_revision:
        raise StaleCase("该办件已被他人处理（页面内容已过期），请刷新后查看最新状态。")
    if not role_allows(actor, case, act):
        raise ActNotAllowed(f"您的岗位无权对该办件{Act(act).label}。")
    if case.state not in TRANSITIONS[act][0]:
        raise ActNotAllowed(f"办件当前状态为“{CaseState(case.state).label}”，不能{Act(act).label}。")
    problem = out_of_order(actor, case, act) or fees.payment_problem(case, act)
    if problem:
        raise ActNotAllowed(problem)


@transaction.atomic
def act_on(
    *,
    case: Case,
    act: str,
    actor: User | None,
    channel: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    expected_revision: int | None = None,
) -> Case:
    if act in REASON_REQUIRED:
        reason = _need(reason, REASON_REQUIRED[act])
    # The item comes along: the audit row names the case by its number and item (Case.__str__).
    locked = Case.objects.select_for_update(of=("self",)).select_related("guide_version", "item").get(pk=case.pk)
    check_act(case=locked, act=act, actor=actor, expected_revision=expected_revision)
    to_state = TRANSITIONS[act][1]
    detail = {**(detail or {}), **_review_rules(locked, act)}
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
        detail=detail,
    )
    locked.state = after
    locked.revision += 1
    if act == Act.ACCEPT:
        locked.accepted_at = now
    if act == Act.CONCLUDE:
        locked.concluded_at = now
    if act == Act.PASS_STEP:
        locked.review_step += 1
    if act == Act.REQUEST_PAYMENT:
        locked.payment_state = PaymentState.DUE
    if act == Act.RECEIVE_PAYMENT:
        locked.payment_state = PaymentState.PAID
    if after in FINAL_STATES and locked.payment_state == PaymentState.DUE:
        locked.payment_state = PaymentState.NONE  # withdrawn or not accepted: nothing is owed any more
    clock = clock_of(locked, list(locked.events.order_by("at", "pk")))
    locked.promised_deadline = clock.promised_deadline
    locked.statutory_deadline = clock.statutory_deadline
    locked.clock_stopped = clock.stopped
    if locked.concluded_at is not None and locked.accepted_at is not None:
        locked.days_used = clock.used_statutory_days
    locked.save()
    events.recorded(event)  # sent after commit, reading the saved state and deadline
    audit.record(
        actor=actor,
        action=f"cases.{act}",
        channel=channel,
        target=locked,
        detail={"from": before, "to": after, "reason": reason[:500]},
    )
    if act == Act.CONCLUDE and locked.delivery_method == DeliveryMethod.ONLINE:
        # A result chosen for download is delivered on conclusion: the decision is in 我的办件 at once.
        return act_on(case=locked, act=Act.DELIVER, actor=None, channel=channel, detail={"method": "online"})
    if act == Act.APPROVE:
        return request_fixed_fees(locked, FeeStage.AFTER_DECISION)  # 准予许可后缴费: asked at once when fixed
    return locked


def request_fixed_fees(case: Case, stage: str) -> Case:
    """At submission (受理前) and approval (准予许可后): when the guide's fees of that stage all have fixed amounts,
    payment is asked at once by the system; a fee without one waits for the clerk (cases.charging.fix_fees)."""
    lines = fees.fixed_lines(fees.fees_due(case.guide_version, stage))
    if not lines:
        return case
    return request_payment(case=case, actor=None, channel=Channel.SYSTEM, stage=stage, lines=lines)


def request_payment(
    *, case: Case, actor: User | None, channel: str, stage: str, lines: list[dict[str, Any]], reason: str = ""
) -> Case:
    """通知缴费: the applicant is asked to pay `lines` ([{name, amount_fen}]); the case waits (待缴费, clock stopped)
    until 缴费完成. Asked again while due, the new lines replace the old (payments closes the old order). Nothing
    to pay (all reduced to 0, 减免) records the payment as received at once."""
    amount = fees.total(lines)
    detail = {"stage": stage, "lines": lines, "total_fen": amount}
    case = act_on(case=case, act=Act.REQUEST_PAYMENT, actor=actor, channel=channel, reason=reason, detail=detail)
    if amount == 0:  # recorded by the system: nothing is taken, so no one collects
        case = act_on(
            case=case, act=Act.RECEIVE_PAYMENT, actor=None, channel=channel, detail={"waived": True, "total_fen": 0}
        )
    return case


def _review_rules(case: Case, act: str) -> dict[str, Any]:
    """The review step an act of passing names (the order itself is permissions.out_of_order)."""
    if act == Act.PASS_STEP:
        step = current_step(case)
        return {"step": step.name if step else ""}
    return {}


def _need(text: str, what: str) -> str:
    if not text.strip():
        raise CaseError(f"请填写{what}。")
    return text.strip()


def accept_case(*, case: Case, actor: User | None, channel: str, expected_revision: int | None = None) -> Case:
    return act_on(case=case, act=Act.ACCEPT, actor=actor, channel=channel, expected_revision=expected_revision)


def asked_material(entry: str, names: list[str]) -> str:
    """The guide material a notice item asks for (its name in the item, or the item in its name); "" for an item that
    names none (a form value, an explanation asked for)."""
    return next((name for name in names if name in entry or entry in name), "")


def correction_notice(case: Case) -> CaseEvent | None:
    """The latest 一次性告知 of the case."""
    return case.events.filter(act=Act.REQUEST_CORRECTION).order_by("-at", "-pk").first()


def request_correction(
    *, case: Case, actor: User | None, channel: str, missing: list[str], expected_revision: int | None = None
) -> Case:
    """一次性告知: one notice listing everything missing or wrong. Each item keeps the material it asks for and the
    document given for it then, so the answer can show old and new side by side."""
    items = [entry.strip()[:500] for entry in missing if entry.strip()]
    if not items:
        raise CaseError("请逐项列出需要补正的材料或内容（一次性告知）。")
    names = list(case.guide_version.materials.values_list("name", flat=True))
    given = dict(case.materials.values_list("name", "document_id"))
    asked = []
    for entry in items:
        material = asked_material(entry, names)
        asked.append({"item": entry, "material": material, "document": given.get(material) if material else None})
    return act_on(
        case=case,
        act=Act.REQUEST_CORRECTION,
        actor=actor,
        channel=channel,
        reason="；".join(items),
        detail={"missing": items, "items": asked},
        expected_revision=expected_revision,
    )


def correction_answers(case: Case, notice: CaseEvent | None, explanations: dict[str, str]) -> list[dict[str, Any]]:
    """Each item of the notice with its answer: the document given for its material before the notice (`old`), the
    one given since (`new`, None if not replaced) and the applicant's written explanation."""
    if notice is None:
        return []
    asked = notice.detail.get("items") or [{"item": entry} for entry in notice.detail.get("missing", [])]
    names = list(case.guide_version.materials.values_list("name", flat=True))
    given = dict(case.materials.values_list("name", "document_id"))
    rows = []
    for entry in asked:
        item = str(entry.get("item", ""))
        material = entry.get("material") or asked_material(item, names)
        old = entry.get("document")
        current = given.get(material) if material else None
        rows.append(
            {
                "item": item,
                "material": material,
                "old": old,
                "new": current if current is not None and current != old else None,
                "explanation": str(explanations.get(item, "") or "").strip()[:1000],
            }
        )
    return rows


@transaction.atomic
def resubmit(
    *,
    case: Case,
    actor: User,
    channel: str,
    form_data: dict[str, Any] | None = None,
    note: str = "",
    explanations: dict[str, str] | None = None,
) -> Case:
    """The applicant answers the 一次性告知; the clock runs again. Every item of the notice must be answered, by a
    replacement file (attached before this) or a written explanation (`explanations`, by item); the answers are kept
    on the resubmit event."""
    if actor.pk != case.applicant_id:
        raise CaseError("只有申请人可以提交补正材料。")
    merged: dict[str, str] | None = None
    if form_data:
        merged = clean_form_data_or_error(case, {**case.form_data, **form_data})
    in_correction = case.state == CaseState.CORRECTION  # otherwise act_on says why it cannot be resubmitted
    answers = correction_answers(case, correction_notice(case), explanations or {}) if in_correction else []
    unanswered = [row["item"] for row in answers if row["new"] is None and not row["explanation"]]
    if unanswered:
        raise CaseError("一次性告知的每一项都须答复：请为“" + "”、“".join(unanswered) + "”补交材料或填写书面说明。")
    updated = act_on(
        case=case,
        act=Act.RESUBMIT,
        actor=actor,
        channel=channel,
        reason=note.strip()[:1000],
        detail={"answers": answers},
    )
    if merged is not None:
        updated.form_data = seal(updated.guide_version, merged)
        updated.save(update_fields=["form_data"])
    return updated


def clean_form_data_or_error(case: Case, data: dict[str, Any]) -> dict[str, str]:
    known = prefill_values(case.guide_version, case.applicant, case.organisation)
    try:
        return clean_form_data(case.guide_version, case.variant_name, data, known=known)
    except FormDataError as error:
        raise CaseError(str(error)) from error


def not_accept(
    *, case: Case, actor: User | None, channel: str, reason: str, expected_revision: int | None = None
) -> Case:
    return act_on(
        case=case,
        act=Act.NOT_ACCEPT,
        actor=actor,
        channel=channel,
        reason=reason,
        expected_revision=expected_revision,
    )


def approve(*, case: Case, actor: User | None, channel: str, expected_revision: int | None = None) -> Case:
    return act_on(case=case, act=Act.APPROVE, actor=actor, channel=channel, expected_revision=expected_revision)


def deny(*, case: Case, actor: User | None, channel: str, reason: str, expected_revision: int | None = None) -> Case:
    return act_on(
        case=case,
        act=Act.DENY,
        actor=actor,
        channel=channel,
        reason=reason,
        expected_revision=expected_revision,
    )


def suspend(*, case: Case, actor: User | None, channel: str, procedure: str) -> Case:
    return act_on(case=case, act=Act.SUSPEND, actor=actor, channel=channel, reason=procedure)


def resume(*, case: Case, actor: User | None, channel: str) -> Case:
    return act_on(case=case, act=Act.RESUME, actor=actor, channel=channel)


def extend(*, case: Case, actor: User | None, channel: str, days: int, reason: str) -> Case:
    if days not in EXTENSION_DAYS:
        raise CaseError(EXTENSION_DAYS_REFUSED)
    return act_on(case=case, act=Act.EXTEND, actor=actor, channel=channel, reason=reason, detail={"days": days})


def conclude(*, case: Case, actor: User | None, channel: str) -> Case:
    return act_on(case=case, act=Act.CONCLUDE, actor=actor, channel=channel)


def withdraw(*, case: Case, actor: User, channel: str, reason: str = "") -> Case:
    if actor.pk != case.applicant_id:
        raise CaseError("只有申请人可以撤回申请。")
    return act_on(case=case, act=Act.WITHDRAW, actor=actor, channel=channel, reason=reason)


@transaction.atomic
def record_visit(*, case: Case, actor: User, purpose: str, hall: Hall | None = None) -> Visit:
    if not (getattr(actor, "is_staff_member", False) and staff_can(actor, "cases.receive", case.department)):
        raise ActNotAllowed("只有窗口人员可以登记到场。")
    visit = Visit.objects.create(case=case, hall=hall, purpose=_need(purpose, "到场事由"), recorded_by=actor)
    audit.record(actor=actor, action="cases.record_visit", channel="window", target=case, detail={"purpose": purpose})
    return visit


def extend_checked(
    *, case: Case, actor: User | None, days: str, reason: str, expected_revision: int | None = None
) -> Case:
    number = whole_number(days, maximum=10_000)
    if number is None:
        raise CaseError("请填写延期的工作日数。")
    if number not in EXTENSION_DAYS:
        raise CaseError(EXTENSION_DAYS_REFUSED)
    return act_on(
        case=case,
        act=Act.EXTEND,
        actor=actor,
        channel="window",
        reason=reason,
        detail={"days": number},
        expected_revision=expected_revision,
    )


def colleagues(case: Case) -> list[User]:
    """Staff of the case's department who may handle it (for assigning and handing over)."""
    staff = User.objects.filter(memberships__department=case.department).distinct().order_by("username")
    return [user for user in staff if staff_can(user, "cases.view", case.department)]


@transaction.atomic
def assign(*, case: Case, actor: User, to: User | None) -> Case:
    """指派 or 移交: the handler hands the case over, or someone who may decide in the department assigns it."""
    if not getattr(actor, "is_staff_member", False) or not staff_can(actor, "cases.view", case.department):
        raise ActNotAllowed("只有本部门工作人员可以指派办件。")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.handler_id != actor.pk and not staff_can(actor, "cases.decide", case.department):
        raise ActNotAllowed("只有经办人员或审批人员可以指派、移交办件。")
    if to is None or to.pk not in {user.pk for user in colleagues(locked)}:
        raise CaseError("请选择本部门的工作人员。")
    previous = locked.handler_id
    Case.objects.filter(pk=case.pk).update(handler=to)
    audit.record(
        actor=actor, action="cases.assign", channel="window", target=case, detail={"from": previous, "to": to.pk}
    )
    case.handler = to
    return case


@transaction.atomic
def claim(*, case: Case, actor: User) -> Case:
    """The member of staff takes an open case nobody handles yet as its handler (a handled case is handed over)."""
    if not getattr(actor, "is_staff_member", False) or not staff_can(actor, "cases.view", case.department):
        raise ActNotAllowed("只有本部门工作人员可以认领办件。")
    locked = Case.objects.select_for_update(of=("self",)).select_related("handler").get(pk=case.pk)
    if locked.handler is not None:
        holder = "您" if locked.handler_id == actor.pk else locked.handler.display_name
        raise CaseError(f"该办件已由{holder}经办，如需接手请由经办人员移交或审批人员指派。")
    if not may_claim(actor, locked):
        raise CaseError("该办件已办结或已终止，不能认领。")
    Case.objects.filter(pk=case.pk).update(handler=actor)
    audit.record(actor=actor, action="cases.claim", channel="window", target=case)
    case.handler = actor
    return case


def reveal_form(*, case: Case, viewer: User, channel: str = "window") -> list[tuple[str, str]]:
    """The case's application form with personal data in full, for staff whose role in the case's department holds
    `personal_data.full`; each such view is audited on the applicant's record of who saw their data."""
    from govhall.accounts.services import record_personal_data_view

    if not getattr(viewer, "is_staff_member", False) or not staff_can(viewer, "personal_data.full", case.department):
        raise ActNotAllowed("您的岗位无权查看完整的证件号码和手机号码。")
    personal = sorted(personal_fields(case.guide_version))
    record_personal_data_view(
        viewer=viewer, subject=case.applicant, fields=[f"{case.number}.{key}" for key in personal], channel=channel
    )
    return rows(case.guide_version, case.variant_name, case.form_data, full=True)
