"""The case's documents: each kind issued once for its event, as a PDF whose text (read back with pypdf) says what it
must, stored with its sha256 and never written again."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from govhall.accounts.tests.factories import organisation, person, staff
from govhall.cases import documents, services, uploads
from govhall.cases.constants import Act, CaseState, DocumentKind
from govhall.cases.models import Case, CaseDocument, CaseEvent
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.models import GuideVersion
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
SITE = "https://zwfw.example.gov.cn"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = SITE


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")


@pytest.fixture
def clerk(department):
    return staff("clerk", Role.WINDOW_CLERK, department=department)


@pytest.fixture
def approver(department):
    return staff("approver", Role.APPROVER, department=department)


def text_of(document: CaseDocument) -> str:
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The PDF's text without the line breaks and spaces that layout puts in."""
    return "".join(text.split())


def event_of(case: Case, act: str) -> CaseEvent:
    return case.events.filter(act=act).latest("at", "pk")


def only(case: Case, kind: str) -> CaseDocument:
    found = list(CaseDocument.objects.filter(case=case, kind=kind))
    assert len(found) == 1, found
    return found[0]


def accepted(clerk):
    case = submitted_case()
    case = services.accept_case(case=case, actor=clerk, channel="window")
    return reviewed(case, staff("reviewer", Role.REVIEWER, department=case.department))


def test_the_receipt_is_written_after_submission_once_with_masked_applicant(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    receipt = only(case, DocumentKind.RECEIPT)
    assert receipt.event == event_of(case, Act.SUBMIT)
    assert receipt.number == f"{case.number}-HZ"
    assert case.number not in receipt.file.name and receipt.file.name.startswith("documents/")
    with receipt.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == receipt.sha256
    text = flat(text_of(receipt))
    for expected in (
        "申报回执",
        case.number,
        "食品经营许可（新办）",
        "网上办事大厅",
        "承诺5个工作日内办结",
        "0826-2345678",
    ):
        assert expected in text
    person = case.applicant.person
    assert "测试*********" in text and "110101********001X" in text  # masked name and ID
    assert person.real_name not in text and person.document_number not in text
    assert f"{SITE}/cases/progress/?number={case.number}" in text
    assert AuditEvent.objects.filter(action="cases.issue_document", object_id=str(case.pk)).count() == 1
    # the task again, or the event's documents again: nothing new is written
    documents.issue_documents.call(receipt.event_id)
    assert documents.issue(receipt.event) == [receipt]
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_the_receipt_lists_the_materials_received_and_the_organisation():
    case = submitted_case()
    org = organisation(case.applicant)
    Case.objects.filter(pk=case.pk).update(organisation=org, variant_name="新办")
    uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("申请书.pdf", PDF),
        channel="web",
    )
    case.refresh_from_db()
    [receipt] = documents.issue(event_of(case, Act.SUBMIT))
    text = flat(text_of(receipt))
    assert "食品经营许可申请书（申请书.pdf）" in text
    assert "广安区好味道餐饮有限公司" in text and "91350100M000100Y43" in text
    assert "新办" in text


def test_the_qr_code_opens_the_public_progress_lookup():
    case = submitted_case()
    event = event_of(case, Act.SUBMIT)
    url = f"{SITE}/cases/progress/?number={case.number}"
    assert documents.progress_url(case) == url
    html = documents.render_html(event, DocumentKind.RECEIPT, "x")
    assert documents.qr_data_uri(url) in html  # segno's encoding of exactly that URL
    assert 'src="data:image/svg+xml' in html and "http://" not in html.replace(url, "")


