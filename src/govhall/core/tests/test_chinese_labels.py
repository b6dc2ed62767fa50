"""Chinese pages say Chinese things: every app the admin lists has a Chinese name, and every select's empty choice is
"- 请选择 -" (never Django's untranslated "- Select an option -" or "---------")."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from govhall.core.apps import BLANK_CHOICE_LABEL
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
CHINESE = re.compile(r"[\u4e00-\u9fff]")
UNTRANSLATED = ("Select an option", "---------")


def test_every_app_has_a_chinese_name():
    with translation.override("zh-hans"):
        english = [config.label for config in apps.get_app_configs() if not CHINESE.search(str(config.verbose_name))]
    assert english == []


def test_the_admin_index_names_the_apps_in_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "后台任务" in page and "开放授权（OAuth 2.0）" in page and "事项库" in page
    assert "Django OAuth Toolkit" not in page and "Tasks Database Backend" not in page


def test_admin_selects_offer_the_chinese_empty_choice(admin_client):
    page = admin_client.get("/admin/catalog/item/add/").content.decode()
    assert f'<option value="" selected>{BLANK_CHOICE_LABEL}</option>' in page
    assert not any(text in page for text in UNTRANSLATED)


def test_page_forms_offer_the_chinese_empty_choice(client):
    from govhall.accounts.tests.factories import staff
    from govhall.catalog.tests.factories import published_item

    item = published_item()
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    page = client.get("/workbench/receive/").content.decode()
    assert str(BLANK_CHOICE_LABEL) in page
    assert not any(text in page for text in UNTRANSLATED)
