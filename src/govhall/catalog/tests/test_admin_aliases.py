"""Aliases edited in the back office: saved cleaned, searchable at once, audited like every admin change."""

import re
from html import unescape

import pytest

from govhall.catalog.models import Item
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db


def form_fields(page: str) -> dict[str, str]:
    """The values the change form would send as it stands (inputs, textareas and selected options)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="submit"' not in tag and ('type="checkbox"' not in tag or "checked" in tag):
            value = re.search(r'value="([^"]*)"', tag)
            data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = unescape(body.strip())
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_aliases_edited_in_admin_are_searched(admin_client):
    item = published_item(number=1, name="养老机构设立备案", keywords="", summary="")
    url = f"/admin/catalog/item/{item.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="aliases"' in page
    data = form_fields(page)
    data["aliases"] = "开养老院、敬老院"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.get(pk=item.pk).aliases == "开养老院，敬老院"
    assert search_items("敬老院", ItemFilters(), limit=5).items[0].pk == item.pk