def test_the_correction_notice_lists_every_item_and_stops_the_clock(clerk):
    case = submitted_case()
    case = services.request_correction(
        case=case, actor=clerk, channel="window", missing=["营业执照复印件", "经营场所平面图（需标明操作间）"]
    )
    [notice] = documents.issue(event_of(case, Act.REQUEST_CORRECTION))
    assert notice.kind == DocumentKind.CORRECTION_NOTICE and notice.number == f"{case.number}-BZ"
    text = flat(text_of(notice))
    for expected in (
        "补正材料一次性告知书",
        case.number,
        "营业执照复印件",
        "经营场所平面图（需标明操作间）",
        "办理时限暂停计算",
        "我的办件",
        SITE,
        "《中华人民共和国行政许可法》第三十二条",
        "区行政审批局",
        f"{timezone.localdate():%Y}年",
    ):
        assert expected in text, expected


def test_a_second_correction_gets_its_own_notice_and_number(clerk):
    case = submitted_case()
    case = services.request_correction(case=case, actor=clerk, channel="window", missing=["营业执照"])
    first = documents.issue(event_of(case, Act.REQUEST_CORRECTION))[0]
    case = services.resubmit(
        case=case, actor=case.applicant, channel="web", explanations={"营业执照": "个体户，营业执照在办理中"}
    )
    case = services.request_correction(case=case, actor=clerk, channel="window", missing=["租赁合同"])
    second = documents.document_for(case, DocumentKind.CORRECTION_NOTICE)
    assert second is not None and second != first
    assert (first.number, second.number) == (f"{case.number}-BZ", f"{case.number}-BZ2")
    assert "租赁合同" in flat(text_of(second)) and "租赁合同" not in flat(text_of(first))


def test_not_accepted_gives_reasons_and_the_default_remedies(clerk):
    case = submitted_case()
    case = services.not_accept(case=case, actor=clerk, channel="window", reason="申请事项不属于本机关职权范围")
    [decision] = documents.issue(event_of(case, Act.NOT_ACCEPT))
    assert decision.kind == DocumentKind.NOT_ACCEPT_DECISION
    text = flat(text_of(decision))
    for expected in (
        "不予受理决定书",
        case.number,
        "申请事项不属于本机关职权范围",
        "行政复议",
        "六十日",
        "行政诉讼",
        "六个月",
    ):
        assert expected in text, expected


def test_denial_gives_reasons_and_the_guides_own_remedies(clerk, approver):
    case = accepted(clerk)
    GuideVersion.objects.filter(pk=case.guide_version_id).update(
        review_remedy="可在六十日内向广安区人民政府申请行政复议。",
        litigation_remedy="可在六个月内向广安区人民法院提起行政诉讼。",
    )
    case = services.deny(case=case, actor=approver, channel="window", reason="经营场所与住宅未有效隔离\n无消毒设施")
    [denial] = documents.issue(event_of(case, Act.DENY))
    text = flat(text_of(denial))
    for expected in (
        "不予许可决定书",
        "经营场所与住宅未有效隔离",
        "无消毒设施",
        "向广安区人民政府申请行政复议",
        "向广安区人民法院提起行政诉讼",
        "第三十八条第二款",
    ):
        assert expected in text, expected


def test_approval_names_the_result_and_carries_the_verification_link(clerk, approver):
    case = accepted(clerk)
    case = services.approve(case=case, actor=approver, channel="window")
    [approval] = documents.issue(event_of(case, Act.APPROVE))
    assert approval.number == f"{case.number}-XK"
    text = flat(text_of(approval))
    for expected in ("准予许可决定书", "食品经营许可证", case.number, "区行政审批局", "准予行政许可"):
        assert expected in text, expected
    assert f"{SITE}/cases/progress/?number={case.number}" in text


