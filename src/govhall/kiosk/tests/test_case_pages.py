"""办件查询, 打印 and 评价 at the kiosk: the signed-in person's own cases only; the public lookup otherwise."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import IDS, person
from govhall.cases.tests.factories import submitted_case
from govhall.core.models import AuditEvent
from govhall.evaluation.models import Rating
from govhall.evaluation.tests.factories import concluded_case
from govhall.kiosk.models import PrintJob
from govhall.kiosk.tests.factories import kiosk, opened, signed_in_by_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_at_kiosk(client, outside_world):
    alice = person("alice", number=0, phone="13812345678")
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, "测试alice", IDS[0])
    return alice, device


def test_progress_lists_own_cases(client, alice_at_kiosk):
    alice, _ = alice_at_kiosk
    mine = submitted_case(applicant=alice)
    others = submitted_case(applicant=person("bob", number=1))
    page = client.get(reverse("kiosk:progress")).content.decode()
    assert mine.number in page and others.number not in page
    assert client.get(reverse("kiosk:case", args=[mine.number])).status_code == 200
    assert client.get(reverse("kiosk:case", args=[others.number])).status_code == 404


def test_print_a_receipt(client, alice_at_kiosk, settings):
    alice, device = alice_at_kiosk
    case = submitted_case(applicant=alice)
    page = client.get(reverse("kiosk:case", args=[case.number])).content.decode()
    assert "打印申报回执" in page
    response = client.post(reverse("kiosk:print", args=[case.number]), {"kind": "receipt"}, follow=True)
    assert "已打印" in response.content.decode()
    job = PrintJob.objects.get()
    assert (job.device, job.account, job.case, job.kind) == (device, alice, case, "receipt")
    printed = Path(settings.PRINTER_OUTBOX_DIR) / f"{job.job_id}.pdf"
    assert printed.read_bytes().startswith(b"%PDF-")
    line = json.loads((Path(settings.PRINTER_OUTBOX_DIR) / "jobs.jsonl").read_text().splitlines()[0])
    assert line["device"] == device.code
    assert AuditEvent.objects.filter(action="kiosk.print", actor=alice, channel="kiosk").exists()


def test_print_refusals(client, alice_at_kiosk, settings):
    alice, _ = alice_at_kiosk
    case = submitted_case(applicant=alice)
    bad_kind = client.post(reverse("kiosk:print", args=[case.number]), {"kind": "approval"})
    assert bad_kind.status_code == 400 and "没有这份文书" in bad_kind.content.decode()
    settings.PRINTER_URL = "http://127.0.0.1:9/printer"
    down = client.post(reverse("kiosk:print", args=[case.number]), {"kind": "receipt"})
    assert down.status_code == 400 and "打印机暂时无法使用" in down.content.decode()
    assert not PrintJob.objects.exists()


def test_rate_a_concluded_case_once_with_kiosk_questions(client, alice_at_kiosk):
    alice, _ = alice_at_kiosk
    case = concluded_case(alice)
    assert case.number in client.get(reverse("kiosk:rate_list")).content.decode()
    form = client.get(reverse("kiosk:rate", args=[case.number])).content.decode()
    assert "平台操作性" in form and "整体满意度" in form
    done = client.post(reverse("kiosk:rate", args=[case.number]), {"score": "5", "aspect_efficiency": "4"})
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    rating = Rating.objects.get(case=case)
    assert (rating.channel, rating.score, rating.aspects) == ("kiosk", 5, {"efficiency": 4})
    again = client.post(reverse("kiosk:rate", args=[case.number]), {"score": "5"})
    assert again.status_code == 400 and "只能评价一次" in again.content.decode()


def test_personal_pages_ask_to_sign_in(client):
    opened(client, kiosk())
    response = client.get(reverse("kiosk:rate_list"))
    assert response["Location"] == f"{reverse('kiosk:login')}?next=%2Fkiosk%2Frate%2F"


def test_public_lookup_when_not_signed_in(client):
    case = submitted_case(applicant=person("alice", number=0, phone="13812345678"))
    opened(client, kiosk())
    wrong = client.post(reverse("kiosk:progress"), {"number": case.number, "last4": "0000"})
    assert wrong.status_code == 400
    right = client.post(reverse("kiosk:progress"), {"number": case.number, "last4": "5678"})
    assert right.status_code == 200 and case.get_state_display() in right.content.decode()
