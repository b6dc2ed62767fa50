import pytest

from govhall.accounts.models import Address
from govhall.accounts.tests.factories import person

pytestmark = pytest.mark.django_db
FORM = {"recipient": "张三", "phone": "13912345678", "area": "四川省广安市广安区", "detail": "金安大道二段 88 号"}


def test_add_default_and_delete(client):
    alice = person("alice")
    client.force_login(alice)
    assert client.post("/accounts/me/addresses/", FORM).status_code == 302
    assert (
        client.post("/accounts/me/addresses/", FORM | {"detail": "另一个地址", "is_default": "on"}).status_code == 302
    )
    first, second = Address.objects.order_by("pk")
    assert (first.is_default, second.is_default) == (False, True)
    assert client.post(f"/accounts/me/addresses/{second.pk}/delete/").status_code == 302
    first.refresh_from_db()
    assert first.is_default
    assert "金安大道二段 88 号" in client.get("/accounts/me/addresses/").content.decode()


def test_bad_phone_and_other_peoples_addresses(client):
    alice, bob = person("alice", number=0), person("bob", number=1)
    client.force_login(alice)
    response = client.post("/accounts/me/addresses/", FORM | {"phone": "123"})
    assert response.status_code == 400 and "11 位" in response.content.decode()
    client.force_login(bob)
    client.post("/accounts/me/addresses/", FORM)
    theirs = Address.objects.get(user=bob)
    client.force_login(alice)
    assert client.post(f"/accounts/me/addresses/{theirs.pk}/delete/").status_code == 404
    assert Address.objects.filter(pk=theirs.pk).exists()
