"""What a person does at a kiosk: sign in by ID card, take a ticket, check in an appointment, print a case document.
Each goes through the domain's own services (accounts, queueing, cases documents) with the kiosk's hall and channel;
calls to the card reader and the printer run outside any transaction. Audited."""

import hashlib

from django.utils.translation import gettext as _

from govhall.accounts import security
from govhall.accounts.models import User
from govhall.accounts.services import AccountError, find_or_register_card_holder
from govhall.cases import documents
from govhall.cases.constants import DocumentKind
from govhall.cases.models import Case
from govhall.core import audit
from govhall.core.constants import AuditResult, Channel
from govhall.kiosk.cardreader import CardReadError, card_reader
from govhall.kiosk.models import KioskDevice, PrintJob
from govhall.kiosk.printing import PrintError, printer
from govhall.organisations.models import WindowGroup
from govhall.queueing import services as queueing
from govhall.queueing.constants import TicketSource
from govhall.queueing.models import Ticket

CHANNEL = Channel.KIOSK


class KioskError(Exception):
    """What the kiosk cannot do for the person; the message says why."""


def sign_in_by_card(*, device: KioskDevice, ip_address: str | None) -> User:
    """Read the ID card on the kiosk's reader (a signed read, checked), then find the real-name person or give them an
    account after the identity check. The caller starts the session (django.contrib.auth.login)."""
    try:
        read = card_reader().read(device=device.code)
    except CardReadError as error:
        audit.record(
            actor=None,
            action="accounts.login",
            channel=CHANNEL,
            result=AuditResult.FAILURE,
            ip_address=ip_address,
            detail={"method": "id_card", "kiosk": device.code, "reason": str(error)},
        )
        raise KioskError(str(error)) from error
    try:
        user = find_or_register_card_holder(
            real_name=read.name,
            document_number=read.document_number,
            reader=f"kiosk:{device.code}",
            channel=CHANNEL,
            ip_address=ip_address,
        )
        security.check_not_locked(username=user.get_username(), ip_address=None)
    except AccountError as error:
        raise KioskError(str(error)) from error
    except security.LockedOut as error:
        raise KioskError(str(error)) from error
    audit.record(
        actor=user,
        action="accounts.login",
        channel=CHANNEL,
        ip_address=ip_address,
        detail={"method": "id_card", "kiosk": device.code},
    )
    return user


def groups_of(device: KioskDevice) -> list[WindowGroup]:
    return list(WindowGroup.objects.filter(hall_id=device.hall_id).order_by("order", "code"))


def take_ticket(*, device: KioskDevice, group_id: int, account: User | None) -> Ticket:
    """A ticket of one of the kiosk's hall's window groups (source 自助终端取号)."""
    group = WindowGroup.objects.filter(pk=group_id, hall_id=device.hall_id).first()
    if group is None:
        raise KioskError(_("请选择本大厅的办理业务。"))
    try:
        return queueing.take_ticket(group=group, source=TicketSource.KIOSK, account=account)
    except queueing.QueueError as error:
        raise KioskError(str(error)) from error


def check_in(*, device: KioskDevice, code: str) -> Ticket:
    """预约签到 with the 预约码 at this kiosk's hall: the appointment's ticket."""
    if not code.strip():
        raise KioskError(_("请输入预约码。"))
    try:
        return queueing.check_in_appointment(hall_id=device.hall_id, code=code)
    except queueing.QueueError as error:
        raise KioskError(str(error)) from error


def print_document(*, device: KioskDevice, user: User, case: Case, kind: str) -> PrintJob:
    """Print the case's document of `kind` (回执, 决定书 …) on the kiosk's printer for its applicant. The caller has
    checked the person may see the case (cases.access); only the applicant's own documents are printed here."""
    if case.applicant_id != user.pk:
        raise KioskError(_("只能打印本人申请的办件文书。"))
    if kind not in DocumentKind.values or kind not in dict(documents.available(case)):
        raise KioskError(_("该办件没有这份文书。"))
    document = documents.document_for(case, kind)
    if document is None:
        raise KioskError(_("该办件没有这份文书。"))
    with document.file.open("rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise KioskError(_("文书文件校验未通过，请联系办理部门。"))
    title = f"{DocumentKind(kind).label} {case.number}"
    try:
        job_id = printer().print_pdf(device=device.code, title=title, pdf=content)
    except PrintError as error:
        audit.record(
            actor=user,
            action="kiosk.print",
            channel=CHANNEL,
            target=case,
            result=AuditResult.FAILURE,
            detail={"kind": kind, "kiosk": device.code, "reason": str(error)},
        )
        raise KioskError(str(error)) from error
    job = PrintJob.objects.create(device=device, account=user, case=case, kind=kind, job_id=job_id)
    audit.record(
        actor=user,
        action="kiosk.print",
        channel=CHANNEL,
        target=case,
        detail={"kind": kind, "number": document.number, "kiosk": device.code, "job": job_id},
    )
    return job
