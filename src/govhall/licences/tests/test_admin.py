import pytest

from govhall.accounts.tests.factories import staff
from govhall.licences.constants import LicenceState
from govhall.licences.tests.factories import issued
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = staff("operator", Role.OPERATOR, totp=False)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def test_the_lists_and_a_licence_show_no_personal_data(client, operator):
    licence = issued()
    assert client.get("/admin/licences/licencetype/").status_code == 200
    page = client.get("/admin/licences/licence/").content.decode()
    assert licence.identifier in page and "张**" in page and "张三丰" not in page
    page = client.get(f"/admin/licences/licence/{licence.pk}/change/").content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page


def test_a_state_action_asks_for_a_reason_then_changes_the_state(client, operator):
    licence = issued()
    url = "/admin/licences/licence/"
    asked = client.post(url, {"action": "suspend", "_selected_action": [licence.pk]})
    assert asked.status_code == 200 and "原因" in asked.content.decode()
    licence.refresh_from_db()
    assert licence.state == LicenceState.VALID
    done = client.post(url, {"action": "suspend", "_selected_action": [licence.pk], "apply": "1", "reason": "停业整顿"})
    assert done.status_code == 302
    licence.refresh_from_db()
    assert licence.state == LicenceState.SUSPENDED
    event = licence.events.last()
    assert (event.reason, event.actor) == ("停业整顿", operator)
    client.post(url, {"action": "revoke", "_selected_action": [licence.pk], "apply": "1", "reason": "吊销"})
    client.post(url, {"action": "restore", "_selected_action": [licence.pk], "apply": "1", "reason": "误操作"})
    licence.refresh_from_db()
    assert licence.state == LicenceState.REVOKED  # a revoked licence is not restored
