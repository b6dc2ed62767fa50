import pytest

from govhall.catalog.tests.factories import published_item
from govhall.licences import demo as licence_demo
from govhall.sharing import demo
from govhall.sharing.models import DataResource, MaterialSource

pytestmark = pytest.mark.django_db


def test_the_demo_catalog_maps_the_individual_business_guides_materials():
    item = published_item(
        name="个体工商户设立登记",
        materials=[
            {"name": "个体工商户登记申请书"},
            {"name": "经营者身份证明", "exemption": "e_licence"},
            {"name": "参加经营的家庭成员姓名及亲属关系证明", "exemption": "shared_data"},
            {"name": "医师资格证书", "exemption": "e_licence"},  # no demo source: the applicant will be asked
        ],
    )
    assert demo.load_demo_sharing() == 2
    assert demo.load_demo_sharing() == 2  # idempotent
    assert DataResource.objects.count() == 6
    sources = {row.material_name: row for row in MaterialSource.objects.select_related("resource")}
    assert (sources["经营者身份证明"].resource.code, sources["经营者身份证明"].licence_type_code) == (
        "licence_library",
        licence_demo.RESIDENT_ID_CARD,
    )
    assert sources["参加经营的家庭成员姓名及亲属关系证明"].resource.code == "household"
    assert list(DataResource.objects.get(code="household").items.all()) == [item]
    assert DataResource.objects.get(code="household").department.name == "区公安分局"
