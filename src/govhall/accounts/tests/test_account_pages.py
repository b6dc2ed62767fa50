import time

import pytest

from govhall.accounts.access import ACTING_FOR_SESSION_KEY
from govhall.accounts.middleware import LAST_SEEN
from govhall.accounts.models import Authorisation, User
from govhall.accounts.tests.factories import PASSWORD, authorise, current_code, organisation, person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    return tmp_path / "outbox.jsonl"


def test_register_through_the_page(client, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/code/", {"phone": "13912345678", "purpose": "register"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200 and "验证码已发送" in response.content.decode()
    code = outbox.read_text(encoding="utf-8").split("验证码为 ")[1][:6]
    form = {
        "username": "alice",
        "password": PASSWORD,
        "password2": PASSWORD,
        "real_name": "张三",
        "document_type": "resident_id",
        "document_number": "11010519491231002X",
        "phone": "13912345678",
        "sms_code": code,
    }
    response = client.post("/accounts/register/", form)
    assert response.status_code == 302
    page = client.get("/accounts/me/").content.decode()
    assert "110105********002X" in page and "139****5678" in page
    assert "11010519491231002X" not in page


def test_register_errors_are_shown_in_chinese_with_400(client):
    form = {
        "username": "a",
        "password": "x",
        "password2": "y",
        "real_name": "",
        "document_type": "resident_id",
        "document_number": "1",
        "phone": "1",
        "sms_code": "1",
    }
    response = client.post("/accounts/register/", form)
    assert response.status_code == 400
    assert "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.exists()


def test_send_code_limits_answer_429(client):
    client.post("/accounts/code/", {"phone": "13912345678", "purpose": "register"}, headers={"HX-Request": "true"})
    again = client.post(
        "/accounts/code/", {"phone": "13912345678", "purpose": "register"}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 429 and "1 分钟" in again.content.decode()
    assert client.post("/accounts/code/", {"phone": "x", "purpose": "register"}).status_code == 302


def test_citizen_password_login_and_logout(client):
    person("alice")
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    assert client.post("/accounts/logout/").status_code == 302
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "accounts.login" in actions and "accounts.logout" in actions


def test_wrong_password_is_a_400_with_a_message(client):
    person("alice")
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 400 and "用户名或密码不正确" in response.content.decode()


def test_staff_need_totp_before_the_session_starts(client):
    clerk = staff("clerk", Role.WINDOW_CLERK)
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/accounts/login/totp/"
    assert client.get("/accounts/me/").status_code == 302  # not signed in yet
    assert client.post("/accounts/login/totp/", {"code": "12"}).status_code == 400
    response = client.post("/accounts/login/totp/", {"code": current_code(clerk)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/accounts/me/").status_code == 200


def test_staff_without_authenticator_must_enrol(client):
    staff("reviewer", Role.REVIEWER, totp=False)
    response = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/totp/setup/"
    page = client.get("/accounts/login/totp/setup/").content.decode()
    assert "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns" in page
    reviewer = User.objects.get(username="reviewer")
    response = client.post("/accounts/login/totp/setup/", {"code": current_code(reviewer)})
    assert response.status_code == 302


def test_admin_login_goes_through_govhall_login(client):
    response = client.get("/admin/login/?next=/admin/catalog/item/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/catalog/item/")


def test_idle_staff_session_ends(client, settings):
    clerk = staff("clerk", Role.WINDOW_CLERK)
    client.force_login(clerk)
    session = client.session
    session[LAST_SEEN] = time.time() - settings.STAFF_IDLE_MINUTES * 60 - 5
    session.save()
    assert client.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.idle_logout").exists()


def test_act_for_an_enterprise_and_lose_it_when_revoked(client):
    carol, dave = person("carol", number=0), person("dave", number=1)
    org = organisation(carol)
    grant = authorise(org, dave)
    client.force_login(dave)
    response = client.post("/accounts/me/act-as/", {"organisation": org.pk})
    assert response.status_code == 302
    assert client.session[ACTING_FOR_SESSION_KEY] == org.pk
    assert "当前代表“广安区好味道餐饮有限公司”办事" in client.get("/accounts/me/").content.decode()
    Authorisation.objects.filter(pk=grant.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert "当前以个人身份办事" in client.get("/accounts/me/").content.decode()


@pytest.mark.parametrize("value", ["²", "١", "9" * 30, "-1", "x"])
def test_an_odd_organisation_to_act_for_is_told_not_an_error(client, value):
    client.force_login(person("dave", number=1))
    response = client.post("/accounts/me/act-as/", {"organisation": value})
    assert response.status_code in {302, 404}
    assert ACTING_FOR_SESSION_KEY not in client.session


def test_representative_grants_and_revokes_through_pages(client):
    carol = person("carol", number=0)
    person("dave", number=1)
    org = organisation(carol)
    client.force_login(carol)
    response = client.post(
        f"/accounts/me/organisations/{org.pk}/agents/",
        {"agent_username": "dave", "valid_until": "2099-12-31", "item_codes": ""},
    )
    assert response.status_code == 302
    grant = Authorisation.objects.get()
    assert client.post(f"/accounts/me/authorisations/{grant.pk}/revoke/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    bad = client.post(
        f"/accounts/me/organisations/{org.pk}/agents/", {"agent_username": "dave", "valid_until": "2000-01-01"}
    )
    assert bad.status_code == 400 and "晚于今天" in bad.content.decode()


def test_activity_shows_acts_done_for_me_and_views_of_my_data(client):
    alice = person("alice")
    clerk = staff("clerk", Role.WINDOW_CLERK)
    from govhall.accounts.services import record_personal_data_view

    record_personal_data_view(viewer=clerk, subject=alice, fields=["document_number"], channel="window")
    client.force_login(alice)
    page = client.get("/accounts/me/activity/").content.decode()
    assert "accounts.view_personal_data" in page and "clerk" in page


@pytest.mark.parametrize("role", [None, "agent-of-other", "staff"])
def test_nobody_else_reaches_an_organisations_agents(client, role):
    """Access matrix for the agent pages: only the legal representative; everyone else gets 404, never the data."""
    carol, other = person("carol", number=0), person("bob", number=1)
    org = organisation(carol)
    grant = authorise(org, person("dave", number=2))
    if role is None:
        visitor = other
    elif role == "agent-of-other":
        visitor = User.objects.get(username="dave")
    else:
        visitor = staff("clerk", Role.WINDOW_CLERK)
    client.force_login(visitor)
    assert client.get(f"/accounts/me/organisations/{org.pk}/agents/").status_code == 404
    assert client.post(f"/accounts/me/authorisations/{grant.pk}/revoke/").status_code == 404
    if role != "agent-of-other":
        assert client.post("/accounts/me/act-as/", {"organisation": org.pk}).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_pages_need_login(client):
    for url in ("/accounts/me/", "/accounts/me/activity/", "/accounts/me/organisations/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_acts_done_while_acting_for_an_enterprise_say_so_in_the_audit(client):
    carol, dave = person("carol", number=0), person("dave", number=1)
    org = organisation(carol)
    authorise(org, dave)
    client.force_login(dave)
    client.post("/accounts/me/act-as/", {"organisation": org.pk})
    client.post(
        "/accounts/me/addresses/", {"recipient": "王", "phone": "13912345678", "area": "广安区", "detail": "1 号"}
    )
    event = AuditEvent.objects.get(action="accounts.add_address")
    assert (event.actor, event.on_behalf_of) == (dave, "广安区好味道餐饮有限公司")


def test_activity_keeps_the_session_alive_without_a_write_per_request(client, settings):
    clerk = staff("clerk", Role.WINDOW_CLERK)
    client.force_login(clerk)
    session = client.session
    almost = time.time() - settings.STAFF_IDLE_MINUTES * 60 + 30
    session[LAST_SEEN] = almost
    session.save()
    assert client.get("/accounts/me/").status_code == 200  # active again: the time is moved on
    assert client.session[LAST_SEEN] > almost + 60
    recent = client.session[LAST_SEEN]
    assert client.get("/accounts/me/").status_code == 200
    assert client.session[LAST_SEEN] == recent  # within a minute: not rewritten
