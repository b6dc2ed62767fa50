"""The condition language over shared data: one home for 秒批 rules (instant) and 免申即享 policies (entitlements).

A condition names a data resource (and, for the licence library, a licence type code), a field of the record it gives,
an operator and a value. It is data, never code: no expression is evaluated. The operators:

- 有记录 (exists) / 无记录 (absent): the resource has / has no record for the subject (no field, no value);
- 等于 (eq) / 不等于 (ne): the field's text equals / differs from the value;
- 属于 (in) / 不属于 (not_in): the field's text is / is not one of the values, separated by 、 or a comma;
- 包含 (contains): the field's text contains the value (e.g. 户籍地址 contains 广安区);
- 不小于 (gte) / 不大于 (lte): the field read as a number compared with the value (a number);
- 年满周岁 (age_gte): the field is a date (YYYY-MM-DD, e.g. 出生日期) and the subject is at least value years old today;
- 与申请人一致 (is_applicant): the field equals the applicant's own real-name data named by the value
  (real_name 姓名 or document_number 证件号码) — the name check.

`problem` says in Chinese why a condition cannot be saved (checked by DataCondition.clean, so the admin refuses it);
`evaluate` applies a condition to a fetched record. Personal values are never put in what is shown: `observed` is
masked for fields the resource marks personal, a birth date is shown as an age, an applicant check as 一致 / 不一致."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.sharing.constants import Outcome


class Operator(models.TextChoices):
    EXISTS = "exists", gettext_lazy("有记录")
    ABSENT = "absent", gettext_lazy("无记录")
    EQUALS = "eq", gettext_lazy("等于")
    NOT_EQUALS = "ne", gettext_lazy("不等于")
    IN = "in", gettext_lazy("属于")
    NOT_IN = "not_in", gettext_lazy("不属于")
    CONTAINS = "contains", gettext_lazy("包含")
    AT_LEAST = "gte", gettext_lazy("不小于")
    AT_MOST = "lte", gettext_lazy("不大于")
    AGE_AT_LEAST = "age_gte", gettext_lazy("年满周岁")
    IS_APPLICANT = "is_applicant", gettext_lazy("与申请人一致")


RECORD_ONLY = frozenset({Operator.EXISTS, Operator.ABSENT})
NUMERIC = frozenset({Operator.AT_LEAST, Operator.AT_MOST, Operator.AGE_AT_LEAST})
APPLICANT_FACTS = {"real_name": gettext_lazy("姓名"), "document_number": gettext_lazy("证件号码")}
SEPARATORS = re.compile(r"[、,，]")


def values_of(text: str) -> list[str]:
    """The values of 属于 / 不属于."""
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


def number_of(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None


def problem(*, operator: str, field: str, value: str, fields: dict[str, str], is_licence_library: bool = False) -> str:
    """Why the condition cannot be used ("" when it can). `fields` are the resource's declared fields (key → label)."""
    if operator not in Operator.values:
        return _("不支持的比较方式“%(op)s”，可用：%(ops)s。") % {"op": operator, "ops": "、".join(Operator.values)}
    if operator in RECORD_ONLY:
        if field or value:
            return _("“有记录 / 无记录”不需要填写信息项和比较值。")
        return ""
    if not field:
        return _("请填写要比较的信息项。")
    if fields and field not in fields:
        return _("数据资源没有信息项“%(field)s”，可用：%(fields)s。") % {"field": field, "fields": "、".join(fields)}
    if not fields and not is_licence_library:
        return _("该数据资源未登记信息项，只能使用“有记录 / 无记录”。")
    if operator == Operator.IS_APPLICANT:
        if value not in APPLICANT_FACTS:
            return _("“与申请人一致”的比较值应为 real_name（姓名）或 document_number（证件号码）。")
        return ""
    if not value.strip():
        return _("请填写比较值。")
    if operator in (Operator.IN, Operator.NOT_IN) and not values_of(value):
        return _("请填写至少一个值，多个值用顿号或逗号分隔。")
    if operator in NUMERIC and number_of(value) is None:
        return _("比较值“%(value)s”不是数字。") % {"value": value}
    return ""


@dataclass(frozen=True)
class Verdict:
    """What one condition gave for one record: whether it held, and what may be shown of the value that decided."""

    held: bool
    observed: str


def masked(text: str) -> str:
    return text[:1] + "*" * max(len(text) - 1, 1) if text else ""


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def evaluate(
    *,
    operator: str,
    field: str,
    value: str,
    record: dict[str, Any] | None,
    today: date,
    applicant: dict[str, str] | None = None,
    personal: bool = False,
) -> Verdict:
    """Apply one condition to `record` (None: the source has no record of the subject)."""
    if operator == Operator.EXISTS:
        return Verdict(record is not None, _("有记录") if record is not None else _("无记录"))
    if operator == Operator.ABSENT:
        return Verdict(record is None, _("无记录") if record is None else _("有记录"))
    if record is None or record.get(field) in (None, ""):
        return Verdict(False, _("无此信息"))
    actual = str(record[field]).strip()
    shown = masked(actual) if personal else actual
    if operator == Operator.IS_APPLICANT:
        held = bool(actual) and actual.upper() == str((applicant or {}).get(value, "")).strip().upper()
        return Verdict(held, _("一致") if held else _("不一致"))
    if operator == Operator.AGE_AT_LEAST:
        try:
            age = age_on(date.fromisoformat(actual[:10]), today)
        except ValueError:
            return Verdict(False, _("日期无法识别"))
        limit = number_of(value)
        return Verdict(limit is not None and age >= limit, _("%(age)s 周岁") % {"age": age})
    if operator in (Operator.AT_LEAST, Operator.AT_MOST):
        number, limit = number_of(actual), number_of(value)
        if number is None or limit is None:
            return Verdict(False, _("不是数字"))
        return Verdict(number >= limit if operator == Operator.AT_LEAST else number <= limit, shown)
    checks = {
        Operator.EQUALS: lambda: actual == value.strip(),
        Operator.NOT_EQUALS: lambda: actual != value.strip(),
        Operator.IN: lambda: actual in values_of(value),
        Operator.NOT_IN: lambda: actual not in values_of(value),
        Operator.CONTAINS: lambda: value.strip() in actual,
    }
    return Verdict(bool(checks[Operator(operator)]()), shown)


