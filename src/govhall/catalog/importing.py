"""Importing the catalog: the district list CSV (department, main_item, name, item_type, implementation_code,
area_code) and the XLSX template with every element. Every problem is reported with its row, column and reason; a file
is applied fully or not at all."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from openpyxl import load_workbook
from pydantic import ValidationError

from govhall.catalog import codes
from govhall.catalog.guides import guide_of
from govhall.catalog.indexing import items_for_indexing, reindex_items
from govhall.catalog.models import Item
from govhall.catalog.rules import broken_rules
from govhall.catalog.schema import CHILD_LISTS, GuideIn
from govhall.catalog.services import put_item
from govhall.catalog.template import (
    CHILD_SHEETS,
    CODE,
    ITEMS_SHEET,
    allowed_values,
    column_label,
    from_cell,
)
from govhall.core import audit

CSV_COLUMNS = ["department", "main_item", "name", "item_type", "implementation_code", "area_code"]
MAX_ROWS = 50_000
PERSON_WORDS = (
    "居民",
    "个人",
    "老年",
    "高龄",
    "残疾",
    "儿童",
    "学生",
    "婚姻",
    "户口",
    "户籍",
    "身份证",
    "生育",
    "退役",
    "优抚",
    "低保",
    "特困",
    "救助",
    "养老",
    "就业",
    "失业",
    "医保",
    "驾驶",
    "教师资格",
    "执业医师",
)
LEGAL_WORDS = (
    "企业",
    "公司",
    "单位",
    "经营",
    "生产",
    "工程",
    "建设",
    "机构",
    "学校",
    "医院",
    "药品",
    "食品",
    "运输",
    "排污",
    "广告",
    "施工",
    "项目",
    "设立",
    "开办",
    "社会组织",
    "民办",
    "场所",
)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet} 第 {self.row} 行" if self.row else self.sheet
        return f"{where}，{self.column}：{self.reason}" if self.column else f"{where}：{self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


PYDANTIC_REASONS = {
    "missing": "必填",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "bool_parsing": "应填“是”或“否”",
    "bool_type": "应填“是”或“否”",
    "extra_forbidden": "不认识的列",
    "string_type": "应为文字",
    "list_type": "应为以逗号分隔的多个值",
}


def _reason(error: Any, field_name: str) -> str:
    kind = error["type"]
    if kind == "enum":
        return f"取值“{error.get('input')}”无效，可选：{allowed_values(field_name)}"
    template = PYDANTIC_REASONS.get(kind)
    if template is None:
        return str(error["msg"])
    return template.format(**error.get("ctx", {}))


def _validation_problems(exc: ValidationError, sheet: str, row: int, list_name: str | None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        location = [part for part in error["loc"] if isinstance(part, str)]
        field_name = location[-1] if location else ""
        try:
            label = column_label(field_name, list_name) if field_name else ""
        except Exception:
            label = field_name
        problems.append(Problem(sheet, row, label, _reason(error, field_name)))
    return problems


def infer_audiences(name: str) -> list[str]:
    """The CSV list has no 服务对象; guess it from the item name so that browsing by audience works for listed items.
    The full template states it explicitly."""
    audiences = []
    if any(word in name for word in PERSON_WORDS):
        audiences.append("natural_person")
    if any(word in name for word in LEGAL_WORDS) or not audiences:
        audiences.append("enterprise")
    return audiences


def read_csv(content: bytes) -> list[GuideIn]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([Problem("CSV", 0, "", "文件不是 UTF-8 编码的文本")]) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed([Problem("CSV", 1, column, "缺少此列") for column in missing])
    guides: list[GuideIn] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        if row_number > MAX_ROWS:
            raise ImportFailed([Problem("CSV", row_number, "", f"文件超过 {MAX_ROWS} 行")])
        code = (row.get("implementation_code") or "").strip()
        if code in seen:
            problems.append(Problem("CSV", row_number, "implementation_code", f"与第 {seen[code]} 行的实施编码重复"))
            continue
        seen[code] = row_number
        item_type = codes.item_type_code(row.get("item_type") or "")
        if item_type is None:
            problems.append(Problem("CSV", row_number, "item_type", f"事项类型“{row.get('item_type')}”无效"))
            continue
        name = (row.get("name") or "").strip()
        data = {
            "implementation_code": code,
            "department": (row.get("department") or "").strip(),
            "area_code": (row.get("area_code") or "").strip(),
            "main_item": ""
            if (row.get("main_item") or "").strip() == "未分类"
            else (row.get("main_item") or "").strip(),
            "name": name,
            "item_type": item_type,
            "catalog_only": True,
            "audiences": infer_audiences(name),
        }
        try:
            guides.append(GuideIn.model_validate(data))
        except ValidationError as exc:
            for problem in _validation_problems(exc, "CSV", row_number, None):
                column = next((key for key in CSV_COLUMNS if column_label(key) == problem.column), problem.column)
                problems.append(Problem("CSV", row_number, column, problem.reason))
    if problems:
        raise ImportFailed(problems)
    return guides


def _sheet_rows(sheet: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    rows = sheet.iter_rows(values_only=True)
    next(rows, None)  # Chinese titles
    keys = [str(key).strip() if key is not None else "" for key in next(rows, ())]
    for row_number, values in enumerate(rows, start=3):
        if row_number > MAX_ROWS:
            raise ImportFailed([Problem(sheet.title, row_number, "", f"工作表超过 {MAX_ROWS} 行")])
        if all(value in (None, "") for value in values):
            continue
        yield row_number, {key: value for key, value in zip(keys, values, strict=False) if key}


def _convert(raw: dict[str, Any], model: type[Any]) -> dict[str, Any]:
    """Cells to schema values. An empty cell means "none" for optional fields and the default for the others."""
    data: dict[str, Any] = {}
    for key, value in raw.items():
        info = model.model_fields.get(key)
        annotation = str(info.annotation) if info is not None else ""
        converted = from_cell(key, value, boolean=info is not None and info.annotation is bool)
        if isinstance(converted, str):
            converted = converted.strip()
        if converted in (None, ""):
            if "None" in annotation:
                converted = None
            elif info is not None and info.annotation is not str and "Annotated[str" not in annotation:
                continue
        data[key] = converted
    return data


def read_xlsx(content: bytes) -> list[GuideIn]:
    from govhall.catalog.schema import CHILD_SCHEMAS

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailed([Problem("文件", 0, "", "无法读取：不是有效的 XLSX 文件")]) from exc
    if ITEMS_SHEET not in book.sheetnames:
        raise ImportFailed([Problem("文件", 0, "", f"缺少工作表“{ITEMS_SHEET}”")])
    problems: list[Problem] = []
    items: dict[str, dict[str, Any]] = {}
    item_rows: dict[str, int] = {}
    for row_number, raw in _sheet_rows(book[ITEMS_SHEET]):
        code = str(raw.get(CODE) or "").strip()
        if code in items:
            problems.append(Problem(ITEMS_SHEET, row_number, "实施编码", f"与第 {item_rows[code]} 行重复"))
            continue
        data = _convert(raw, GuideIn)
        data.update({name: [] for name in CHILD_LISTS})
        items[code] = data
        item_rows[code] = row_number
    for data in items.values():  # an empty aliases cell clears them; a template without the column keeps them
        if "aliases" in data and data["aliases"] is None:
            data["aliases"] = ""
    child_rows: dict[tuple[str, str], list[int]] = {}
    for list_name, sheet_name in CHILD_SHEETS.items():
        if sheet_name not in book.sheetnames:
            continue
        for row_number, raw in _sheet_rows(book[sheet_name]):
            code = str(raw.pop(CODE, "") or "").strip()
            if code not in items:
                problems.append(Problem(sheet_name, row_number, "实施编码", f"“{code}”不在“{ITEMS_SHEET}”表中"))
                continue
            items[code][list_name].append(_convert(raw, CHILD_SCHEMAS[list_name]))
            child_rows.setdefault((code, list_name), []).append(row_number)
    guides: list[GuideIn] = []
    for code, data in items.items():
        try:
            guide = GuideIn.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                location = error["loc"]
                if location and location[0] in CHILD_LISTS and len(location) > 1:
                    list_name = str(location[0])
                    row_number = child_rows[(code, list_name)][int(location[1])]
                    sub = ValidationError.from_exception_data(exc.title, [error])  # type: ignore[list-item]
                    problems += _validation_problems(sub, CHILD_SHEETS[list_name], row_number, list_name)
                else:
                    sub = ValidationError.from_exception_data(exc.title, [error])  # type: ignore[list-item]
                    problems += _validation_problems(sub, ITEMS_SHEET, item_rows[code], None)
            continue
        for rule in broken_rules(guide):
            problems.append(Problem(ITEMS_SHEET, item_rows[code], "", f"“{guide.name}”{rule}"))
        guides.append(guide)
    if problems:
        raise ImportFailed(problems)
    return guides


def _merge_with_current(guide: GuideIn) -> GuideIn:
    """A CSV row for an item that already has a full guide changes only what the CSV carries."""
    item = Item.objects.filter(implementation_code=guide.implementation_code).select_related("current_version").first()
    if item is None or item.current_version is None or item.current_version.catalog_only:
        return guide
    current = guide_of(item.current_version)
    return current.model_copy(
        update={
            "name": guide.name,
            "item_type": guide.item_type,
            "department": guide.department,
            "main_item": guide.main_item,
            "area_code": guide.area_code,
        }
    )


def apply_guides(
    guides: list[GuideIn], *, actor: audit.Actor, channel: str, source: str, dry_run: bool = False, merge: bool = False
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    for index, guide in enumerate(guides, start=1):
        if not codes.is_standard(guide.implementation_code):
            report.warnings.append(
                Problem(source, index + 1, "implementation_code", f"“{guide.implementation_code}”不是标准实施编码格式")
            )
    with transaction.atomic():
        touched: list[int] = []
        for guide in guides:
            item, outcome = put_item(
                guide=_merge_with_current(guide) if merge else guide,
                actor=actor,
                channel=channel,
                change_note=f"导入 {source}",
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                touched.append(item.pk)
        reindex_items(items_for_indexing().filter(pk__in=touched))
        audit.record(
            actor=actor,
            action="catalog.import",
            channel=channel,
            detail={"source": source, "created": report.created, "updated": report.updated, "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(path: Path, *, actor: audit.Actor, channel: str, dry_run: bool = False) -> ImportReport:
    content = path.read_bytes()
    if path.suffix.lower() == ".csv":
        return apply_guides(
            read_csv(content), actor=actor, channel=channel, source=path.name, dry_run=dry_run, merge=True
        )
    if path.suffix.lower() == ".xlsx":
        return apply_guides(read_xlsx(content), actor=actor, channel=channel, source=path.name, dry_run=dry_run)
    raise ImportFailed([Problem(path.name, 0, "", "只支持 .csv 和 .xlsx 文件")])
