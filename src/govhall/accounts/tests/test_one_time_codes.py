"""One-time SMS codes are never stored or queued in clear: registration, login by SMS and a case's notices run with the
real database task queue, then the task table (args_kwargs) and the operator's SMS outbox are searched for the codes
and phones. Only the demo gateway's file (the phone network) holds what the phone received."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from govhall.accounts import services
from govhall.accounts.models import SmsCode, User
from govhall.accounts.tests.factories import PASSWORD
from govhall.cases.tests.factories import submitted_case
from govhall.notices.models import OutboundSms
from govhall.notices.providers import SmsError

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def real_queue(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return tmp_path / "outbox.jsonl"


def codes_received(outbox: Path) -> list[str]:
    lines = outbox.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"].split("验证码为 ")[1][:6] for line in lines if "验证码为" in line]


def everything_an_operator_sees(client) -> str:  # type: ignore[no-untyped-def]
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    page = client.get("/admin/notices/outboundsms/").content.decode()
    for message in OutboundSms.objects.all():
        page += client.get(f"/admin/notices/outboundsms/{message.pk}/change/").content.decode()
    client.logout()
    tasks = json.dumps([row.args_kwargs for row in DBTaskResult.objects.all()], ensure_ascii=False)
    return page + tasks


def test_codes_and_phones_never_reach_the_task_table_or_the_back_office(
    client, real_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/code/", {"phone": PHONE, "purpose": "register"})
    form = {
        "username": "alice",
        "password": PASSWORD,
        "password2": PASSWORD,
        "real_name": "张三",
        "document_type": "resident_id",
        "document_number": "11010519491231002X",
        "phone": PHONE,
        "sms_code": codes_received(real_queue)[-1],
    }
    assert client.post("/accounts/register/", form).status_code == 302
    client.logout()
    SmsCode.objects.update(created_at=SmsCode.objects.get().created_at.replace(year=2000))  # past the 1-minute limit
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/code/", {"phone": PHONE, "purpose": "login"})
    code = codes_received(real_queue)[-1]
    assert client.post("/accounts/login/sms/", {"phone": PHONE, "code": code}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        submitted_case(applicant=User.objects.get(username="alice"))  # its notices are queued as tasks
    assert DBTaskResult.objects.exists()  # the real queue was used
    assert OutboundSms.objects.count() == 2
    seen = everything_an_operator_sees(client)
    for secret in (*codes_received(real_queue), PHONE, "11010519491231002X"):
        assert secret not in seen, secret
    assert "139****5678" in seen and "验证码为 ******" in seen
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT args_kwargs FROM {DBTaskResult._meta.db_table}")
        raw = " ".join(str(row[0]) for row in cursor.fetchall())
    assert PHONE not in raw and not any(code in raw for code in codes_received(real_queue))
    assert all(row.task_path != "govhall.accounts.security.deliver_sms" for row in DBTaskResult.objects.all())


def test_a_code_message_that_the_gateway_refuses_is_told_and_not_kept(monkeypatch):
    def refuse(self, *, phone, text):  # type: ignore[no-untyped-def]
        raise SmsError("gateway down")

    monkeypatch.setattr("govhall.notices.providers.HttpSmsSender.send", refuse)
    with pytest.raises(services.AccountError, match="未能发出"):
        services.send_code(phone=PHONE, purpose="register", ip_address="10.0.0.1", channel="web")
    assert not OutboundSms.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.parametrize("spelled", ["1٣٩١٢٣٤٥٦٧٨", "1३९१२३४५६७८", "13912345²78", "１３９１２３４５６７８"])
def test_a_phone_in_other_scripts_digits_is_refused_not_a_second_limit(spelled):
    """str.isdigit() took other scripts' digits: the same phone spelled with them got codes under another blind index,
    past the per-phone limits (SMS bombing), or a 500 for "²". Only ASCII digits make a phone."""
    services.send_code(phone=PHONE, purpose="register", ip_address="192.0.2.1", channel="web")
    with pytest.raises(services.AccountError) as refused:
        services.send_code(phone=spelled, purpose="register", ip_address="192.0.2.2", channel="web")
    assert "11 位手机号码" in str(refused.value)
    assert SmsCode.objects.count() == 1


def test_the_sms_signature_is_a_setting(settings, tmp_path):
    import json

    from govhall.accounts.security import issue_sms_code, send_code_message

    settings.SMS_SIGNATURE = "某市政务服务"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    send_code_message(issue_sms_code(phone="13800000077", purpose="login", ip_address="127.0.0.1"))
    sent = json.loads((tmp_path / "outbox.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert sent["text"].startswith("【某市政务服务】")
