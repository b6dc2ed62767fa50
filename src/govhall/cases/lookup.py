"""Progress lookup without signing in: the case number and the last four characters of the applicant's phone or
document number. Limited per address (LOOKUP_PER_IP_PER_HOUR) and audited; it shows the state and the steps, never
personal data."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from govhall.cases.models import Case
from govhall.core import audit
from govhall.core.constants import AuditResult
from govhall.core.models import AuditEvent


class LookupRefused(Exception):
    pass


def find_case(*, number: str, last4: str, ip_address: str | None, channel: str) -> Case:
    since = timezone.now() - timedelta(hours=1)
    if ip_address and (
        AuditEvent.objects.filter(action="cases.lookup", ip_address=ip_address, at__gte=since).count()
        >= settings.LOOKUP_PER_IP_PER_HOUR
    ):
        raise LookupRefused("查询过于频繁，请一小时后再试，或登录后查看“我的办件”。")
    number, last4 = number.strip().upper()[:24], last4.strip().upper()[:4]
    case = Case.objects.select_related("applicant__person", "item").filter(number=number).first()
    matched = False
    if case is not None and len(last4) == 4:
        person = getattr(case.applicant, "person", None)
        endings = {
            case.applicant.phone[-4:] if case.applicant.phone else None,
            person.document_number[-4:].upper() if person else None,
        }
        matched = last4 in endings
    audit.record(
        actor=None,
        action="cases.lookup",
        channel=channel,
        target=case if matched else None,
        result=AuditResult.SUCCESS if matched else AuditResult.FAILURE,
        ip_address=ip_address,
        detail={"number": number},
    )
    if not matched or case is None:
        raise LookupRefused("办件编号或验证信息不正确，请核对后重试。")
    return case
