"""What cases' events do to licences and the transparency log (subscribed in CasesConfig.ready, after the documents):

- a case whose guide's result is a licence (result_type "licence") that concludes after approval is issued a licence
  of each licence type whose `items` include the case's item (once per case and type);
- a revocation of the decision (撤销许可, e.g. by a post-check that found the commitment false) revokes the case's
  licences with the revocation's reason;
- every decision (受理 refused, approved, denied, revoked) is a "case.decision" entry in the log: the case number, the
  act and the SM3 of the event's own data, never personal data."""

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from govhall.accounts.constants import DocumentType
from govhall.accounts.models import User
from govhall.cases.constants import Act
from govhall.cases.models import Case, CaseEvent
from govhall.catalog.constants import ResultType
from govhall.core import audit
from govhall.core.constants import AuditResult
from govhall.core.gm import SigningKeyError, sm3_hex
from govhall.core.validators import is_valid_uscc
from govhall.licences import services as licences
from govhall.licences.constants import HolderKind, LicenceState
from govhall.licences.models import Licence, LicenceType
from govhall.transparency import services as log

logger = logging.getLogger(__name__)
DECISION_ACTS = frozenset({Act.NOT_ACCEPT, Act.APPROVE, Act.DENY, Act.REVOKE})
USCC_LABEL = "统一社会信用代码"


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events (runs in the event's transaction)."""
    if event.act in DECISION_ACTS:
        log_decision(event)
    if event.act == Act.CONCLUDE:
        issue_for_case(event.case, actor=event.actor)
    if event.act == Act.REVOKE:
        revoke_for_case(event.case, reason=event.reason, actor=event.actor)


def decision_digest(event: CaseEvent) -> str:
    """SM3 of the decision event's data as UTF-8 JSON (keys sorted, no spaces): case number, act, states, time (UTC,
    ISO 8601) and reason — what the log entry stands for, checkable by whoever holds the case file."""
    payload = {
        "case_number": event.case.number,
        "act": event.act,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "at": event.at.isoformat(),
        "reason": event.reason,
    }
    return sm3_hex(json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


def log_decision(event: CaseEvent) -> int:
    """Append the decision to the transparency log; its index."""
    entry = log.encode_entry(
        "case.decision",
        case_number=event.case.number,
        act=event.act,
        event_sm3=decision_digest(event),
        at=event.at.isoformat(),
    )
    return log.append(entry).index


def approved(case: Case) -> bool:
    """Was the case's last decision an approval?"""
    last = case.events.filter(act__in=[Act.APPROVE, Act.DENY, Act.REVOKE]).order_by("-at", "-pk").first()
    return last is not None and last.act == Act.APPROVE


def licence_types_for(case: Case) -> list[LicenceType]:
    if case.guide_version.result_type != ResultType.LICENCE:
        return []
    return list(LicenceType.objects.filter(items=case.item, active=True).select_related("issuing_department"))


def holder_of(case: Case, licence_type: LicenceType) -> dict[str, Any]:
    """The holder's name, ID, ID type and accounts for a licence of this type from this case: for legal-person types
    the organisation acted for, else the body the case registers or names — its code from the type's "uscc" field
    (source "new.uscc" or "new.uscc:91" assigns a new 统一社会信用代码, 92 by default; a form field gives one), its name
    from the "name" field (the applicant's name when empty); for person types the applicant's real name and document."""
    applicant: User = case.applicant
    person = getattr(applicant, "person", None)
    if licence_type.holder_kind == HolderKind.LEGAL_PERSON:
        if case.organisation is not None:
            return {
                "holder_name": case.organisation.name,
                "holder_id": case.organisation.uscc,
                "holder_id_type": USCC_LABEL,
                "holder_organisation": case.organisation,
            }
        sources = {str(field.get("key")): str(field.get("source", "")) for field in licence_type.fields}
        code_source = sources.get("uscc", "")
        if code_source.startswith("new.uscc"):
            registration = code_source.partition(":")[2] or "92"
            code = licences.new_uscc(case.department.area_code or case.item.area_code, registration)
        else:
            code = str(case.form_data.get(code_source, "")).strip().upper() if code_source else ""
        if not is_valid_uscc(code):
            raise ValidationError(
                _("该证照的持证主体为法人，但办件既未代表法人申请，也未填写有效的统一社会信用代码。"), code="holder"
            )
        name = str(case.form_data.get(sources.get("name", ""), "")).strip()
        return {
            "holder_name": name or (person.real_name if person else applicant.display_name),
            "holder_id": code,
            "holder_id_type": USCC_LABEL,
            "holder_user": applicant,
        }
    if person is None:
        raise ValidationError(_("申请人尚未实名认证，无法颁发以其为持证人的证照。"), code="holder")
    return {
        "holder_name": person.real_name,
        "holder_id": person.document_number,
        "holder_id_type": str(DocumentType(person.document_type).label),
        "holder_user": applicant,
    }


def licence_data(case: Case, licence_type: LicenceType, holder: dict[str, Any]) -> dict[str, str]:
    """The type's fields, each from its source: holder.name / holder.id, organisation.name / .uscc, new.uscc (the
    code just assigned), or a form field of the case."""
    organisation = case.organisation
    special = {
        "holder.name": holder["holder_name"],
        "holder.id": holder["holder_id"],
        "organisation.name": organisation.name if organisation else "",
        "organisation.uscc": organisation.uscc if organisation else "",
    }
    data = {}
    for field in licence_type.fields:
        source = str(field.get("source", ""))
        if source.startswith("new.uscc"):
            value = holder["holder_id"]
        else:
            value = special[source] if source in special else case.form_data.get(source, "")
        data[str(field["key"])] = "" if value is None else str(value)
    return data


def issue_for_case(case: Case, *, actor: User | None = None) -> list[Licence]:
    """Issue the licences an approved, concluded case yields, once per licence type (again: nothing new). A type that
    cannot be issued (no real-name data, no signing key) is recorded as a failed audit row and logged; the conclusion
    stands, and calling this again later issues it."""
    if not approved(case):
        return []
    issued = []
    for licence_type in licence_types_for(case):
        if Licence.objects.filter(case_number=case.number, licence_type=licence_type).exists():
            continue
        try:
            with transaction.atomic():
                holder = holder_of(case, licence_type)
                issued.append(
                    licences.issue(
                        licence_type=licence_type,
                        data=licence_data(case, licence_type, holder),
                        case_number=case.number,
                        item=case.item,
                        actor=actor,
                        **holder,
                    )
                )
        except (ValidationError, SigningKeyError) as exc:
            logger.error("licence %s for case %s not issued: %s", licence_type.code, case.number, exc)
            audit.record(
                actor=actor,
                action="licences.issue",
                target=case,
                result=AuditResult.FAILURE,
                detail={"type": licence_type.code, "error": str(exc)[:500]},
            )
    return issued


def revoke_for_case(case: Case, *, reason: str, actor: User | None = None) -> list[Licence]:
    """Revoke the case's licences still in force (valid or suspended), with the revocation's reason."""
    revoked = []
    for licence in Licence.objects.filter(
        case_number=case.number, state__in=[LicenceState.VALID, LicenceState.SUSPENDED]
    ):
        revoked.append(
            licences.revoke(
                licence,
                reason=reason or _("行政许可决定已撤销（办件 %(number)s）") % {"number": case.number},
                actor=actor,
            )
        )
    return revoked
