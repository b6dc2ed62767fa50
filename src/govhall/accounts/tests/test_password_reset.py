"""忘记密码 (accounts.services.reset_password and /accounts/password/reset/): the phone's 找回密码 SMS code sets a new
password that keeps the rules; no answer tells whether a number has an account; failures lock out like logins; the
operator's outbox never shows the code; the user's other sessions end; audited."""

import pytest

from govhall.accounts import services
from govhall.accounts.models import SmsCode
from govhall.accounts.tests.factories import PASSWORD, person
from govhall.core.models import AuditEvent
from govhall.notices.models import OutboundSms

pytestmark = pytest.mark.django_db
NEW = "Xin#mima2026ok"
URL = "/accounts/password/reset/"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    return tmp_path / "outbox.jsonl"


def sent_code(outbox) -> str:
    return outbox.read_text(encoding="utf-8").split("验证码为 ")[-1][:6]


def reset(phone="13811112222", code="000000", password=NEW, ip="10.0.0.1"):
    return services.reset_password(phone=phone, code=code, new_password=password, channel="web", ip_address=ip)


def test_the_code_sets_a_new_password_once_and_is_audited(outbox):
    alice = person("alice", phone="13811112222")
    services.send_code(phone="13811112222", purpose="reset", ip_address="10.0.0.1", channel="web")
    code = sent_code(outbox)
    assert SmsCode.objects.get().purpose == "reset"
    assert code not in OutboundSms.objects.get().text  # the operator's outbox keeps it masked
    assert reset(code=code) == alice
    alice.refresh_from_db()
    assert alice.check_password(NEW) and not alice.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password_reset", actor=alice).count() == 1
    with pytest.raises(services.AccountError, match="已失效"):  # a code works once
        reset(code=code, password="Another#pass2026")


def test_a_login_code_does_not_reset_and_a_weak_password_is_refused_first(outbox):
    person("alice", phone="13811112222")
    services.send_code(phone="13811112222", purpose="login", ip_address="10.0.0.1", channel="web")
    with pytest.raises(services.AccountError, match="已失效"):
        reset(code=sent_code(outbox))
    with pytest.raises(services.AccountError) as weak:
        reset(password="123")
    assert "new_password" in weak.value.problems


def test_an_unknown_number_gets_the_same_answers_and_no_sms(outbox):
    person("alice", phone="13811112222")
    services.send_code(phone="13999998888", purpose="reset", ip_address="10.0.0.2", channel="web")
    assert not outbox.exists() and not OutboundSms.objects.exists()  # issued (same limits) but never sent
    with pytest.raises(services.AccountError) as unknown:
        reset(phone="13999998888", code="123456", ip="10.0.0.2")
    services.send_code(phone="13811112222", purpose="reset", ip_address="10.0.0.3", channel="web")
    with pytest.raises(services.AccountError) as wrong:
        reset(code="123456" if sent_code(outbox) != "123456" else "654321", ip="10.0.0.3")
    assert unknown.value.problems == wrong.value.problems == {"code": ["验证码不正确。"]}


def test_failures_lock_the_number_out(outbox, settings):
    person("alice", phone="13811112222")
    services.send_code(phone="13811112222", purpose="reset", ip_address="10.0.0.1", channel="web")
    code = sent_code(outbox)
    for attempt in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(services.AccountError):
            reset(code="abcdef", ip=f"10.0.2.{attempt}")
    with pytest.raises(services.AccountError, match="锁定"):
        reset(code=code, ip="10.0.3.1")


def test_the_pages_reset_and_end_the_other_sessions(client, outbox):
    alice = person("alice", phone="13811112222")
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get("/accounts/me/").status_code == 200
    login_page = client.get("/accounts/login/").content.decode()
    assert f'href="{URL}"' in login_page and "忘记密码" in login_page
    assert "获取短信验证码" in client.get(URL).content.decode()
    assert client.post("/accounts/code/", {"phone": "13811112222", "purpose": "reset"}).status_code == 302
    mismatch = {"phone": "13811112222", "code": sent_code(outbox), "new_password": NEW, "new_password2": "x"}
    assert client.post(URL, mismatch).status_code == 400
    done = client.post(URL, mismatch | {"new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    assert client.post("/accounts/login/", {"username": "alice", "password": NEW}).status_code == 302
    # The session opened before the reset has ended.
    assert elsewhere.get("/accounts/me/").status_code == 302
