"""Every change to an enquiry (one home per rule): submitting (routing and the limit), the staff acts (accept,
assign, transfer, reply, close: the ALLOWED table), the person's answer to the reply (满意 / 不满意), escalation of
complaints about a case or a member of staff, and the audited view of the person's name and phone. Each act locks
the row, checks the state and the actor's department, appends an EnquiryEvent and an audit row."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.core import audit, throttle
from govhall.core.constants import AuditResult, Channel
from govhall.enquiries import hotline, limits
from govhall.enquiries.constants import (
    ALLOWED,
    CONTENT_MAX,
    ESCALATE_TO,
    FULL_PERSONAL_DATA,
    HANDLE,
    REPLY_MAX,
    TITLE_MAX,
    Act,
    Kind,
    Satisfaction,
    Source,
    State,
)
from govhall.enquiries.models import Enquiry, EnquiryEvent, HotlineDelivery
from govhall.notices.services import tell
from govhall.organisations.access import staff_can, supervisors_of
from govhall.organisations.models import Department


class EnquiryRefused(Exception):
    """The act is not allowed (the message, in Chinese, says why); pages and the API answer 4xx with it."""


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def clean_text(value: str, *, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise EnquiryRefused(_("请填写%(label)s。") % {"label": label})
    if len(text) > limit:
        raise EnquiryRefused(_("%(label)s不能超过 %(limit)s 个字。") % {"label": label, "limit": limit})
    return text


def _placeholder() -> str:
    """A unique number until the row has its id (the real number is made from it in the same transaction)."""
    return f"tmp-{uuid.uuid4().hex[:20]}"


def _number(enquiry: Enquiry) -> str:
    return f"ZX{timezone.localdate(enquiry.created_at):%Y%m%d}{enquiry.pk:06d}"


def _event(enquiry: Enquiry, act: str, actor: User | None, note: str = "", **extra: Department | None) -> None:
    EnquiryEvent.objects.create(enquiry=enquiry, act=act, actor=actor, note=note, **extra)


def _audit(enquiry: Enquiry, action: str, actor: User | None, channel: str, **detail: object) -> None:
    audit.record(actor=actor, action=f"enquiries.{action}", channel=channel, target=enquiry, detail=dict(detail))


def submit(
    *,
    user: User,
    kind: str,
    title: str,
    content: str,
    source: str,
    item: Item | None = None,
    case: Case | None = None,
    department: Department | None = None,
    about_handler: bool = False,
    channel: str = Channel.WEB,
) -> Enquiry:
    """A signed-in person asks, complains or suggests. Routed to the case's department and handler (from a case page:
    the caller has checked the person may see the case), else the item's department, else the department chosen. A
    complaint about a case, or one naming its handler (`about_handler`), is escalated to the supervisors."""
    if kind not in Kind.values:
        raise EnquiryRefused(_("请选择咨询、投诉或建议。"))
    title = clean_text(title, label=_("标题"), limit=TITLE_MAX)
    content = clean_text(content, label=_("内容"), limit=CONTENT_MAX)
    assignee = None
    if case is not None:
        item, department, assignee = case.item, case.department, case.handler
    elif item is not None:
        department = item.department
    if department is None:
        raise EnquiryRefused(_("请选择承办部门或事项。"))
    about_staff = case.handler if case is not None and about_handler and kind == Kind.COMPLAINT else None
    if not throttle.take(f"enquiry:{user.pk}", limit=settings.ENQUIRY_PER_PERSON_PER_DAY, per=timedelta(days=1)):
        raise EnquiryRefused(_("您今天提交的咨询投诉已达上限，请明天再提交或拨打 12345。"))
    profile = getattr(user, "person_profile", None)
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            number=_placeholder(),
            kind=kind,
            source=source,
            title=title,
            content=content,
            user=user,
            contact_name=str(getattr(profile, "real_name", "") or user.display_name),
            contact_phone=str(user.phone or ""),
            item=item,
            case=case,
            about_staff=about_staff,
            department=department,
            assignee=assignee,
            due_on=limits.due_on(kind, timezone.localdate()),
        )
        enquiry.number = _number(enquiry)
        enquiry.save(update_fields=["number"])
        _event(enquiry, Act.SUBMIT, user)
        _audit(enquiry, "submitted", user, channel, kind=kind, source=source)
        if kind == Kind.COMPLAINT and (case is not None or about_staff is not None):
            escalate(enquiry)
    return enquiry


def escalate(enquiry: Enquiry) -> int:
    """Tell the supervisors of the enquiry's department (there or in the government office) in their inbox; returns
    how many were told. Call inside the submitting transaction."""
    supervisors = get_user_model().objects.filter(pk__in=supervisors_of(enquiry.department, ESCALATE_TO))
    told = 0
    for supervisor in supervisors:
        tell(
            user=supervisor,
            title=_("投诉督办：%(number)s") % {"number": enquiry.number},
            body=_("%(department)s收到一件关于办件或工作人员的投诉（%(title)s），请督办，答复期限 %(due)s。")
            % {"department": enquiry.department.name, "title": enquiry.title, "due": enquiry.due_on.isoformat()},
            send=False,
        )
        told += 1
    enquiry.escalated_at = timezone.now()
    enquiry.save(update_fields=["escalated_at"])
    _event(enquiry, Act.ESCALATE, None, note=str(told))
    _audit(enquiry, "escalated", None, Channel.SYSTEM, supervisors=told)
    return told


# --- staff acts ---------------------------------------------------------------------------------------------------


def _locked(enquiry: Enquiry, actor: User, act: str) -> Enquiry:
    """The row locked for an act of `actor`: refused unless they handle enquiries in its department and the act is
    allowed in its state."""
    current = Enquiry.objects.select_for_update().select_related("department").get(pk=enquiry.pk)
    if not staff_can(actor, HANDLE, current.department):
        raise EnquiryRefused(_("您不在该部门处理咨询投诉。"))
    if current.state not in ALLOWED[act]:
        raise EnquiryRefused(
            _("该件当前为“%(state)s”，不能%(act)s。") % {"state": current.get_state_display(), "act": Act(act).label}
        )
    return current


def accept(enquiry: Enquiry, *, actor: User) -> Enquiry:
    with transaction.atomic():
        current = _locked(enquiry, actor, Act.ACCEPT)
        current.state = State.PROCESSING
        current.assignee = current.assignee or actor
        current.save(update_fields=["state", "assignee"])
        _event(current, Act.ACCEPT, actor)
        _audit(current, "accepted", actor, Channel.WEB)
    return current


def assign(enquiry: Enquiry, *, actor: User, assignee: User) -> Enquiry:
    with transaction.atomic():
        current = _locked(enquiry, actor, Act.ASSIGN)
        if not staff_can(assignee, HANDLE, current.department):
            raise EnquiryRefused(_("只能指派给本部门处理咨询投诉的工作人员。"))
        current.assignee = assignee
        current.state = State.PROCESSING
        current.save(update_fields=["assignee", "state"])
        _event(current, Act.ASSIGN, actor, note=assignee.display_name)
        _audit(current, "assigned", actor, Channel.WEB, assignee=assignee.pk)
    return current


def transfer(enquiry: Enquiry, *, actor: User, department: Department, note: str) -> Enquiry:
    """转办: to another department, with the reason; back to 待受理 there, nobody assigned. The limit keeps running
    (the person waits the same)."""
    note = clean_text(note, label=_("转办理由"), limit=500)
    with transaction.atomic():
        current = _locked(enquiry, actor, Act.TRANSFER)
        if department.pk == current.department_id:
            raise EnquiryRefused(_("请选择另一个部门。"))
        previous = current.department
        current.department, current.assignee, current.state = department, None, State.PENDING
        current.save(update_fields=["department", "assignee", "state"])
        _event(current, Act.TRANSFER, actor, note=note, from_department=previous, to_department=department)
        _audit(current, "transferred", actor, Channel.WEB, to=department.pk, reason=note)
    return current


def reply(enquiry: Enquiry, *, actor: User, text: str) -> Enquiry:
    """答复: the person is told (inbox, SMS, email); an order of the 12345 hotline is reported back to it."""
    text = clean_text(text, label=_("答复内容"), limit=REPLY_MAX)
    with transaction.atomic():
        current = _locked(enquiry, actor, Act.REPLY)
        now = timezone.now()
        current.state, current.reply, current.replied_at, current.replied_by = State.ANSWERED, text, now, actor
        current.replied_on_time = timezone.localdate(now) <= current.due_on
        current.assignee = current.assignee or actor
        current.save(update_fields=["state", "reply", "replied_at", "replied_by", "replied_on_time", "assignee"])
        _event(current, Act.REPLY, actor)
        _audit(current, "replied", actor, Channel.WEB, on_time=current.replied_on_time)
        if current.user is not None:
            tell(
                user=current.user,
                title=_("您的%(kind)s已答复：%(title)s") % {"kind": current.get_kind_display(), "title": current.title},
                body=_("%(department)s已答复您的%(kind)s（%(number)s），请登录查看并评价答复是否解决了问题。")
                % {"department": current.department.name, "kind": current.get_kind_display(), "number": current.number},
            )
        _tell_hotline(current, HotlineDelivery.Event.REPLIED)
    return current


def close(enquiry: Enquiry, *, actor: User) -> Enquiry:
    with transaction.atomic():
        current = _locked(enquiry, actor, Act.CLOSE)
        _closed(current)
        _event(current, Act.CLOSE, actor)
        _audit(current, "closed", actor, Channel.WEB)
    return current


def _closed(enquiry: Enquiry) -> None:
    enquiry.state, enquiry.closed_at = State.CLOSED, timezone.now()
    enquiry.save(update_fields=["state", "closed_at"])
    _tell_hotline(enquiry, HotlineDelivery.Event.CLOSED)


def _tell_hotline(enquiry: Enquiry, event: str) -> None:
    if enquiry.hotline_order_id:
        hotline.owe(enquiry, event)


# --- the person ---------------------------------------------------------------------------------------------------


def rate(enquiry: Enquiry, *, user: User, satisfaction: str, channel: str = Channel.WEB) -> Enquiry:
    """The person says whether the answer helped; that closes the enquiry."""
    if satisfaction not in Satisfaction.values:
        raise EnquiryRefused(_("请选择满意或不满意。"))
    with transaction.atomic():
        current = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if current.user_id != user.pk:
            raise EnquiryRefused(_("只能评价本人提交的咨询投诉。"))
        if current.state not in ALLOWED[Act.RATE]:
            raise EnquiryRefused(_("只能在答复后、关闭前评价一次。"))
        current.satisfaction, current.rated_at = satisfaction, timezone.now()
        current.save(update_fields=["satisfaction", "rated_at"])
        _closed(current)
        _event(current, Act.RATE, user, note=satisfaction)
        _audit(current, "rated", user, channel, satisfaction=satisfaction)
    return current


def contact_of(enquiry: Enquiry, *, actor: User, ip_address: str | None = None) -> Contact:
    """The full name and phone, for staff who need them (personal_data.full in the enquiry's department); the view
    is audited. Everyone else reads the masked properties."""
    if not staff_can(actor, FULL_PERSONAL_DATA, enquiry.department) or not staff_can(actor, HANDLE, enquiry.department):
        audit.record(
            actor=actor,
            action="enquiries.contact_viewed",
            channel=Channel.WEB,
            target=enquiry,
            result=AuditResult.DENIED,
            ip_address=ip_address,
        )
        raise EnquiryRefused(_("您无权查看完整的联系人信息。"))
    audit.record(
        actor=actor, action="enquiries.contact_viewed", channel=Channel.WEB, target=enquiry, ip_address=ip_address
    )
    return Contact(name=enquiry.contact_name or "", phone=enquiry.contact_phone or "")


def create_from_hotline(
    *,
    order_id: str,
    kind: str,
    title: str,
    content: str,
    caller_name: str,
    caller_phone: str,
    department: Department,
    item: Item | None,
) -> tuple[Enquiry, bool]:
    """An order of the 12345 hotline (already checked: signature, fields): one enquiry per order id; (enquiry,
    created). A repeated or simultaneous delivery of the same order answers the first one."""
    found = Enquiry.objects.filter(hotline_order_id=order_id).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            enquiry = Enquiry.objects.create(
                number=_placeholder(),
                kind=kind,
                source=Source.HOTLINE,
                title=title,
                content=content,
                contact_name=caller_name,
                contact_phone=caller_phone,
                item=item,
                department=department,
                due_on=limits.due_on(kind, timezone.localdate()),
                hotline_order_id=order_id,
            )
            enquiry.number = _number(enquiry)
            enquiry.save(update_fields=["number"])
            _event(enquiry, Act.SUBMIT, None, note=order_id)
            _audit(enquiry, "received_from_hotline", None, Channel.API, order_id=order_id)
    except IntegrityError:
        return Enquiry.objects.get(hotline_order_id=order_id), False
    return enquiry, True
