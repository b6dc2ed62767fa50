import pytest
from django.utils import timezone

from govhall.accounts import security, services
from govhall.accounts.models import LoginFailure, SmsCode
from govhall.accounts.tests.factories import PASSWORD, current_code, person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def login(username, password=PASSWORD, ip="10.0.0.9"):
    return services.password_login(username=username, password=password, channel="web", ip_address=ip)


def test_password_login_and_failures_are_audited():
    alice = person("alice")
    assert login("alice") == alice
    with pytest.raises(services.AccountError, match="用户名或密码不正确"):
        login("alice", "wrong")
    assert AuditEvent.objects.filter(action="accounts.login", result="failure").count() == 1


def test_account_lockout_after_five_failures(settings):
    person("alice")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(services.AccountError):
            login("alice", "wrong", ip=f"10.0.1.{_}")
    with pytest.raises(services.AccountError, match="锁定 15 分钟"):
        login("alice")  # even the right password, from a new address
    LoginFailure.objects.update(at=timezone.now() - timezone.timedelta(minutes=16))
    assert login("alice").username == "alice"


def test_address_lockout_across_accounts(settings):
    person("alice", number=0)
    person("bob", number=1)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(services.AccountError):
            login(f"nobody{_}", "wrong", ip="10.9.9.9")
    with pytest.raises(services.AccountError, match="锁定"):
        login("bob", ip="10.9.9.9")
    assert login("bob", ip="10.9.9.10").username == "bob"


def test_sms_login(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    alice = person("alice", phone="13811112222")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_code(phone="138 1111 2222", purpose="login", ip_address="10.0.0.1", channel="web")
    code = (tmp_path / "outbox.jsonl").read_text(encoding="utf-8").split("验证码为 ")[1][:6]
    assert services.sms_login(phone="13811112222", code=code, channel="web", ip_address="10.0.0.1") == alice
    with pytest.raises(services.AccountError, match="已失效"):  # a code works once
        services.sms_login(phone="13811112222", code=code, channel="web", ip_address="10.0.0.1")


def test_five_wrong_codes_spend_the_code(django_capture_on_commit_callbacks):
    person("alice", phone="13811112222")
    services.send_code(phone="13811112222", purpose="login", ip_address="10.0.0.1", channel="web")
    for _ in range(5):
        with pytest.raises(services.AccountError):
            services.sms_login(phone="13811112222", code="abcdef", channel="web", ip_address=None)
    assert SmsCode.objects.get().used_at is not None


def test_staff_totp_accepts_a_code_once():
    clerk = staff("clerk", Role.WINDOW_CLERK)
    assert security.staff_need_totp(clerk)
    code = current_code(clerk)
    services.second_factor(user=clerk, code=code, channel="web", ip_address=None)
    with pytest.raises(services.AccountError, match="已使用过"):
        services.second_factor(user=clerk, code=code, channel="web", ip_address=None)
    with pytest.raises(services.AccountError):
        services.second_factor(user=clerk, code="000000", channel="web", ip_address=None)


def test_totp_enrolment():
    clerk = staff("clerk", Role.WINDOW_CLERK, totp=False)
    device = security.start_totp(clerk)
    assert security.provisioning_uri(device).startswith("otpauth://totp/")
    with pytest.raises(services.AccountError):
        services.confirm_totp(user=clerk, code="000000", channel="web", ip_address=None)
    services.confirm_totp(user=clerk, code=current_code(clerk), channel="web", ip_address=None)
    clerk.totp.refresh_from_db()
    assert clerk.totp.confirmed_at is not None
