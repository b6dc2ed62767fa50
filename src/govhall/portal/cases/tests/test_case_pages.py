import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import authorise, organisation, person, staff
from govhall.cases.constants import CaseState
from govhall.cases.models import Case, LockerDocument
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import EICAR_PDF, PDF, javascript_action, pdf
from govhall.catalog.tests.factories import published_item
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form(key="k-1", **extra):
    return {
        "reason": "开一家面馆",
        "idempotency_key": key,
        "declaration": "on",
        "material-0": SimpleUploadedFile("申请书.pdf", PDF),
    } | extra


def test_apply_with_an_upload_and_see_the_timeline(client):
    item = published_item()
    alice = person("alice")
    client.force_login(alice)
    assert "在线申报" in client.get(item.get_absolute_url()).content.decode()
    assert client.get(f"/cases/apply/{item.implementation_code}/").status_code == 200
    response = client.post(f"/cases/apply/{item.implementation_code}/", form())
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.number}/"
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "已申报" in page and "申请书.pdf" in page
    assert case.number in client.get("/cases/mine/").content.decode()


def test_the_guide_and_the_form_say_what_is_charged_and_when(client):
    fee = {"name": "工本费", "standard": "每证 10 元", "legal_basis": "《收费标准》", "amount": 1000}
    item = published_item(fees=[fee | {"stage": "after_decision"}])
    client.force_login(person("alice"))
    assert "工本费</strong>：每证 10 元（准予许可后缴费）" in client.get(item.get_absolute_url()).content.decode()
    page = client.get(f"/cases/apply/{item.implementation_code}/").content.decode()
    assert "本事项收费：工本费（每证 10 元，准予许可后缴费）" in page
    free = published_item(number=2)
    assert "本事项收费" not in client.get(f"/cases/apply/{free.implementation_code}/").content.decode()


def test_double_submit_makes_one_case(client):
    item = published_item()
    client.force_login(person("alice"))
    client.post(f"/cases/apply/{item.implementation_code}/", form())
    client.post(f"/cases/apply/{item.implementation_code}/", form())
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"material-0": SimpleUploadedFile("photo.pdf", b"GIF89a not a pdf")}, "文件类型不支持"),
        ({"material-0": ""}, "缺少必要材料"),
        ({"material-0": SimpleUploadedFile("申请书.pdf", EICAR_PDF)}, "未通过病毒检查"),
        ({"material-0": SimpleUploadedFile("申请书.pdf", pdf(OpenAction=javascript_action()))}, "脚本"),
    ],
)
def test_bad_applications_say_why_and_leave_nothing(client, media, extra, message):
    item = published_item()
    client.force_login(person("alice"))
    data = {key: value for key, value in form(**extra).items() if value != ""}
    response = client.post(f"/cases/apply/{item.implementation_code}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists() and not LockerDocument.objects.exists()
    assert not any(media.rglob("*.*"))  # no orphaned files


def test_reuse_a_locker_document(client):
    item = published_item()
    alice = person("alice")
    client.force_login(alice)
    client.post(f"/cases/apply/{item.implementation_code}/", form())
    document = LockerDocument.objects.get()
    data = form(key="k-2")
    data.pop("material-0")
    data["locker-0"] = str(document.pk)
    assert client.post(f"/cases/apply/{item.implementation_code}/", data).status_code == 302
    assert Case.objects.count() == 2 and LockerDocument.objects.count() == 1


def test_withdraw_and_access(client):
    case = submitted_case()
    stranger = person("stranger", number=3)
    client.force_login(stranger)
    assert client.get(f"/cases/{case.number}/").status_code == 404
    assert client.post(f"/cases/{case.number}/withdraw/").status_code == 404
    client.force_login(case.applicant)
    client.post(f"/cases/{case.number}/withdraw/", {"reason": "不办了"})
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN


def test_agents_and_department_staff_see_an_enterprise_case(client):
    carol, dave = person("carol", number=0), person("dave", number=1)
    org = organisation(carol)
    authorise(org, dave)
    item = published_item()
    case = submitted_case(applicant=carol, item=item, organisation=org)
    for user, status in [
        (dave, 200),
        (carol, 200),
        (staff("clerk", Role.WINDOW_CLERK, department=item.department), 200),
        (staff("other", Role.WINDOW_CLERK), 404),
        (staff("cat", Role.CATALOG_MANAGER, department=item.department), 404),
    ]:
        client.force_login(user)
        assert client.get(f"/cases/{case.number}/").status_code == status, user.username


def test_an_agent_for_chosen_items_sees_only_those_items_cases(client):
    """An agent authorised for other items of the enterprise saw every case of it (pages, materials, documents, API)."""
    carol, dave, erin = person("carol", number=0), person("dave", number=1), person("erin", number=2)
    org = organisation(carol)
    food, other = published_item(), published_item(number=2, name="其他事项")
    authorise(org, dave, all_items=False).items.set([other])
    authorise(org, erin, all_items=False).items.set([food, other])
    authorise(org, erin, all_items=False, revoked_at="2026-01-01T00:00:00Z")  # a revoked grant adds nothing
    case = submitted_case(applicant=carol, item=food, organisation=org)
    client.force_login(dave)
    assert client.get(f"/cases/{case.number}/").status_code == 404
    assert case.number not in client.get("/cases/mine/").content.decode()
    client.force_login(erin)
    assert client.get(f"/cases/{case.number}/").status_code == 200


def test_catalog_only_items_cannot_be_applied_for(client):
    item = published_item(catalog_only=True)
    client.force_login(person("alice"))
    response = client.post(f"/cases/apply/{item.implementation_code}/", form())
    assert response.status_code == 400 and "尚未编制完成" in response.content.decode()


def test_messages_page_lists_and_marks_read(client, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    client.force_login(case.applicant)
    page = client.get("/cases/messages/").content.decode()
    assert "已收到您的申请" in page and "新" in page
    assert case.applicant.notifications.filter(read_at__isnull=True).count() == 0
    client.force_login(person("stranger", number=3))
    assert "已收到您的申请" not in client.get("/cases/messages/").content.decode()


def test_a_scanner_that_is_down_says_try_again_later_and_leaves_nothing(client, media, settings):
    settings.CLAMD_PORT = 1  # nothing listens there
    item = published_item()
    client.force_login(person("alice"))
    response = client.post(f"/cases/apply/{item.implementation_code}/", form())
    assert response.status_code == 503
    assert "暂时无法检查文件，请稍后再试" in response.content.decode()
    assert not Case.objects.exists() and not LockerDocument.objects.exists()
    assert not any(media.rglob("*.*"))
