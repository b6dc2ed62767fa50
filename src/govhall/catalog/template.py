"""The XLSX template that carries every element of a guide: one sheet of items and one sheet per list.
Row 1 holds the Chinese column titles people read, row 2 the field keys the importer reads, data starts on row 3."""

from enum import Enum
from typing import Any

from govhall.catalog.constants import (
    Audience,
    HandlingKind,
    ItemType,
    LimitUnit,
    MaterialExemption,
    MaterialForm,
    MaterialNecessity,
    MaterialSource,
    OnlineStage,
    ResultType,
    ServiceScope,
)
from govhall.catalog.models import Faq, Fee, GuideVersion, Material, SpecialProcedure, Step, Variant
from govhall.catalog.schema import CHILD_SCHEMAS, IDENTITY_FIELDS, ITEM_ONLY_FIELDS, VERSION_FIELDS
from govhall.organisations.constants import ExerciseLevel

ITEMS_SHEET = "事项"
CHILD_SHEETS = {
    "variants": "办理情形",
    "materials": "申请材料",
    "fees": "收费",
    "steps": "办理环节",
    "special_procedures": "特别程序",
    "faqs": "常见问题",
}
CHILD_MODEL_FOR = {
    "variants": Variant,
    "materials": Material,
    "fees": Fee,
    "steps": Step,
    "special_procedures": SpecialProcedure,
    "faqs": Faq,
}
CODE = "implementation_code"
ITEM_COLUMNS = [*IDENTITY_FIELDS, *VERSION_FIELDS, *ITEM_ONLY_FIELDS]
IDENTITY_LABELS = {
    "implementation_code": "实施编码",
    "department": "实施主体",
    "area_code": "行政区划代码",
    "main_item": "主项名称",
    "aliases": "事项别名（俗称，逗号分隔）",
}
# Which code list each coded field uses (cells hold the Chinese label; the code is accepted too).
CHOICES: dict[str, type[Enum]] = {
    "item_type": ItemType,
    "exercise_level": ExerciseLevel,
    "service_scope": ServiceScope,
    "audiences": Audience,
    "statutory_unit": LimitUnit,
    "promised_unit": LimitUnit,
    "handling_kind": HandlingKind,
    "online_stages": OnlineStage,
    "result_type": ResultType,
    "necessity": MaterialNecessity,
    "form": MaterialForm,
    "source": MaterialSource,
    "exemption": MaterialExemption,
    "unit": LimitUnit,
}
LIST_FIELDS = {"audiences", "online_stages"}
TRUE_WORDS = {"是", "true", "1", "yes", "y", "√"}
FALSE_WORDS = {"否", "false", "0", "no", "n", ""}


def child_columns(list_name: str) -> list[str]:
    return [CODE, *CHILD_SCHEMAS[list_name].model_fields]


def column_label(field: str, list_name: str | None = None) -> str:
    if field in IDENTITY_LABELS:
        return IDENTITY_LABELS[field]
    model = CHILD_MODEL_FOR[list_name] if list_name else GuideVersion
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def to_cell(field: str, value: Any) -> Any:
    """A guide value as the cell shows it: labels for codes, 是/否 for booleans, lists joined by commas."""
    choices = CHOICES.get(field)
    if field in LIST_FIELDS and choices is not None:
        return "，".join(str(choices(code).label) for code in value)  # type: ignore[attr-defined]
    if choices is not None and value not in (None, ""):
        return str(choices(value).label)  # type: ignore[attr-defined]
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _code(choices: type[Enum], text: str) -> str:
    text = text.strip()
    for choice in choices:
        if text in (str(choice.value), str(choice.label)):  # type: ignore[attr-defined]
            return str(choice.value)
    return text  # left as typed: validation names the allowed values


def from_cell(field: str, value: Any, *, boolean: bool) -> Any:
    """A cell as the guide value it stands for (the reverse of to_cell); bad values are left for validation."""
    if value is None:
        value = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    choices = CHOICES.get(field)
    if field in LIST_FIELDS and choices is not None:
        parts = str(value).replace("，", ",").replace("、", ",").split(",")
        return [_code(choices, part) for part in parts if part.strip()]
    if choices is not None:
        return _code(choices, str(value)) if str(value).strip() else None
    if boolean:
        lowered = str(value).strip().lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        return value
    return value


def allowed_values(field: str) -> str:
    choices = CHOICES.get(field)
    if choices is None:
        return ""
    return "、".join(str(choice.label) for choice in choices)  # type: ignore[attr-defined]
