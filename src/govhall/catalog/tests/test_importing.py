from pathlib import Path

import pytest
from openpyxl import load_workbook

from govhall.catalog.demo import DISTRICT_CSV
from govhall.catalog.exporting import published_guides, write_workbook
from govhall.catalog.importing import ImportFailed, import_file
from govhall.catalog.models import GuideVersion, Item
from govhall.catalog.tests.factories import guide_data, published_item
from govhall.core.constants import Channel
from govhall.organisations.models import Department

pytestmark = pytest.mark.django_db
HEADER = "department,main_item,name,item_type,implementation_code,area_code\n"
CODE = "511A0138000000-511602000000-000-115113010833722043-1-00"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, **kwargs):
    return import_file(path, actor=None, channel=Channel.ADMIN, **kwargs)


def test_the_real_district_list_imports_completely():
    report = run(DISTRICT_CSV)
    assert (report.created, report.updated) == (1135, 0)
    assert Item.objects.count() == 1135
    assert Department.objects.count() == 34
    assert report.warnings  # the real list holds older, non-standard codes: reported, not rejected
    again = run(DISTRICT_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1135)


def test_dry_run_writes_nothing(tmp_path):
    path = write(
        tmp_path, "items.csv", HEADER + f"区教科体局,未分类,适龄儿童延缓入学审批,行政许可,{CODE},511602000000\n"
    )
    report = run(path, dry_run=True)
    assert report.created == 1 and report.dry_run
    assert not Item.objects.exists()


def test_bad_rows_are_reported_with_row_and_column_and_nothing_is_written(tmp_path):
    rows = [
        f"区教科体局,未分类,好的事项,行政许可,{CODE},511602000000",
        f"区教科体局,未分类,重复的编码,行政许可,{CODE},511602000000",
        "区教科体局,未分类,类型错了,行政魔法,511A0138000001-511602000000-000-115113010833722043-1-00,511602000000",
        "区教科体局,未分类,区划错了,行政许可,511A0138000002-511602000000-000-115113010833722043-1-00,5116",
        "区教科体局,未分类,,行政许可,511A0138000003-511602000000-000-115113010833722043-1-00,511602000000",
    ]
    path = write(tmp_path, "bad.csv", HEADER + "\n".join(rows) + "\n")
    with pytest.raises(ImportFailed) as caught:
        run(path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(3, "implementation_code"), (4, "item_type"), (5, "area_code"), (6, "name")}
    assert "第 3 行" in str(caught.value.problems[0])
    assert not Item.objects.exists()


def test_missing_columns_and_wrong_encoding(tmp_path):
    with pytest.raises(ImportFailed) as caught:
        run(write(tmp_path, "cols.csv", "department,name\n区民政局,低保\n"))
    assert {p.column for p in caught.value.problems} == {"main_item", "item_type", "implementation_code", "area_code"}
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(HEADER.encode() + "区民政局,未分类,低保,公共服务,X-1,511602000000\n".encode("gbk"))
    with pytest.raises(ImportFailed, match="problem"):
        run(gbk)


def test_csv_row_does_not_erase_a_complete_guide(tmp_path):
    item = published_item()
    row = f"区行政审批局,,食品经营许可（新办）,行政许可,{item.implementation_code},511602000000\n"
    report = run(write(tmp_path, "one.csv", HEADER + row))
    assert report.unchanged == 1
    item.refresh_from_db()
    assert item.has_guide and item.current_version.materials.count() == 1


def test_xlsx_round_trip(tmp_path):
    published_item(number=1)
    published_item(
        number=2,
        name="居民身份证申领",
        fees=[{"name": "工本费", "standard": "20元/证", "legal_basis": "《居民身份证法》", "reducible": True}],
        variants=[{"name": "首次申领"}],
        materials=[{"name": "户口簿", "necessity": "conditional", "variant_name": "首次申领", "originals": 1}],
    )
    before = [g.model_dump() for g in published_guides()]
    path = tmp_path / "export.xlsx"
    write_workbook(published_guides(), path)
    book = load_workbook(path)
    assert book.sheetnames[:4] == ["事项", "办理情形", "申请材料", "收费"]
    assert book["事项"]["A1"].value == "实施编码"
    Item.objects.all().delete()
    GuideVersion.objects.all().delete()
    report = run(path)
    assert report.created == 2
    assert [g.model_dump() for g in published_guides()] == before
    assert run(path).unchanged == 2


def test_xlsx_errors_name_sheet_row_and_column(tmp_path):
    published_item(number=1)
    path = tmp_path / "export.xlsx"
    write_workbook(published_guides(), path)
    book = load_workbook(path)
    book["事项"]["A4"] = "511A9999999999-511602000000-000-115113010833722043-1-00"  # a second item, half filled
    book["事项"]["E4"] = "新事项"
    book["事项"]["F4"] = "行政魔法"
    book["申请材料"]["A4"] = "不存在的编码-1"
    book.save(path)
    with pytest.raises(ImportFailed) as caught:
        run(path)
    messages = [str(p) for p in caught.value.problems]
    assert any("事项 第 4 行，事项类型：取值“行政魔法”无效" in m for m in messages), messages
    assert any("申请材料 第 4 行，实施编码" in m for m in messages), messages


def test_not_a_spreadsheet(tmp_path):
    with pytest.raises(ImportFailed, match="problem"):
        run(write(tmp_path, "fake.xlsx", "not a zip"))
    with pytest.raises(ImportFailed):
        run(write(tmp_path, "items.txt", "x"))


def test_guide_data_factory_is_valid():
    assert guide_data()["name"]
