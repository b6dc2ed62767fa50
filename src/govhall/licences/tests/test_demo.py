import pytest

from govhall.accounts.demo import load_demo_accounts
from govhall.catalog.tests.factories import published_item
from govhall.licences import demo, selectors
from govhall.licences.models import Licence, LicenceType
from govhall.organisations.models import Department

pytestmark = pytest.mark.django_db


def test_demo_types_link_their_items_and_citizens_hold_id_cards():
    item = published_item(name="个体工商户设立登记")
    Department.objects.update_or_create(
        name="区民政局", defaults={"uscc": "11511301008778298W", "area_code": "511602000000"}
    )
    load_demo_accounts()
    assert demo.load_demo_licences() == 9  # 4 citizens × (居民身份证 + 户口簿) + 1 结婚证
    assert demo.load_demo_licences() == 0  # idempotent
    assert LicenceType.objects.count() == len(demo.TYPES)
    individual = LicenceType.objects.get(code=demo.BUSINESS_LICENCE_INDIVIDUAL)
    assert list(individual.items.all()) == [item]
    card = selectors.find_current(demo.RESIDENT_ID_CARD, "11010519491231002X")
    assert card is not None and card.holder_user.username == "zhangsan"
    assert card.licence_type.external and card.issuer_uscc == demo.POLICE[1]
    assert card.data["name"] == "张三" and selectors.signature_valid(card)
    marriage = Licence.objects.get(licence_type__code=demo.MARRIAGE_CERTIFICATE)
    assert marriage.holder_user.username == "lisi"  # the first demo citizen by username
    assert marriage.issuer_uscc == "11511301008778298W"
