"""Fetching shared data (数据共享) and the log of every access to it.

`fetch` is the one way GovHall takes a record about someone from another department's system or from its own licence
library. It needs a purpose: the number of a filed case that concerns that subject, whose item may use the resource,
handled by the requesting department (check_purpose; cases registers the case lookup, sharing.purposes). A fetch
without one is refused (FetchRefused) and still logged. Every fetch — found, no record, failed, refused — and every
staff view of a fetched record writes a DataAccess row, which the subject sees in their trail (谁查看/调用了我的数据).

Call it outside any transaction: the source is asked over the network, and the log row must stay even when the
caller's work fails afterwards."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator

from govhall.accounts.models import User
from govhall.core import audit, providers
from govhall.core.constants import AuditResult, Channel
from govhall.core.crypto import blind_index
from govhall.licences import selectors as licences
from govhall.licences.models import Licence
from govhall.organisations.models import Department
from govhall.sharing import purposes, selectors
from govhall.sharing.constants import AccessKind, Outcome, SharingClass
from govhall.sharing.models import DataAccess, DataResource
from govhall.sharing.providers import DataSource, DataSourceError, Requester


class SharingError(Exception):
    """A fetch cannot be made; the message says why."""


class UnknownResource(SharingError):
    pass


class FetchRefused(SharingError):
    """No lawful purpose for this fetch (logged as refused)."""

    def __init__(self, message: str, access: DataAccess) -> None:
        super().__init__(message)
        self.access = access


@dataclass
class FetchResult:
    """What a fetch gave: `found` with the `record` (only the resource's declared fields), or `failure` saying which
    source had nothing or failed and why. `licence` is the licence found in the licence library."""

    resource: DataResource
    outcome: str
    access: DataAccess
    record: dict[str, Any] = field(default_factory=dict)
    failure: str = ""
    licence: Licence | None = None
    at: Any = None

    @property
    def found(self) -> bool:
        return self.outcome == Outcome.FOUND


def resource_named(resource: DataResource | str) -> DataResource:
    if isinstance(resource, DataResource):
        return resource
    found = DataResource.objects.select_related("department").filter(code=resource).first()
    if found is None:
        raise UnknownResource(f"数据资源“{resource}”不存在。")
    return found


def check_purpose(resource: DataResource, subject_index: str, purpose: str, department: Department) -> str:
    """Why a fetch for `purpose` may not be made ("" when it may): the one home of the rule."""
    if not resource.active:
        return f"数据资源“{resource.name}”已停用。"
    if resource.sharing_class == SharingClass.NOT_SHARED:
        return f"数据资源“{resource.name}”不予共享。"
    if not purpose.strip():
        return "调用共享数据须说明用途（办件编号），未说明用途的调用一律拒绝。"
    found = purposes.find(purpose)
    if found is None:
        return f"用途“{purpose[:64]}”不是已提交的办件。"
    if subject_index not in found.subjects:
        return f"办件 {found.number} 与所查询的数据主体无关。"
    if found.department_id != department.pk:
        return f"办件 {found.number} 不由{department.name}办理。"
    if not resource.items.filter(pk=found.item_id).exists():
        return f"办件 {found.number} 的事项未获准使用数据资源“{resource.name}”。"
    return ""


def _log(
    *,
    resource: DataResource,
    kind: str,
    subject_id: str,
    subject_kind: str,
    purpose: str,
    department: Department,
    actor: User | None,
    channel: str,
    outcome: str,
    fields: list[str] | None = None,
    message: str = "",
) -> DataAccess:
    index = blind_index(subject_id)
    found = purposes.find(purpose) if purpose.strip() else None
    subject_user = found.subjects.get(index) if found is not None else None
    access = DataAccess.objects.create(
        resource=resource,
        kind=kind,
        subject_kind=subject_kind,
        subject_number=subject_id.strip().upper(),
        subject_index=index,
        subject_user_id=subject_user,
        purpose=purpose.strip()[:64],
        department=department,
        actor=actor,
        channel=channel,
        outcome=outcome,
        fields_returned=fields or [],
        message=message[:300],
    )
    audit.record(
        actor=actor,
        action=f"sharing.{kind}",
        channel=channel,
        target=access,
        result=AuditResult.DENIED if outcome == Outcome.REFUSED else AuditResult.SUCCESS,
        detail={"resource": resource.code, "purpose": access.purpose, "outcome": outcome},
    )
    return access


def _licence_record(licence_type_code: str, subject_id: str) -> tuple[dict[str, Any] | None, Licence | None]:
    """The holder's current licence of that type in GovHall's own licence library (no network: still logged)."""
    licence = licences.find_current(licence_type_code, subject_id)
    if licence is None:
        return None, None
    record = {
        "identifier": licence.identifier,
        "type": licence.licence_type.name,
        "number": licence.number,
        "issuer": licence.issuer_name,
        "holder": licence.holder_masked,
        "issued_at": licence.issued_at.isoformat(),
        "valid_until": licence.valid_until.isoformat() if licence.valid_until else "长期",
        "state": licence.get_state_display(),
    }
    return record, licence


def fetch(
    *,
    resource: DataResource | str,
    subject_id: str,
    subject_kind: str,
    purpose: str,
    department: Department,
    actor: User | None = None,
    channel: str = Channel.SYSTEM,
    licence_type_code: str = "",
) -> FetchResult:
    """Take the record of `subject_id` (resident ID or USCC) from `resource` for `purpose` (a case number). Raises
    FetchRefused (logged) without a lawful purpose; otherwise the result says found / no record / failed."""
    known = resource = resource_named(resource)

    def log(outcome: str, *, fields: list[str] | None = None, message: str = "") -> DataAccess:
        return _log(
            resource=known,
            kind=AccessKind.FETCH,
            subject_id=subject_id,
            subject_kind=subject_kind,
            purpose=purpose,
            department=department,
            actor=actor,
            channel=channel,
            outcome=outcome,
            fields=fields,
            message=message,
        )

    refusal = check_purpose(resource, blind_index(subject_id), purpose, department)
    if not refusal and resource.is_licence_library and not licence_type_code:
        refusal = "调用电子证照库须指明证照类型。"
    if refusal:
        raise FetchRefused(refusal, log(Outcome.REFUSED, message=refusal))
    record: dict[str, Any] | None = None
    licence: Licence | None = None
    try:
        if resource.is_licence_library:
            record, licence = _licence_record(licence_type_code, subject_id)
        else:
            source = providers.get("shared_data", DataSource)
            record = source.query(
                provider=resource.provider,
                resource_code=resource.code,
                subject_id=subject_id,
                subject_kind=subject_kind,
                purpose=purpose,
                requester=Requester(department=department.name, staff_id=actor.pk if actor else None),
                timeout=float(resource.timeout_seconds),
            )
    except DataSourceError as error:
        failure = f"{resource.department.name}“{resource.name}”：{error}。"
        access = log(Outcome.FAILED, message=failure)
        return FetchResult(resource=resource, outcome=Outcome.FAILED, access=access, failure=failure, at=access.at)
    if record is None:
        failure = f"{resource.department.name}“{resource.name}”中没有该主体的记录。"
        access = log(Outcome.NO_RECORD, message=failure)
        return FetchResult(resource=resource, outcome=Outcome.NO_RECORD, access=access, failure=failure, at=access.at)
    declared = resource.field_labels()
    kept = {key: value for key, value in record.items() if key in declared} if declared else dict(record)
    access = log(Outcome.FOUND, fields=sorted(kept))
    return FetchResult(
        resource=resource, outcome=Outcome.FOUND, access=access, record=kept, licence=licence, at=access.at
    )


def log_view(
    *,
    resource: DataResource,
    subject_id: str,
    subject_kind: str,
    purpose: str,
    department: Department,
    actor: User,
    channel: str,
    fields: list[str],
) -> DataAccess:
    """A member of staff viewed a fetched record (on the workbench case page): logged like a fetch."""
    return _log(
        resource=resource,
        kind=AccessKind.VIEW,
        subject_id=subject_id,
        subject_kind=subject_kind,
        purpose=purpose,
        department=department,
        actor=actor,
        channel=channel,
        outcome=Outcome.VIEWED,
        fields=fields,
    )


TRAIL_PAGE = 20


def read_trail(*, user: User, page: str | None, channel: str) -> Page[DataAccess]:
    """One page of the person's own trail (谁查看/调用了我的数据); reading it is audited."""
    rows = selectors.trail_of(user)
    shown = Paginator(rows, TRAIL_PAGE).get_page(page)
    audit.record(
        actor=user,
        action="sharing.view_trail",
        channel=channel,
        target=user,
        detail={"page": shown.number, "rows": len(shown.object_list)},
    )
    return shown
