import json
from pathlib import Path

import pytest

from govhall.accounts import services
from govhall.accounts.models import PersonProfile, SmsCode, User
from govhall.accounts.tests.factories import PASSWORD, person
from govhall.core.models import AuditEvent
from govhall.notices.models import OutboundSms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    return Path(settings.SMS_OUTBOX_FILE)


def last_code(outbox: Path) -> str:
    line = outbox.read_text(encoding="utf-8").strip().splitlines()[-1]
    return json.loads(line)["text"].split("验证码为 ")[1][:6]


def send(phone="13912345678", purpose="register", ip="10.0.0.1"):
    services.send_code(phone=phone, purpose=purpose, ip_address=ip, channel="web")


def register(code, **overrides):
    data = {
        "username": "alice",
        "password": PASSWORD,
        "real_name": "张三",
        "document_type": "resident_id",
        "document_number": "11010519491231002X",
        "phone": "13912345678",
        "sms_code": code,
        "channel": "web",
        "ip_address": "10.0.0.1",
    }
    data.update(overrides)
    return services.register_person(**data)


def test_register_with_sms_code_and_real_name_check(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    assert OutboundSms.objects.count() == 1  # the operator's outbox
    user = register(last_code(outbox))
    assert user.person.real_name == "张三"
    assert user.person.masked_document == "110105********002X"
    assert user.masked_phone == "139****5678"
    assert user.person.verified_by.startswith("http:demo-")  # the provider and the service's reference
    assert AuditEvent.objects.filter(action="accounts.register", actor=user).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"document_number": "110105194912310021"}, "document_number", "校验码"),
        ({"document_type": "passport", "document_number": "E99999999"}, "document_number", "实名核验未通过"),
        ({"document_type": "hk_macao_permit", "document_number": "X123"}, "document_number", "格式不正确"),
        ({"password": "short"}, "password", ""),
        ({"password": "alllowercaseletters"}, "password", "至少三种"),
        ({"phone": "12345"}, "phone", "11 位"),
    ],
)
def test_bad_registrations_say_why_and_create_nothing(
    outbox, django_capture_on_commit_callbacks, overrides, field, message
):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    with pytest.raises(services.AccountError) as caught:
        register(last_code(outbox), **overrides)
    assert field in caught.value.problems
    assert message in " ".join(caught.value.problems[field])
    assert not User.objects.filter(username="alice").exists()
    assert not PersonProfile.objects.exists()


def test_foreigners_and_hk_residents_can_register(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    user = register(last_code(outbox), document_type="foreign_permanent", document_number="USA110012345678")
    assert user.person.get_document_type_display() == "外国人永久居留身份证"


def test_a_taken_username_is_said_before_the_code(outbox):
    person("bob", number=0, phone="13912345678")
    with pytest.raises(services.AccountError) as caught:
        register("000000", username="bob", phone="13912345679", document_number="510802199001011236")
    assert set(caught.value.problems) == {"username"}


@pytest.mark.parametrize(
    "overrides",
    [
        {"phone": "13912345679"},  # bob's document, a new phone
        {"document_number": "510802199001011236"},  # bob's phone, a new document
        {},  # both bob's
    ],
)
def test_whether_a_document_or_phone_has_an_account_is_never_told(outbox, overrides):
    """Before the SMS code nothing is said about existing accounts; after it, one answer for every case."""
    person("bob", number=0, phone="13912345678")
    phone = overrides.get("phone", "13912345678")
    with pytest.raises(services.AccountError) as caught:
        register("000000", **overrides)
    assert set(caught.value.problems) == {"sms_code"}  # the code is checked first, whatever the document or phone
    send(phone=phone)
    with pytest.raises(services.AccountError) as caught:
        register(last_code(outbox), **overrides)
    assert caught.value.problems == {"": [services.REGISTRATION_REFUSED]}
    assert User.objects.count() == 1


def test_refused_registrations_are_throttled_by_phone_and_address(outbox, settings):
    settings.LOGIN_MAX_FAILURES = 2
    person("bob", number=0, phone="13912345678")
    for attempt in range(2):
        SmsCode.objects.update(created_at="2000-01-01T00:00:00Z")
        send(phone="13912345679")
        with pytest.raises(services.AccountError, match="无法用所填"):
            register(last_code(outbox), phone="13912345679", ip_address=f"10.0.0.{attempt + 10}")
    SmsCode.objects.update(created_at="2000-01-01T00:00:00Z")
    send(phone="13912345679")
    with pytest.raises(services.AccountError, match="锁定"):  # the same phone from a third address
        register(last_code(outbox), phone="13912345679", document_number="510802199001011236", ip_address="10.0.0.99")
    assert SmsCode.objects.filter(used_at__isnull=True).count() == 1  # the code was not even tried


def test_wrong_or_expired_code(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send()
    code = last_code(outbox)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(services.AccountError, match="验证码不正确"):
        register(wrong)
    SmsCode.objects.update(expires_at="2000-01-01T00:00:00Z")
    with pytest.raises(services.AccountError, match="已失效"):
        register(code)
    assert not User.objects.exists()


def test_sms_rate_limits(django_capture_on_commit_callbacks):
    send()
    with pytest.raises(services.AccountError, match="1 分钟"):
        send()
    SmsCode.objects.update(created_at="2000-01-01T00:00:00Z")  # pretend the first was long ago
    for number in range(20):
        send(phone=f"1391234{number:04d}")
    with pytest.raises(services.AccountError, match="频繁"):
        send(phone="13700000000")


def test_login_code_for_unknown_phone_sends_nothing_and_answers_alike(outbox):
    """No SMS to a number without an account, but the same answers and limits as for one with an account, so that
    asking for login codes does not tell which numbers are registered."""
    person("bob", number=0, phone="13912345678")
    for phone in ("13700000000", "13912345678"):
        send(phone=phone, purpose="login")
        with pytest.raises(services.AccountError, match="1 分钟"):
            send(phone=phone, purpose="login")
    assert outbox.read_text(encoding="utf-8").count("13700000000") == 0
    assert OutboundSms.objects.count() == 1
    with pytest.raises(services.AccountError, match=r"已失效|不正确"):
        services.sms_login(phone="13700000000", code="000000", channel="web", ip_address=None)
