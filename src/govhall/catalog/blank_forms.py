"""Blank application forms (空白表格) and filled samples (示例样表) for a guide's materials, as XLSX files people fill
in with Excel or WPS. Generated from the published guide, so every form-type material has one even before a
department uploads its own (an uploaded file, when present, is offered instead)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from govhall.catalog.models import GuideVersion, Item, Material

FORM_WORDS = ("申请书", "申请表", "登记表", "申报表", "审批表", "备案表", "承诺书", "表")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def is_form(material: Material) -> bool:
    return material.source == "applicant" and material.name.endswith(FORM_WORDS)


def _fields(item: Item, version: GuideVersion) -> list[tuple[str, str]]:
    """(label, sample value) rows of the form: who applies, for what, and which materials come with it."""
    legal = item.for_legal and not item.for_person
    applicant = [
        ("申请单位名称" if legal else "申请人姓名", "广安市某某餐饮有限公司" if legal else "张三"),
        ("统一社会信用代码" if legal else "公民身份号码", "91511602MA6XXXXX0X" if legal else "511602199001011234"),
        ("法定代表人" if legal else "性别", "李四" if legal else "男"),
        ("联系电话", "138****1234"),
        ("联系地址", "广安市广安区金安大道二段 88 号"),
        ("经办人（代办时填写）", "王五"),
    ]
    matter = [("申请事项", version.name), ("申请事由", "（请简要说明申请理由）")]
    for variant in version.variants.all():
        matter.append((f"□ {variant.name}", "☑" if variant.order == 1 else "□"))
    attached = [(f"{index}. {m.name}", "已附") for index, m in enumerate(version.materials.all(), start=1)]
    return applicant + matter + [("随附材料", "")] + attached


def build_form(item: Item, version: GuideVersion, material: Material, *, sample: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "示例样表" if sample else "空白表格"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 48
    title = f"{material.name}{'（示例）' if sample else ''}"
    sheet.append([title])
    sheet.merge_cells("A1:B1")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"{item.department.name} · 事项编码 {item.implementation_code}"])
    sheet.merge_cells("A2:B2")
    sheet["A2"].font = Font(size=9, color="555555")
    for label, example in _fields(item, version):
        sheet.append([label, example if sample else ""])
        for cell in sheet[sheet.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.row_dimensions[sheet.max_row].height = 24
    sheet.append([])
    sheet.append(["本人承诺所填信息及所附材料真实、有效，如有虚假，愿承担相应法律责任。"])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
    signed = timezone.localdate().strftime("%Y 年 %m 月 %d 日") if sample else "      年    月    日"
    sheet.append(["申请人（签字/盖章）：", "张三" if sample else ""])
    sheet.append(["日期：", signed])
    if material.acceptance_standard:
        sheet.append([])
        sheet.append([f"填写要求：{material.acceptance_standard}"])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
