"""Where a person finds the licence pages: 我的账户 links 我的证照, 谁查看/调用了我的数据 and 我的免申即享; every page's
footer links the public verification; a wallet card links its own verification page and says its state as
verification does (已撤销), names a new 个体工商户 that holds it, and names a clerk who viewed a showing 姓 + 名."""

import pytest
from django.urls import reverse

from govhall.licences import services, showings
from govhall.licences.constants import HolderKind
from govhall.licences.tests.factories import BUSINESS_FIELDS, LicenceTypeFactory, issued
from govhall.licences.tests.wallet_factories import clerk as clerk_of

pytestmark = pytest.mark.django_db


def test_the_account_page_links_the_wallet_the_trail_and_the_benefits(client, people):
    client.force_login(people.alice)
    page = client.get(reverse("accounts:me")).content.decode()
    for name in ("wallet:home", "portal:data_trail", "portal:benefits"):
        assert f'href="{reverse(name)}"' in page, name
    assert f'href="{reverse("verify:form")}"' in page  # the footer


def test_a_card_links_its_verification_and_says_revoked_as_verification_does(client, people):
    services.revoke(people.licence, reason="事后核查发现承诺不实")
    client.force_login(people.alice)
    page = client.get(reverse("wallet:home")).content.decode()
    assert f'href="{reverse("verify:licence", args=[people.licence.identifier])}"' in page
    assert "已撤销" in page


def test_a_card_names_the_new_business_holding_it_and_the_clerk_who_viewed_it(client, people):
    licence_type = LicenceTypeFactory(holder_kind=HolderKind.LEGAL_PERSON, fields=[dict(f) for f in BUSINESS_FIELDS])
    shop = issued(
        licence_type=licence_type,
        holder_name="广安区张三便民小卖部",
        holder_id="92511602MA15F5E3KA",
        holder_user=people.alice,
        data={
            "uscc": "92511602MA15F5E3KA",
            "name": "广安区张三便民小卖部",
            "operator": "张三",
            "premises": "广安区建设路",
        },
    )
    clerk = clerk_of(shop)
    clerk.last_name, clerk.first_name = "陈", "晓雯"
    clerk.save(update_fields=["last_name", "first_name"])
    shown = showings.show_licence(licence=shop, actor=people.alice)
    showings.open_showing_by_code(code=shown.code, clerk=clerk, department=shop.issuer_department)
    client.force_login(people.alice)
    page = client.get(reverse("wallet:home")).content.decode()
    assert "广安区张三便民小卖部" in page
    assert "陈晓雯" in page and "晓雯 陈" not in page
