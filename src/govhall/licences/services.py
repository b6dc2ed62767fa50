"""Issuing licences and changing their state. Each issuance and each change is one transaction: the licence row, its
SM2 signature over the canonical bytes, an entry in the transparency log (identifiers and hashes only) and an audit row.
"""

import secrets
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc as uscc_number

from govhall.accounts.models import Organisation, User
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.crypto import blind_index
from govhall.core.gm import licence_keyring, sm3_hex
from govhall.licences import canonical, identifiers
from govhall.licences.constants import TRANSITIONS, LicenceState
from govhall.licences.models import Licence, LicenceEvent, LicenceType, SerialCounter
from govhall.transparency import services as log

# GB 32100's alphabet for the organisation-code part of a 统一社会信用代码 (no I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def years_later(start: date, years: int) -> date:
    """The last day of a validity of `years` years from `start` (a 29 February start ends on 28 February)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return date.fromordinal(end.toordinal() - 1)


def new_uscc(area_code: str, registration: str = "92") -> str:
    """A new 统一社会信用代码 for a body registered by the issuing department (92 个体工商户, 91 企业): registration
    code, the 6-digit area, "MA" and 7 random characters, the GB 32100 check character."""
    body = registration + area_code[:6] + "MA" + "".join(secrets.choice(_USCC_ALPHABET) for _ in range(7))
    return body + uscc_number.calc_check_digit(body)


def next_serial(licence_type: LicenceType, issuer_uscc: str) -> str:
    """The next serial (顺序号) of this type at this issuer: a counter row locked by its own increment, so concurrent
    issuances queue and never share a number."""
    counter, _created = SerialCounter.objects.get_or_create(licence_type=licence_type, issuer_uscc=issuer_uscc)
    SerialCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{counter.last:08d}"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _sign_and_log(licence: Licence, *, personal: set[str], kind: str, extra: dict[str, Any]) -> None:
    """Fill in the canonical bytes, hash, signature and log index of an unsaved licence."""
    doc = canonical.document(
        identifier=licence.identifier,
        type_code=licence.licence_type.code,
        type_name=licence.licence_type.name,
        number=licence.number,
        issuer_name=licence.issuer_name,
        issuer_uscc=licence.issuer_uscc,
        holder_kind=licence.holder_kind,
        holder_name=licence.holder_name,
        holder_id=licence.holder_id,
        holder_id_type=licence.holder_id_type,
        salt=licence.holder_salt,
        data=licence.data,
        personal=personal,
        issued_at=licence.issued_at,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        case_number=licence.case_number,
        item_code=licence.item.implementation_code if licence.item else "",
        version=licence.version,
    )
    data = canonical.encode(doc)
    ring = licence_keyring(licence.issuer_uscc)
    signature = ring.sign(data)
    licence.canonical = data
    licence.sm3 = sm3_hex(data)
    licence.signature = signature.hex
    licence.key_id = signature.key_id
    licence.public_key = ring.current.public_key_hex
    entry = log.encode_entry(
        kind,
        identifier=licence.identifier,
        sm3=licence.sm3,
        key_id=licence.key_id,
        at=canonical.utc_text(licence.issued_at),
        **extra,
    )
    licence.log_index = log.append(entry).index


@transaction.atomic
def issue(
    *,
    licence_type: LicenceType,
    holder_name: str,
    holder_id: str,
    holder_id_type: str,
    holder_user: User | None = None,
    holder_organisation: Organisation | None = None,
    data: dict[str, Any],
    case_number: str = "",
    item: Item | None = None,
    actor: User | None = None,
    issued_at: datetime | None = None,
    replaces: Licence | None = None,
) -> Licence:
    """Issue a licence of `licence_type` to the holder: a new serial at the type's issuer (or, with `replaces`, the
    same serial and the next version), the identifier, the canonical bytes signed with the issuer's current SM2 key,
    a "licence.issued" log entry and an audit row."""
    if not licence_type.active and replaces is None:
        raise _refuse(_("证照类型“%(name)s”已停用，不能颁发。") % {"name": licence_type.name}, "inactive")
    holder_name, holder_id = holder_name.strip(), holder_id.strip().upper()
    if not holder_name or not holder_id:
        raise _refuse(_("持证主体的名称和证件号码不能为空。"), "holder")
    department = licence_type.issuing_department
    issuer_uscc = (department.uscc if department else "") or licence_type.issuer_uscc
    issuer_name = licence_type.issuer_name or (department.name if department else "")
    moment = issued_at or timezone.now()
    start = timezone.localdate(moment)
    if replaces is not None:
        serial, version = replaces.serial, replaces.version + 1
    else:
        serial, version = next_serial(licence_type, issuer_uscc), 1
    identifier = str(identifiers.build(licence_type.code, issuer_uscc, serial, version))
    values = {str(key): "" if value is None else str(value) for key, value in data.items()}
    licence = Licence(
        identifier=identifier,
        licence_type=licence_type,
        number=values.get("number") or f"{licence_type.code[-3:]}{issuer_uscc[-6:]}{serial}",
        serial=serial,
        version=version,
        holder_kind=licence_type.holder_kind,
        holder_name=holder_name,
        holder_id=holder_id,
        holder_id_type=holder_id_type,
        holder_salt=canonical.new_salt(),
        holder_index=blind_index(holder_id),
        holder_user=holder_user,
        holder_organisation=holder_organisation,
        issuer_department=department,
        issuer_name=issuer_name,
        issuer_uscc=issuer_uscc,
        data=values,
        issued_at=moment,
        valid_from=start,
        valid_until=years_later(start, licence_type.validity_years) if licence_type.validity_years else None,
        case_number=case_number,
        item=item,
        replaces=replaces,
    )
    extra = {"type_code": licence_type.code, "version": version}
    if replaces is not None:
        extra["replaces"] = replaces.identifier
    _sign_and_log(
        licence,
        personal=canonical.personal_keys(licence_type.holder_kind, licence_type.fields),
        kind="licence.issued",
        extra=extra,
    )
    licence.save()
    LicenceEvent.objects.create(
        licence=licence, from_state="", to_state=LicenceState.VALID, actor=actor, at=moment, log_index=licence.log_index
    )
    audit.record(
        actor=actor,
        action="licences.issue",
        target=licence,
        detail={"type": licence_type.code, "case_number": case_number, "log_index": licence.log_index},
    )
    return licence


@transaction.atomic
def change_state(*, licence: Licence, to_state: str, reason: str, actor: User | None) -> Licence:
    """Move a licence to `to_state` if its state allows (constants.TRANSITIONS): a LicenceEvent, a "licence.state" log
    entry (the reason only as its SM3) and an audit row. A licence already in `to_state` is left as it is."""
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    if to_state not in LicenceState.values:
        raise _refuse(_("未知的证照状态“%(state)s”。") % {"state": to_state}, "state")
    if locked.state == to_state:
        return locked
    if to_state not in TRANSITIONS[locked.state]:
        raise _refuse(
            _("证照当前状态为“%(from)s”，不能变更为“%(to)s”。")
            % {"from": LicenceState(locked.state).label, "to": LicenceState(to_state).label},
            "transition",
        )
    reason = reason.strip()
    if not reason and to_state != LicenceState.EXPIRED:
        raise _refuse(_("请填写变更证照状态的原因。"), "reason")
    now = timezone.now()
    entry = log.encode_entry(
        "licence.state",
        identifier=locked.identifier,
        from_state=locked.state,
        to_state=to_state,
        reason_sm3=sm3_hex(reason.encode()),
        at=canonical.utc_text(now),
    )
    index = log.append(entry).index
    event = LicenceEvent.objects.create(
        licence=locked, from_state=locked.state, to_state=to_state, reason=reason, actor=actor, at=now, log_index=index
    )
    before = locked.state
    locked.state = to_state
    locked.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action=f"licences.{to_state}",
        target=locked,
        detail={"from": before, "to": to_state, "reason": reason[:500], "log_index": event.log_index},
    )
    return locked


def revoke(licence: Licence, *, reason: str, actor: User | None = None) -> Licence:
    return change_state(licence=licence, to_state=LicenceState.REVOKED, reason=reason, actor=actor)


def suspend(licence: Licence, *, reason: str, actor: User | None = None) -> Licence:
    return change_state(licence=licence, to_state=LicenceState.SUSPENDED, reason=reason, actor=actor)


def restore(licence: Licence, *, reason: str, actor: User | None = None) -> Licence:
    """A suspended licence valid again."""
    return change_state(licence=licence, to_state=LicenceState.VALID, reason=reason, actor=actor)


@transaction.atomic
def replace(
    licence: Licence, *, data: dict[str, Any] | None = None, reason: str = "", actor: User | None = None
) -> Licence:
    """换发: a new version of a valid licence (the same serial, version + 1, its data updated by `data`), signed and
    logged; the old version becomes replaced. The new one."""
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    if locked.state != LicenceState.VALID:
        raise _refuse(
            _("只有有效的证照可以换发；本证照状态为“%(state)s”。") % {"state": LicenceState(locked.state).label},
            "transition",
        )
    new = issue(
        licence_type=locked.licence_type,
        holder_name=locked.holder_name,
        holder_id=locked.holder_id,
        holder_id_type=locked.holder_id_type,
        holder_user=locked.holder_user,
        holder_organisation=locked.holder_organisation,
        data={**locked.data, **(data or {})},
        case_number=locked.case_number,
        item=locked.item,
        actor=actor,
        replaces=locked,
    )
    change_state(
        licence=locked,
        to_state=LicenceState.REPLACED,
        reason=reason.strip() or _("换发为 %(identifier)s") % {"identifier": new.identifier},
        actor=actor,
    )
    return new


def expire_due(today: date | None = None) -> int:
    """Mark valid and suspended licences past their validity as expired (失效); how many."""
    day = today or timezone.localdate()
    due = Licence.objects.filter(
        state__in=[LicenceState.VALID, LicenceState.SUSPENDED], valid_until__lt=day
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        licence = Licence.objects.get(pk=pk)
        change_state(licence=licence, to_state=LicenceState.EXPIRED, reason=_("有效期已届满"), actor=None)
        count += 1
    return count