def test_revocation_after_a_failed_post_check(clerk, approver):
    case = accepted(clerk)
    case = services.approve(case=case, actor=approver, channel="window")
    case = services.conclude(case=case, actor=approver, channel="window")
    # The event alone is what the document reads (decisions.record_post_check makes it; see the commitment test).
    event = CaseEvent.objects.create(
        case=case,
        act=Act.REVOKE,
        from_state=CaseState.CONCLUDED,
        to_state=CaseState.REVOKED,
        actor=approver,
        channel="window",
        reason="事后核查发现经营场所实际面积与承诺不符",
        detail={"post_check": True},
    )
    [revocation] = documents.issue(event)
    assert not CaseDocument.objects.filter(case=case, kind=DocumentKind.APPROVAL).exists()
    text = flat(text_of(revocation))
    for expected in (
        "撤销行政许可决定书",
        "事后核查发现经营场所实际面积与承诺不符",
        f"{case.number}-XK",  # the revoked decision, named even though its own PDF was never written
        "第六十九条",
        "行政复议",
        "经事后核查",
        "告知承诺书",
    ):
        assert expected in text, expected


def test_a_revocation_without_a_post_check_does_not_speak_of_a_commitment(clerk, approver):
    # e.g. a 秒批 decision found wrong by the sample audit: the approver's 撤销许可, no 告知承诺制 involved.
    case = services.approve(case=accepted(clerk), actor=approver, channel="window")
    case = services.conclude(case=case, actor=approver, channel="window")
    case = services.act_on(case=case, act=Act.REVOKE, actor=approver, channel="window", reason="经营场所不存在")
    [revocation] = documents.issue(case.events.get(act=Act.REVOKE))
    text = flat(text_of(revocation))
    assert "经营场所不存在" in text and "第六十九条" in text
    assert "承诺" not in text and "事后核查" not in text


def test_the_signed_commitment_is_issued_with_the_receipt():
    case = submitted_case()
    event = event_of(case, Act.SUBMIT)
    assert documents.kinds_for(event) == [DocumentKind.RECEIPT]
    signed = timezone.now()
    Case.objects.filter(pk=case.pk).update(commitment_signed_at=signed)
    case.refresh_from_db()
    event = event_of(case, Act.SUBMIT)
    issued = documents.issue(event)
    assert [document.kind for document in issued] == [DocumentKind.RECEIPT, DocumentKind.COMMITMENT]
    text = flat(text_of(issued[1]))
    for expected in (
        "告知承诺书",
        "有与经营的食品品种、数量相适应的经营场所",
        "不实承诺的后果",
        "撤销",
        "测试*********",
    ):
        assert expected in text, expected
    assert f"{timezone.localtime(signed):%Y年%-m月%-d日}" in text


def test_commitment_approval_and_revocation_through_the_services(django_capture_on_commit_callbacks, department):
    from govhall.cases.decisions import record_post_check
    from govhall.cases.services import Application, submit_case
    from govhall.catalog.tests.factories import published_item

    item = published_item(number=7, name="公共场所卫生许可", commitment_allowed=True, post_check_days=20)
    checker = staff("checker", Role.APPROVER, department=item.department)
    applicant = person("alice", number=1)
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case(
            applicant=applicant,
            item=item,
            application=Application(form_data={"reason": "开设宾馆"}, commitment=True),
            idempotency_key="",
            channel="web",
        )
    kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {DocumentKind.RECEIPT, DocumentKind.COMMITMENT, DocumentKind.APPROVAL}
    approval = only(case, DocumentKind.APPROVAL)
    assert "告知承诺制" in flat(text_of(approval))
    with django_capture_on_commit_callbacks(execute=True):
        record_post_check(case=case, actor=checker, truthful=False, finding="卫生设施与承诺不符")
    revocation = only(case, DocumentKind.REVOCATION)
    text = flat(text_of(revocation))
    assert "卫生设施与承诺不符" in text and approval.number in text


def test_a_download_before_the_worker_writes_the_document_on_the_spot(clerk):
    case = submitted_case()  # on-commit callbacks are not run: the task never ran
    assert not CaseDocument.objects.filter(case=case).exists()
    assert documents.document_for(case, DocumentKind.APPROVAL) is None  # no approval yet
    assert documents.document_for(case, DocumentKind.COMMITMENT) is None  # nothing signed
    receipt = documents.document_for(case, DocumentKind.RECEIPT)
    assert receipt is not None and documents.document_for(case, DocumentKind.RECEIPT) == receipt
    assert documents.available(case) == [(DocumentKind.RECEIPT, "申报回执")]


