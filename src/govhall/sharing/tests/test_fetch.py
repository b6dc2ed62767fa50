"""sharing.services.fetch: over signed HTTP to the demo departments (loopback), a purpose required, every access
logged with the subject's number only encrypted and blind-indexed."""

import pytest
from django.db import connection

from govhall.accounts.tests.factories import IDS, person, staff
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import published_item
from govhall.core.crypto import blind_index
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.sharing import services
from govhall.sharing.models import DataAccess
from govhall.sharing.tests.factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    item = published_item()
    return submitted_case(applicant=person("alice"), item=item)


@pytest.fixture
def household(case):
    return resource("household", items=[case.item])


def test_a_fetch_for_a_case_about_the_subject_gets_the_record_and_is_logged(case, household):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    result = services.fetch(
        resource="household",
        subject_id=IDS[0],
        subject_kind="person",
        purpose=case.number,
        department=case.department,
        actor=clerk,
        channel="window",
    )
    assert result.found and result.failure == ""
    assert result.record["name"] == "张三" and result.record["id_number"] == IDS[0]
    assert "relation" not in result.record  # only the resource's declared fields
    access = DataAccess.objects.get()
    assert (access.outcome, access.purpose, access.department, access.actor, access.channel) == (
        "found",
        case.number,
        case.department,
        clerk,
        "window",
    )
    assert access.subject_index == blind_index(IDS[0]) and access.subject_user == case.applicant
    assert access.fields_returned == ["birth_date", "gender", "household_address", "id_number", "name"]
    assert access.masked_subject == "110105********002X"
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject_number FROM sharing_dataaccess")
        assert IDS[0] not in cursor.fetchone()[0]  # encrypted at rest
    assert AuditEvent.objects.filter(action="sharing.fetch", object_id=str(access.pk)).exists()


def test_no_record_is_told_with_the_source(case, household):
    other = submitted_case(applicant=person("erin", number=4), item=case.item)
    result = services.fetch(
        resource=household, subject_id=IDS[4], subject_kind="person", purpose=other.number, department=case.department
    )
    assert not result.found and result.outcome == "no_record"
    assert result.failure == "区公安分局“户籍信息”中没有该主体的记录。"
    assert DataAccess.objects.get().outcome == "no_record"


@pytest.mark.parametrize(
    ("purpose", "why"),
    [
        ("", "须说明用途"),
        ("GH20990101000001", "不是已提交的办件"),
    ],
)
def test_a_fetch_without_a_case_purpose_is_refused_and_logged(case, household, purpose, why):
    with pytest.raises(services.FetchRefused, match=why):
        services.fetch(
            resource="household", subject_id=IDS[0], subject_kind="person", purpose=purpose, department=case.department
        )
    access = DataAccess.objects.get()
    assert access.outcome == "refused" and why in access.message
    assert AuditEvent.objects.get(action="sharing.fetch").result == "denied"


def test_a_case_about_someone_else_an_item_not_allowed_or_another_department_is_refused(case, household):
    with pytest.raises(services.FetchRefused, match="与所查询的数据主体无关"):
        services.fetch(
            resource=household,
            subject_id=IDS[1],
            subject_kind="person",
            purpose=case.number,
            department=case.department,
        )
    household.items.clear()
    with pytest.raises(services.FetchRefused, match="未获准使用"):
        services.fetch(
            resource=household,
            subject_id=IDS[0],
            subject_kind="person",
            purpose=case.number,
            department=case.department,
        )
    household.items.add(case.item)
    with pytest.raises(services.FetchRefused, match="不由区公安分局办理"):
        services.fetch(
            resource=household,
            subject_id=IDS[0],
            subject_kind="person",
            purpose=case.number,
            department=household.department,
        )
    assert list(DataAccess.objects.values_list("outcome", flat=True)) == ["refused"] * 3


def test_a_draft_is_no_purpose(household, case):
    from govhall.cases import services as cases

    draft = cases.save_draft(
        applicant=case.applicant, item=case.item, application=cases.Application(), channel="web", draft=None
    )
    with pytest.raises(services.FetchRefused):
        services.fetch(
            resource=household,
            subject_id=IDS[0],
            subject_kind="person",
            purpose=draft.number,
            department=case.department,
        )


def test_a_resource_not_shared_is_refused(case, household):
    household.sharing_class = "not_shared"
    household.save(update_fields=["sharing_class"])
    with pytest.raises(services.FetchRefused, match="不予共享"):
        services.fetch(
            resource=household,
            subject_id=IDS[0],
            subject_kind="person",
            purpose=case.number,
            department=case.department,
        )


def test_an_unknown_resource_is_an_error():
    with pytest.raises(services.UnknownResource):
        services.fetch(resource="nothing", subject_id=IDS[0], subject_kind="person", purpose="x", department=None)  # type: ignore[arg-type]


def test_the_licence_library_answers_without_http_and_is_logged(case):
    from govhall.licences.tests.factories import LicenceTypeFactory, issued

    id_card = LicenceTypeFactory(name="居民身份证")
    licence = issued(id_card, holder_id=IDS[0])
    library = resource("licence_library", items=[case.item])
    result = services.fetch(
        resource=library,
        subject_id=IDS[0],
        subject_kind="person",
        purpose=case.number,
        department=case.department,
        licence_type_code=id_card.code,
    )
    assert result.found and result.licence == licence and result.record["identifier"] == licence.identifier
    with pytest.raises(services.FetchRefused, match="须指明证照类型"):
        services.fetch(
            resource=library, subject_id=IDS[0], subject_kind="person", purpose=case.number, department=case.department
        )
    assert list(DataAccess.objects.order_by("pk").values_list("outcome", flat=True)) == ["found", "refused"]
