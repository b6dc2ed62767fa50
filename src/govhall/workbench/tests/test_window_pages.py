"""The window pages: filing for a walk-in person, 即办件 on one screen, post-checks, review steps and delivery."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.models import PersonProfile
from govhall.accounts.tests.factories import person, staff
from govhall.cases import services
from govhall.cases.constants import CaseState, TrustLevel
from govhall.cases.models import Case
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
NEW_ID = "11010519491231002X"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")


def test_a_clerk_files_for_a_first_time_walk_in(client):
    item = published_item()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    client.force_login(clerk)
    assert "窗口收件" in client.get("/workbench/").content.decode()
    start = {"document_type": "resident_id", "document_number": NEW_ID, "real_name": "王芳", "phone": "13900009999"}
    response = client.post("/workbench/receive/", start | {"item": item.pk})
    assert response.status_code == 302
    draft = Case.objects.get()
    assert draft.state == CaseState.DRAFT and draft.applicant.person.real_name == "王芳"
    page = client.get(response["Location"]).content.decode()
    assert "王芳" in page and "1101" in page and NEW_ID not in page  # the document is shown masked
    form = {
        "reason": "窗口代办",
        "idempotency_key": "w-1",
        "declaration": "on",
        "material-0": SimpleUploadedFile("scan.pdf", PDF),
    }
    response = client.post(response["Location"], form)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == CaseState.SUBMITTED and case.channel == "window"
    assert case.materials.get().document.trust_level == TrustLevel.B
    assert case.visits.count() == 1
    assert AuditEvent.objects.filter(action="accounts.register_walk_in", actor=clerk).exists()


def test_a_known_person_is_found_by_document_and_a_wrong_one_is_told(client):
    item = published_item()
    known = person("known", number=3)
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    number = PersonProfile.objects.get(user=known).document_number
    response = client.post(
        "/workbench/receive/", {"document_type": "resident_id", "document_number": number, "item": item.pk}
    )
    assert response.status_code == 302 and Case.objects.get().applicant == known
    bad = client.post(
        "/workbench/receive/",
        {"document_type": "resident_id", "document_number": "110105194912310021", "real_name": "李四", "item": item.pk},
    )
    assert bad.status_code == 400 and "公民身份号码无效" in bad.content.decode()


def test_a_reviewer_cannot_use_the_window(client):
    item = published_item()
    client.force_login(staff("reviewer", Role.REVIEWER, department=item.department))
    assert client.get("/workbench/receive/").status_code == 302


def test_an_immediate_item_is_concluded_on_one_screen(client):
    item = published_item(handling_kind="immediate", promised_limit=0, statutory_limit=1)
    case = submitted_case(item=item)
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "当场办结" in page
    client.post(f"/workbench/cases/{case.number}/at-once/", {"revision": case.revision, "decision": "approve"})
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED


@pytest.mark.parametrize("revision", ["²", "١", "99999999999999999999999999", "-1", ""])
def test_an_odd_revision_on_the_one_screen_decision_is_a_conflict_not_an_error(client, revision):
    item = published_item(handling_kind="immediate", promised_limit=0, statutory_limit=1)
    case = submitted_case(item=item)
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    page = client.post(f"/workbench/cases/{case.number}/at-once/", {"revision": revision, "decision": "approve"})
    assert page.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_a_stale_one_screen_decision_changes_nothing(client):
    item = published_item(handling_kind="immediate", promised_limit=0, statutory_limit=1)
    case = submitted_case(item=item)
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    page = client.post(
        f"/workbench/cases/{case.number}/at-once/", {"revision": case.revision - 1, "decision": "approve"}, follow=True
    )
    assert "已被他人处理" in page.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_the_post_check_form_revokes_a_false_commitment(client):
    item = published_item(commitment_allowed=True, post_check_days=10)
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="c",
        channel="web",
        application=services.Application(commitment=True),
    )
    client.force_login(staff("approver", Role.APPROVER, department=item.department))
    assert "事后核查" in client.get(f"/workbench/cases/{case.number}/").content.decode()
    page = client.post(f"/workbench/cases/{case.number}/post-check/", {"truthful": "no", "finding": ""}, follow=True)
    assert "请填写核查情况" in page.content.decode()
    client.post(f"/workbench/cases/{case.number}/post-check/", {"truthful": "no", "finding": "场所不存在"})
    case.refresh_from_db()
    assert case.state == CaseState.REVOKED


def test_a_posted_result_is_sent_from_the_workbench_and_delivered_when_signed_for(client):
    from govhall.delivery.tests.factories import advance

    item = published_item(express_out=True)
    approver = staff("approver", Role.APPROVER, department=item.department)
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="p",
        channel="web",
        application=services.Application(delivery_method="post", delivery_address="广安区金安大道 1 号"),
    )
    case = reviewed(services.act_on(case=case, act="accept", actor=approver, channel="window"), approver)
    for act in ("approve", "conclude"):
        case = services.act_on(case=case, act=act, actor=approver, channel="window")
    client.force_login(approver)
    client.post(f"/workbench/cases/{case.number}/act/", {"act": "deliver", "revision": case.revision})
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and case.tracking_number
    assert case.tracking_number in client.get(f"/workbench/cases/{case.number}/").content.decode()
    for _ in range(4):
        advance(client, case.tracking_number)
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
