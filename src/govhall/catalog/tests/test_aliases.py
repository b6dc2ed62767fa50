"""Item aliases (俗称): searched with the weight of the name, kept by the XLSX template round trip and by CSV imports,
changed through an audited service."""

import pytest

from govhall.catalog import services
from govhall.catalog.exporting import published_guides, write_workbook
from govhall.catalog.importing import import_file, read_xlsx
from govhall.catalog.models import Item
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.template import column_label
from govhall.catalog.tests.factories import published_item
from govhall.core.constants import Channel
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def names(text):
    return [item.name for item in search_items(text, ItemFilters(), limit=10).items]


def test_an_alias_finds_the_item_ahead_of_one_that_only_mentions_the_words():
    lost = published_item(number=1, name="证照遗失补领、换发申请", keywords="", summary="证照遗失后补领。")
    mention = published_item(number=2, name="公司设立登记", keywords="", summary="领取营业执照，营业执照丢了可补领。")
    assert names("营业执照丢了")[0] == mention.name
    services.set_aliases(item=lost, aliases="营业执照丢了，营业执照补办", actor=None, channel=Channel.SYSTEM)
    assert names("营业执照丢了")[0] == lost.name
    assert names("yingyezhizhaobuban")[0] == lost.name  # the aliases' pinyin too


def test_set_aliases_cleans_the_list_and_is_audited():
    item = published_item(number=1)
    services.set_aliases(item=item, aliases=" 开饭店、开餐馆,开饭店\n", actor=None, channel=Channel.SYSTEM)
    item.refresh_from_db()
    assert item.aliases == "开饭店，开餐馆"
    assert item.alias_list() == ["开饭店", "开餐馆"]
    event = AuditEvent.objects.get(action="catalog.aliases")
    assert event.detail["after"] == "开饭店，开餐馆"
    services.add_alias(item=item, alias="开面馆", actor=None, channel=Channel.SYSTEM)
    assert Item.objects.get(pk=item.pk).alias_list() == ["开饭店", "开餐馆", "开面馆"]
    with pytest.raises(services.GuideError):
        services.add_alias(item=item, alias="", actor=None, channel=Channel.SYSTEM)


def test_changing_aliases_publishes_no_new_guide_version():
    item = published_item(number=1)
    version = item.current_version_id
    services.set_aliases(item=item, aliases="开饭店", actor=None, channel=Channel.SYSTEM)
    item.refresh_from_db()
    assert item.current_version_id == version


def test_xlsx_round_trip_keeps_aliases(tmp_path):
    item = published_item(number=1)
    services.set_aliases(item=item, aliases="开饭店，开餐馆", actor=None, channel=Channel.SYSTEM)
    path = tmp_path / "catalog.xlsx"
    write_workbook(published_guides(), path)
    guides = read_xlsx(path.read_bytes())
    assert [guide.aliases for guide in guides] == ["开饭店，开餐馆"]
    # Edited in the file, imported back: the item's aliases follow, no new guide version for them alone.
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["事项"]
    keys = [cell.value for cell in sheet[2]]
    assert sheet.cell(row=1, column=keys.index("aliases") + 1).value == column_label("aliases")
    sheet.cell(row=3, column=keys.index("aliases") + 1).value = "开饭店，开面馆"
    book.save(path)
    version = Item.objects.get(pk=item.pk).current_version_id
    report = import_file(path, actor=None, channel=Channel.SYSTEM)
    item.refresh_from_db()
    assert (item.aliases, report.updated, item.current_version_id) == ("开饭店，开面馆", 1, version)
    assert names("开面馆")[0] == item.name


def test_a_template_without_the_aliases_column_keeps_them(tmp_path):
    item = published_item(number=1)
    services.set_aliases(item=item, aliases="开饭店", actor=None, channel=Channel.SYSTEM)
    path = tmp_path / "old.xlsx"
    write_workbook(published_guides(), path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["事项"]
    keys = [cell.value for cell in sheet[2]]
    sheet.delete_cols(keys.index("aliases") + 1)
    book.save(path)
    import_file(path, actor=None, channel=Channel.SYSTEM)
    assert Item.objects.get(pk=item.pk).aliases == "开饭店"


def test_the_district_csv_does_not_wipe_aliases(tmp_path):
    item = published_item(number=1, catalog_only=True, name="开办互联网上网服务营业场所")
    services.set_aliases(item=item, aliases="开网吧，网咖", actor=None, channel=Channel.SYSTEM)
    path = tmp_path / "list.csv"
    path.write_text(
        "department,main_item,name,item_type,implementation_code,area_code\n"
        f"{item.department.name},未分类,开办互联网上网服务营业场所,行政许可,{item.implementation_code},511602000000\n",
        encoding="utf-8",
    )
    import_file(path, actor=None, channel=Channel.SYSTEM)
    item.refresh_from_db()
    assert item.aliases == "开网吧，网咖"
    assert names("开网吧")[0] == item.name


def test_guides_that_leave_aliases_out_keep_them():
    from govhall.catalog.importing import apply_guides
    from govhall.catalog.schema import GuideIn
    from govhall.catalog.tests.factories import guide_data

    item = published_item(number=1)
    services.set_aliases(item=item, aliases="开饭店", actor=None, channel=Channel.SYSTEM)
    apply_guides(
        [GuideIn.model_validate(guide_data(number=1, summary="改过的摘要。"))], actor=None, channel="system", source="t"
    )
    assert Item.objects.get(pk=item.pk).aliases == "开饭店"
    apply_guides([GuideIn.model_validate(guide_data(number=1, aliases=""))], actor=None, channel="system", source="t")
    assert Item.objects.get(pk=item.pk).aliases == ""  # given, even empty: replaced
