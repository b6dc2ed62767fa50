"""cases.filing: one submission service for the portal, the window and the API — one transaction with its files,
idempotent by key, the required materials enforced whichever channel files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person, staff
from govhall.cases import filing, services
from govhall.cases.constants import CaseState, TrustLevel
from govhall.cases.models import Case, CaseEvent, LockerDocument, Visit
from govhall.cases.tests.files import EICAR_PDF, PDF
from govhall.catalog.tests.factories import published_item
from govhall.core.constants import Channel
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
MATERIAL = "食品经营许可申请书"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def application():
    return services.Application(form_data={"reason": "开一家面馆"})


def upload(content=PDF):
    return filing.Given(material=MATERIAL, upload=SimpleUploadedFile("申请书.pdf", content))


def test_the_case_its_materials_and_the_submission_are_filed_together(media):
    item = published_item()
    alice = person("alice")
    case = filing.file_application(
        applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=Channel.WEB,
        given=[upload()],
    )  # fmt: skip
    assert case.state == CaseState.SUBMITTED and case.idempotency_key == "k-1"
    assert list(case.materials.values_list("name", flat=True)) == [MATERIAL]
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert len(stored_files(media)) == 1


def test_a_refused_material_leaves_no_case_and_no_file(media):
    """One transaction: the first file is stored, the second refused, and nothing stays — neither the draft that held
    the materials nor the file stored on the way."""
    item = published_item(
        materials=[{"name": MATERIAL, "originals": 1}, {"name": "营业执照", "originals": 1}],
    )
    alice = person("alice")
    refused = filing.Given(material="营业执照", upload=SimpleUploadedFile("执照.pdf", EICAR_PDF))
    with pytest.raises(services.CaseError, match="病毒检查"):
        filing.file_application(
            applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=Channel.WEB,
            given=[upload(), refused],
        )  # fmt: skip
    assert not Case.objects.exists()
    assert not LockerDocument.objects.exists()
    assert stored_files(media) == []


def test_the_same_key_files_one_case():
    item = published_item()
    alice = person("alice")
    first = filing.file_application(
        applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=Channel.API,
        given=[upload()],
    )  # fmt: skip
    again = filing.file_application(
        applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=Channel.API,
        given=[upload()],
    )  # fmt: skip
    assert again == first
    assert Case.objects.count() == 1 and LockerDocument.objects.count() == 1


def test_a_draft_keeps_its_files_and_is_filed_later():
    item = published_item()
    alice = person("alice")
    draft = filing.save_application(
        applicant=alice, item=item, application=application(), channel=Channel.WEB, given=[upload()]
    )
    assert draft.state == CaseState.DRAFT and draft.materials.count() == 1
    case = filing.file_application(
        applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=Channel.WEB,
        draft=draft,
    )  # fmt: skip
    assert case.pk == draft.pk and case.state == CaseState.SUBMITTED


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.API, "window"])
def test_required_materials_are_enforced_whichever_channel_files(channel):
    item = published_item()
    alice = person("alice")
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department) if channel == "window" else None
    draft = (
        services.save_draft(applicant=alice, item=item, application=application(), channel=channel, draft=None)
        if clerk
        else None
    )
    with pytest.raises(filing.MissingMaterials, match=MATERIAL) as refused:
        filing.file_application(
            applicant=alice, item=item, application=application(), idempotency_key="k-1", channel=channel,
            draft=draft, received_by=clerk,
        )  # fmt: skip
    assert refused.value.names == [MATERIAL]
    assert not Case.objects.exclude(state=CaseState.DRAFT).exists()


def test_a_clerk_files_for_a_walk_in_with_trust_level_b_and_a_visit():
    item = published_item()
    alice = person("alice")
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    draft = services.save_draft(applicant=alice, item=item, application=application(), channel="window", draft=None)
    case = filing.file_application(
        applicant=alice, item=item, application=application(), idempotency_key="w-1", channel="window",
        draft=draft, given=[upload()], received_by=clerk,
    )  # fmt: skip
    assert case.state == CaseState.SUBMITTED
    assert case.materials.get().document.trust_level == TrustLevel.B
    assert Visit.objects.filter(case=case, recorded_by=clerk).exists()
    assert case.events.get().detail == {"received_for": alice.pk}