class DataCondition(models.Model):
    """A condition over one data resource, kept as a row (abstract: InstantRule and BenefitCondition are each one).
    `clean` refuses a condition the language cannot evaluate, with the reason."""

    resource = models.ForeignKey(
        "sharing.DataResource", on_delete=models.PROTECT, related_name="+", verbose_name=gettext_lazy("数据资源")
    )
    licence_type_code = models.CharField(
        gettext_lazy("证照类型代码"), max_length=40, blank=True, help_text=gettext_lazy("数据资源为电子证照库时必填。")
    )
    field = models.CharField(
        gettext_lazy("信息项"),
        max_length=60,
        blank=True,
        help_text=gettext_lazy("数据资源登记的信息项代码，如 birth_date。"),
    )
    operator = models.CharField(gettext_lazy("比较方式"), max_length=16, choices=Operator.choices)
    value = models.CharField(
        gettext_lazy("比较值"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("属于 / 不属于：多个值用顿号分隔；与申请人一致：real_name 或 document_number。"),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        resource = self.resource if self.resource_id else None
        if resource is None:
            return
        if resource.is_licence_library and not self.licence_type_code.strip():
            raise ValidationError({"licence_type_code": _("数据资源为电子证照库时须填写证照类型代码。")})
        fields = (
            {"identifier": "证照编号", "type": "证照类型", "state": "证照状态"} if resource.is_licence_library else {}
        )
        found = problem(
            operator=self.operator,
            field=self.field.strip(),
            value=self.value.strip(),
            fields=fields or resource.field_labels(),
            is_licence_library=resource.is_licence_library,
        )
        if found:
            raise ValidationError(found)

    def is_personal(self) -> bool:
        return any(str(item.get("key")) == self.field and bool(item.get("personal")) for item in self.resource.fields)

    def verdict(self, record: dict[str, Any] | None, *, today: date, applicant: dict[str, str]) -> Verdict:
        return evaluate(
            operator=self.operator,
            field=self.field,
            value=self.value,
            record=record,
            today=today,
            applicant=applicant,
            personal=self.is_personal(),
        )

    def describe(self) -> str:
        """The condition in words, e.g. 户籍信息·出生日期 年满周岁 80."""
        label = self.resource.field_labels().get(self.field, self.field)
        subject = f"{self.resource.name}·{label}" if self.field else self.resource.name
        if self.licence_type_code:
            subject = f"{subject}（{self.licence_type_code}）"
        value = (
            str(APPLICANT_FACTS.get(self.value, self.value)) if self.operator == Operator.IS_APPLICANT else self.value
        )
        return " ".join(part for part in (subject, str(Operator(self.operator).label), value) if part)

    def source_key(self) -> tuple[int, str]:
        """One fetch serves every condition over the same resource (and licence type)."""
        return (self.resource_id, self.licence_type_code)


@dataclass
class Gathered:
    """The records fetched for a set of conditions: by source_key, None where the source has no record; `failure`
    says why the conditions cannot be decided (a source failed, a fetch was refused, no subject of that kind)."""

    records: dict[tuple[int, str], dict[str, Any] | None]
    failure: str = ""


def gather(
    conditions: Sequence[DataCondition], *, subjects: dict[str, str], purpose: str, department: Any, actor: Any = None
) -> Gathered:
    """Fetch once per resource the records the conditions read (sharing.services.fetch: purpose checked, every fetch
    logged). `subjects` maps a subject kind (person / organisation) to the number to ask for. Call outside any
    transaction; stops at the first failure."""
    from govhall.sharing.services import FetchRefused, SharingError, fetch

    records: dict[tuple[int, str], dict[str, Any] | None] = {}
    for condition in conditions:
        key = condition.source_key()
        if key in records:
            continue
        resource = condition.resource
        subject = subjects.get(resource.subject_kind, "")
        if not subject:
            return Gathered(
                records,
                _("“%(name)s”按%(kind)s查询，本件没有该主体。")
                % {"name": resource.name, "kind": resource.get_subject_kind_display()},
            )
        try:
            result = fetch(
                resource=resource,
                subject_id=subject,
                subject_kind=resource.subject_kind,
                purpose=purpose,
                department=department,
                actor=actor,
                licence_type_code=condition.licence_type_code,
            )
        except FetchRefused as refused:
            return Gathered(records, _("调用“%(name)s”被拒绝：%(why)s") % {"name": resource.name, "why": refused})
        except SharingError as error:
            return Gathered(records, str(error))
        if result.outcome == Outcome.FAILED:
            return Gathered(records, result.failure)
        records[key] = result.record if result.found else None
    return Gathered(records)
