"""The application form (申请表) of a guide version: which fields apply in a 情形, their first values from the applicant's
profile or enterprise, and the check of what was filled in. The portal, the window and the API all use this, so a value
the form would refuse is refused everywhere.

Personal data in the form (PERSONAL: the applicant's document number and phone) is kept like the profile keeps it:
encrypted in the case's form data (`{"encrypted": <Fernet token>}`, core.crypto), shown masked (rows, shown_values)
and in full only through `rows(..., full=True)`, which the workbench calls for staff holding `personal_data.full`
after auditing the view. A prefilled value comes from the profile on the server: the masked value a form shows is
never what is stored."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from govhall.accounts.models import Organisation, User
from govhall.catalog.constants import FieldKind, Prefill
from govhall.catalog.models import FormField, GuideVersion
from govhall.core.crypto import decrypt, encrypt, mask_document_number, mask_phone

REASON = "reason"  # 申请事由: asked of every application, besides the guide's own fields
PHONE = re.compile(r"^1[3-9]\d{9}$")
TRUE_WORDS = {"1", "true", "on", "yes", "是"}
# Prefill sources whose values are personal data, with the mask they are shown with.
PERSONAL = {Prefill.PERSON_DOCUMENT: mask_document_number, Prefill.PERSON_PHONE: mask_phone}
SEALED = "encrypted"


class FormDataError(Exception):
    """What is wrong with the filled-in form, one message per field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("申请表填写有误：" + "；".join(problems.values()))


def choices_of(field: FormField) -> list[str]:
    return [choice.strip() for choice in field.choices.split("|") if choice.strip()]


def applies(field: FormField, variant_name: str) -> bool:
    return not field.variant_name or field.variant_name == variant_name


def fields_of(version: GuideVersion) -> list[FormField]:
    return list(version.form_fields.all())


def prefill_values(version: GuideVersion, user: User, organisation: Organisation | None = None) -> dict[str, str]:
    """The real first values of fields that say where they come from (the person's own real-name data, an enterprise
    they act for). For the server only: a form shows them through shown_values (personal data masked)."""
    person = getattr(user, "person", None)
    address = user.addresses.filter(is_default=True).first() if hasattr(user, "addresses") else None
    sources: dict[str, str] = {
        Prefill.PERSON_NAME: person.real_name if person else "",
        Prefill.PERSON_DOCUMENT: person.document_number if person else "",
        Prefill.PERSON_PHONE: user.phone or "",
        Prefill.ADDRESS: f"{address.area}{address.detail}" if address else "",
        Prefill.ORG_NAME: organisation.name if organisation else "",
        Prefill.ORG_CODE: organisation.uscc if organisation else "",
        Prefill.ORG_REPRESENTATIVE: _representative(organisation),
    }
    return {field.key: sources.get(field.prefill, "") for field in fields_of(version) if field.prefill}


def personal_fields(version: GuideVersion) -> dict[str, Any]:
    """Keys of the fields holding personal data, with the mask of each."""
    return {field.key: PERSONAL[Prefill(field.prefill)] for field in fields_of(version) if field.prefill in PERSONAL}


def opened(value: Any) -> Any:
    """A stored value as text: sealed personal data decrypted, anything else as it is."""
    if isinstance(value, dict) and isinstance(value.get(SEALED), str):
        return decrypt(value[SEALED])
    return value


def seal(version: GuideVersion, values: Mapping[str, Any]) -> dict[str, Any]:
    """Form data to store: the values of personal fields encrypted."""
    personal = personal_fields(version)
    return {
        key: {SEALED: encrypt(str(opened(value)))} if key in personal and opened(value) else opened(value)
        for key, value in values.items()
    }


def shown_values(version: GuideVersion, values: Mapping[str, Any]) -> dict[str, str]:
    """Values to put in front of a person (forms, the API): personal data masked."""
    personal = personal_fields(version)
    out: dict[str, str] = {}
    for key, value in values.items():
        text = str(opened(value) or "")
        out[key] = personal[key](text) if key in personal and text else text
    return out


def _representative(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    person = getattr(organisation.legal_representative, "person", None)
    return person.real_name if person else ""


def _clean_value(field: FormField, raw: Any) -> str:
    """The value as stored (text), or ValueError with the message for the person."""
    if field.kind == FieldKind.CHECKBOX:
        return "是" if str(raw).strip().lower() in TRUE_WORDS else ""
    value = str(raw if raw is not None else "").strip()
    if not value:
        return ""
    limit = 2000 if field.kind == FieldKind.TEXTAREA else 200
    if len(value) > limit:
        raise ValueError(f"{field.label}不能超过 {limit} 个字")
    if field.kind == FieldKind.NUMBER:
        try:
            Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{field.label}应填写数字") from None
    elif field.kind == FieldKind.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{field.label}应填写日期（如 2026-03-01）") from None
    elif field.kind == FieldKind.CHOICE and value not in choices_of(field):
        raise ValueError(f"{field.label}应从所列选项中选择")
    elif field.kind == FieldKind.PHONE and not PHONE.match(value):
        raise ValueError(f"{field.label}应为 11 位手机号码")
    return value


def clean_form_data(
    version: GuideVersion,
    variant_name: str,
    data: Mapping[str, Any],
    *,
    complete: bool = True,
    known: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The values of the fields that apply in `variant_name`, checked. Fields of other 情形 and unknown keys are
    dropped. With complete=False (a draft) missing required values are allowed. `known` are the real prefill values
    (prefill_values): the document number is always the applicant's own, and a personal value sent back as the mask
    the form showed (or sealed, as stored) stands for the real one."""
    known = known or {}
    personal = personal_fields(version)
    problems: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    reason = str(data.get(REASON, "") or "").strip()
    if len(reason) > 1000:
        problems[REASON] = "申请事由不能超过 1000 个字"
    cleaned[REASON] = reason[:1000]
    for field in fields_of(version):
        if not applies(field, variant_name):
            continue
        raw = opened(data.get(field.key, ""))
        real = known.get(field.key, "")
        if (
            field.key in personal
            and real
            and (field.prefill == Prefill.PERSON_DOCUMENT or not raw or str(raw).strip() == personal[field.key](real))
        ):
            raw = real
        try:
            value = _clean_value(field, raw)
        except ValueError as error:
            problems[field.key] = str(error)
            continue
        if complete and field.required and not value:
            problems[field.key] = f"请填写{field.label}"
        cleaned[field.key] = value
    if problems:
        raise FormDataError(problems)
    return cleaned


def rows(
    version: GuideVersion, variant_name: str, form_data: Mapping[str, Any], *, full: bool = False
) -> list[tuple[str, str]]:
    """(label, value) pairs to show a filed form, in the guide's order; personal data masked unless `full` (only for
    staff with `personal_data.full`, after the view is audited)."""
    form_data = {key: opened(value) for key, value in form_data.items()} if full else shown_values(version, form_data)
    shown: list[tuple[str, str]] = []
    if form_data.get(REASON):
        shown.append(("申请事由", str(form_data[REASON])))
    known = {REASON}
    for field in fields_of(version):
        known.add(field.key)
        if applies(field, variant_name):
            shown.append((field.label, str(form_data.get(field.key, "")) or "—"))
    shown.extend((str(key), str(value)) for key, value in form_data.items() if key not in known)
    return shown
