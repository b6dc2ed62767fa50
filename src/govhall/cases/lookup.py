"""Progress lookup without signing in: the case number and the last four characters of the applicant's phone or
document number. Limited per address (LOOKUP_PER_IP_PER_HOUR lookups) and per case number
(LOOKUP_FAILURES_PER_CASE_PER_DAY wrong verifications, from any number of addresses), both with atomic counters
(core/throttle.py) so the limits hold with several workers; audited; it shows the state and the steps, never personal
data."""

from datetime import timedelta

from django.conf import settings

from govhall.cases.models import Case
from govhall.core import audit, throttle
from govhall.core.constants import AuditResult

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
TOO_OFTEN = "查询过于频繁，请一小时后再试，或登录后查看“我的办件”。"
CASE_LOCKED = "该办件今日验证失败次数过多，请明天再试，或登录后查看“我的办件”。"
WRONG = "办件编号或验证信息不正确，请核对后重试。"


class LookupRefused(Exception):
    def __init__(self, message: str, *, throttled: bool = False) -> None:
        super().__init__(message)
        self.throttled = throttled  # a limit was reached (429), rather than a wrong answer (400)


def find_case(*, number: str, last4: str, ip_address: str | None, channel: str) -> Case:
    number, last4 = number.strip().upper()[:24], last4.strip().upper()[:4]
    if ip_address and not throttle.take(f"lookup:ip:{ip_address}", limit=settings.LOOKUP_PER_IP_PER_HOUR, per=HOUR):
        raise LookupRefused(TOO_OFTEN, throttled=True)
    # A slot of the case's daily allowance of wrong tries is taken before checking and given back when right, so that
    # parallel guesses cannot all pass the check before any is counted.
    case_key = f"lookup:case:{number}"
    if not throttle.take(case_key, limit=settings.LOOKUP_FAILURES_PER_CASE_PER_DAY, per=DAY):
        audit.record(
            actor=None,
            action="cases.lookup",
            channel=channel,
            result=AuditResult.FAILURE,
            ip_address=ip_address,
            detail={"number": number, "reason": "case locked"},
        )
        raise LookupRefused(CASE_LOCKED, throttled=True)
    case = Case.objects.select_related("applicant__person", "item").filter(number=number).first()
    matched = False
    if case is not None and len(last4) == 4:
        person = getattr(case.applicant, "person", None)
        endings = {
            case.applicant.phone[-4:] if case.applicant.phone else None,
            person.document_number[-4:].upper() if person else None,
        }
        matched = last4 in endings
    if matched:
        throttle.give_back(case_key, per=DAY)
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
        raise LookupRefused(WRONG)
    return case
