"""亮证 pages: the holder's POST gives a full-screen QR and short code (never cached); the QR opens /licences/shown/<token>
for anyone, with the verification and 出示时间/有效至; an expired or changed token is a Chinese 4xx page; the holder sees
each view in 亮证记录."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from govhall.core.pdf import qr_data_uri
from govhall.licences import showings
from govhall.licences.models import LicenceShowing, LicenceShowingView

pytestmark = pytest.mark.django_db


def show(client, licence):
    response = client.post(reverse("wallet:show", args=[licence.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    url = re.search(r'data-url="([^"]+)"', page)
    return response, page, unquote(url.group(1)) if url else None


def test_showing_gives_a_qr_of_the_shown_address_and_a_code(client, people):
    client.force_login(people.alice)
    response, page, url = show(client, people.licence)
    assert "no-store" in response["Cache-Control"]
    assert url is not None and url.startswith("http://testserver/licences/shown/")
    assert qr_data_uri(url) in page
    assert re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", page)
    assert "有效至" in page and LicenceShowing.objects.filter(created_by=people.alice).count() == 1


def test_the_shown_page_is_open_to_anyone_and_recorded(client, people):
    client.force_login(people.alice)
    _, _, url = show(client, people.licence)
    client.logout()
    page = client.get(url.removeprefix("http://testserver")).content.decode()
    assert "有效证照，签名验证通过" in page
    assert "出示时间" in page and "有效至" in page
    assert "测试alice" not in page, page[page.find("测试alice") - 300 : page.find("测试alice") + 50]
    assert "测试*" in page  # the holder masked
    assert LicenceShowingView.objects.get().viewer is None
    client.force_login(people.alice)
    log = client.get(reverse("wallet:home")).content.decode()
    assert "亮证记录" in log and "未登录的扫码者" in log


def test_an_expired_token_is_a_clear_410(client, people):
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=timezone.now() - timedelta(minutes=6))
    response = client.get(reverse("wallet:shown", args=[shown.token]))
    assert response.status_code == 410
    assert "亮证码已过期" in response.content.decode()


def test_a_changed_token_is_a_clear_400(client, people):
    shown = showings.show_licence(licence=people.licence, actor=people.alice)
    response = client.get(reverse("wallet:shown", args=[shown.token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "亮证码无效" in response.content.decode()
    assert not LicenceShowingView.objects.exists()


def test_a_revoked_licence_is_not_shown(client, people):
    from govhall.licences import services

    services.revoke(people.licence, reason="撤销")
    client.force_login(people.alice)
    response = client.post(reverse("wallet:show", args=[people.licence.pk]))
    assert response.status_code == 409 and "撤销" in response.content.decode()


def test_show_is_post_only(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("wallet:show", args=[people.licence.pk])).status_code == 405
