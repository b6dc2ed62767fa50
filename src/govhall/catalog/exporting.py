"""Writing the XLSX template: every published guide with all its elements, so that export → import round-trips."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from govhall.catalog.guides import guide_of
from govhall.catalog.models import Item
from govhall.catalog.schema import CHILD_LISTS, GuideIn
from govhall.catalog.template import (
    CHILD_SHEETS,
    ITEM_COLUMNS,
    ITEMS_SHEET,
    allowed_values,
    child_columns,
    column_label,
    to_cell,
)

KEY_FONT = Font(color="808080", size=8)
TITLE_FONT = Font(bold=True)
TITLE_FILL = PatternFill("solid", fgColor="DDEBF7")


def _head(sheet: object, columns: list[str], list_name: str | None) -> None:
    sheet.append([column_label(column, list_name) for column in columns])  # type: ignore[attr-defined]
    sheet.append(columns)  # type: ignore[attr-defined]
    for cell in sheet[1]:  # type: ignore[index]
        cell.font, cell.fill = TITLE_FONT, TITLE_FILL
    for cell in sheet[2]:  # type: ignore[index]
        cell.font = KEY_FONT
    sheet.freeze_panes = "B3"  # type: ignore[attr-defined]


def published_guides() -> list[GuideIn]:
    items = (
        Item.objects.filter(current_version__isnull=False)
        .select_related("department", "current_version")
        .prefetch_related(*(f"current_version__{name}" for name in CHILD_LISTS))
        .order_by("department__order", "department__name", "implementation_code")
    )
    guides = []
    for item in items:
        version = item.current_version
        assert version is not None
        version.item = item
        guides.append(guide_of(version))
    return guides


def write_workbook(guides: list[GuideIn], path: Path) -> None:
    book = Workbook()
    items_sheet = book.active
    assert items_sheet is not None
    items_sheet.title = ITEMS_SHEET
    _head(items_sheet, ITEM_COLUMNS, None)
    for guide in guides:
        data = guide.model_dump(mode="json")
        items_sheet.append([to_cell(column, data[column]) for column in ITEM_COLUMNS])
    for list_name, sheet_name in CHILD_SHEETS.items():
        sheet = book.create_sheet(sheet_name)
        columns = child_columns(list_name)
        _head(sheet, columns, list_name)
        for guide in guides:
            for row in getattr(guide, list_name):
                data = {"implementation_code": guide.implementation_code, **row.model_dump(mode="json")}
                sheet.append([to_cell(column, data[column]) for column in columns])
    notes = book.create_sheet("填写说明")
    notes.append(["列", "可选值"])
    for column in ITEM_COLUMNS + [c for name in CHILD_SHEETS for c in child_columns(name)]:
        values = allowed_values(column)
        if values:
            notes.append([column, values])
    notes.append(["是/否列", "填“是”或“否”"])
    notes.append(["多选列（服务对象、网上办理深度）", "多个值以逗号分隔"])
    book.save(path)
