"""The 申报回执 fits on one A4 page for the demo's largest guide (eleven materials, a legal person, the guide's
location, hours and consultation channels): no second page carrying only the date."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from govhall.accounts.tests.factories import organisation
from govhall.cases import documents, uploads
from govhall.cases.constants import Act
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.demo import DATA
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db
GUIDES = DATA / "demo_guides.json"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://zwfw.guanganqu.example.gov.cn"


def largest_demo_guide() -> dict:
    guides = json.loads(GUIDES.read_text(encoding="utf-8"))
    return max(guides, key=lambda guide: len(guide.get("materials", [])))


def test_the_receipt_of_the_largest_demo_guide_is_one_page():
    guide = largest_demo_guide()
    materials = [
        {"name": material["name"], "originals": 1, "necessity": "deferrable"} for material in guide["materials"]
    ]
    assert len(materials) >= 10
    item = published_item(
        materials=materials,
        name=guide["name"],
        handling_location=guide.get("handling_location", ""),
        handling_hours=guide.get("handling_hours", ""),
        consult_channels=guide.get("consult_channels", ""),
    )
    case = submitted_case(item=item)
    Case.objects.filter(pk=case.pk).update(organisation=organisation(case.applicant), variant_name="新办（含网络经营）")
    for material in materials:
        uploads.attach_upload(
            case=case,
            actor=case.applicant,
            name=material["name"],
            upload=SimpleUploadedFile(f"{material['name'][:40]}扫描件.pdf", PDF),
            channel="web",
        )
    case.refresh_from_db()
    [receipt] = documents.issue(case.events.filter(act=Act.SUBMIT).latest("at", "pk"))
    with receipt.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = "".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1, [page.extract_text()[-200:] for page in reader.pages[1:]]
    assert materials[-1]["name"].replace(" ", "") in text  # the last material, the date and the seal line are there
    assert "第1页共1页" in text and str(case.submitted_at.year) + "年" in text.split("区行政审批局")[-1]