def test_the_document_stays_as_issued_when_the_case_changes_later(clerk, approver):
    case = submitted_case()
    receipt = documents.document_for(case, DocumentKind.RECEIPT)
    with receipt.file.open("rb") as stored:
        before = stored.read()
    person = case.applicant.person
    person.real_name = "改名后"
    person.save(update_fields=["real_name"])
    GuideVersion.objects.filter(pk=case.guide_version_id).update(consult_phone="0826-9999999")
    case = services.accept_case(case=case, actor=clerk, channel="window")
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() + timedelta(days=3))
    again = documents.document_for(Case.objects.get(pk=case.pk), DocumentKind.RECEIPT)
    assert again.pk == receipt.pk and again.sha256 == receipt.sha256
    with again.file.open("rb") as stored:
        assert stored.read() == before
    assert "0826-9999999" not in flat(text_of(again))


def test_two_writers_at_once_keep_one_document(monkeypatch):
    case = submitted_case()
    event = event_of(case, Act.SUBMIT)
    first = documents.issue_one(event, DocumentKind.RECEIPT)
    # A second writer that looked before the first stored its row: the unique constraint keeps the first.
    monkeypatch.setattr(documents, "_stored", lambda *args: None)
    with pytest.raises(Exception):  # noqa: B017 - the IntegrityError is re-raised when nothing is found
        documents.issue_one(event, DocumentKind.RECEIPT)
    monkeypatch.undo()
    assert documents.issue_one(event, DocumentKind.RECEIPT) == first
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_a_failed_write_is_tried_again_later(settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    case = submitted_case()
    event = event_of(case, Act.SUBMIT)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def broken(html: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(documents, "render_pdf", broken)
    with pytest.raises(OSError):
        documents.issue_documents.call(event.pk)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [event.pk, 2]
    assert retry.run_after > timezone.now()
    assert not CaseDocument.objects.filter(case=case).exists()


def test_rendering_fetches_nothing_from_outside():
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        documents.render_pdf('<p>x</p><img src="http://127.0.0.1:9/x.png">')
    with pytest.raises(FatalURLFetchingError):
        documents.render_pdf('<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>')


def test_the_notice_email_carries_the_events_documents(settings, tmp_path, django_capture_on_commit_callbacks, clerk):
    from django.core import mail

    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    applicant = person("alice", number=1, email="alice@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case(applicant=applicant)
    [message] = mail.outbox
    [(filename, content, mimetype)] = message.attachments
    receipt = only(case, DocumentKind.RECEIPT)
    assert (filename, mimetype) == (f"申报回执-{case.number}.pdf", "application/pdf")
    assert content == receipt.file.open("rb").read()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_case(case=case, actor=clerk, channel="window")
    assert mail.outbox[1].attachments == []  # acceptance issues no document


def test_the_notice_goes_without_the_attachment_when_the_document_cannot_be_written(
    settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core import mail

    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")

    def broken(html: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(documents, "render_pdf", broken)
    applicant = person("alice", number=1, email="alice@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_case(applicant=applicant)
    [message] = mail.outbox
    assert message.attachments == []


def test_a_lost_database_connection_holds_the_email_back_instead_of_sending_it_without_its_receipt(
    monkeypatch, settings, tmp_path
):
    from django.core import mail
    from django.db import OperationalError

    from govhall.cases.notifications import notify_applicant
    from govhall.notices.models import Delivery

    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])

    def database_gone(event, kind):  # type: ignore[no-untyped-def]
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(documents, "issue_one", database_gone)
    with pytest.raises(OperationalError):
        notify_applicant.call(case.events.get().pk)
    assert mail.outbox == [] and not Delivery.objects.filter(via="email").exists()
