"""The application form (申请表) of a guide version: which fields apply in a 情形, their first values from the applicant's
profile or enterprise, and the check of what was filled in. The portal, the window and the API all use this, so a value
the form would refuse is refused everywhere."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from govhall.catalog.constants import FieldKind, Prefill
from govhall.catalog.models import FormField, GuideVersion

REASON = "reason"  # 申请事由: asked of every application, besides the guide's own fields
PHONE = re.compile(r"^1[3-9]\d{9}$")
TRUE_WORDS = {"1", "true", "on", "yes", "是"}


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


def prefill_values(version: GuideVersion, user: Any, organisation: Any = None) -> dict[str, str]:
    """First values for fields that say where they come from (the person's own real-name data, an enterprise they act
    for). The document number is shown masked: the case is tied to the verified identity anyway."""
    person = getattr(user, "person", None)
    address = user.addresses.filter(is_default=True).first() if hasattr(user, "addresses") else None
    sources: dict[str, str] = {
        Prefill.PERSON_NAME: person.real_name if person else "",
        Prefill.PERSON_DOCUMENT: person.masked_document if person else "",
        Prefill.PERSON_PHONE: user.phone or "",
        Prefill.ADDRESS: f"{address.area}{address.detail}" if address else "",
        Prefill.ORG_NAME: organisation.name if organisation else "",
        Prefill.ORG_CODE: organisation.uscc if organisation else "",
        Prefill.ORG_REPRESENTATIVE: _representative(organisation),
    }
    return {field.key: sources.get(field.prefill, "") for field in fields_of(version) if field.prefill}


def _representative(organisation: Any) -> str:
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
    version: GuideVersion, variant_name: str, data: Mapping[str, Any], *, complete: bool = True
) -> dict[str, str]:
    """The values of the fields that apply in `variant_name`, checked. Fields of other 情形 and unknown keys are
    dropped. With complete=False (a draft) missing required values are allowed."""
    problems: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    reason = str(data.get(REASON, "") or "").strip()
    if len(reason) > 1000:
        problems[REASON] = "申请事由不能超过 1000 个字"
    cleaned[REASON] = reason[:1000]
    for field in fields_of(version):
        if not applies(field, variant_name):
            continue
        try:
            value = _clean_value(field, data.get(field.key, ""))
        except ValueError as error:
            problems[field.key] = str(error)
            continue
        if complete and field.required and not value:
            problems[field.key] = f"请填写{field.label}"
        cleaned[field.key] = value
    if problems:
        raise FormDataError(problems)
    return cleaned


def rows(version: GuideVersion, variant_name: str, form_data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs to show a filed form, in the guide's order."""
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
