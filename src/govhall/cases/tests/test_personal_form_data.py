"""Personal data in a case's application form (the applicant's document number and phone): stored encrypted with the
real value (never the mask a form showed), shown masked on every page and in the API, revealed in full only to staff
whose role holds `personal_data.full`, each reveal audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.models import Case
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import published_item
from govhall.core.crypto import decrypt
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
NEW_ID = "11010519491231002X"
MASKED_ID = "110105********002X"
PHONE = "13900009999"
FIELDS = [
    {"key": "id_no", "label": "身份证号码", "prefill": "person.document"},
    {"key": "mobile", "label": "联系电话", "kind": "phone", "prefill": "person.phone"},
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item():
    return published_item(form_fields=FIELDS)


def stored_json(case: Case) -> str:
    """The form data as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT form_data FROM cases_case WHERE id = %s", [case.pk])
        raw = cursor.fetchone()[0]
    return raw if isinstance(raw, str) else json.dumps(raw)


@pytest.fixture
def window_case(client, item):
    """A walk-in's case filed by the clerk at the window, the form sent back with the masked values it showed."""
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    client.force_login(clerk)
    start = {"document_type": "resident_id", "document_number": NEW_ID, "real_name": "王芳", "phone": PHONE}
    location = client.post("/workbench/receive/", start | {"item": item.pk})["Location"]
    page = client.get(location).content.decode()
    assert MASKED_ID in page and NEW_ID not in page  # the form shows the prefilled number masked
    form = {
        "reason": "窗口代办",
        "idempotency_key": "w-1",
        "declaration": "on",
        "f_id_no": MASKED_ID,
        "f_mobile": "139****9999",
        "material-0": SimpleUploadedFile("scan.pdf", PDF),
    }
    assert client.post(location, form).status_code == 302
    return Case.objects.get(), clerk


def test_the_real_values_are_stored_encrypted_not_the_masks(window_case):
    case, _clerk = window_case
    raw = stored_json(case)
    assert NEW_ID not in raw and MASKED_ID not in raw and PHONE not in raw
    assert decrypt(case.form_data["id_no"]["encrypted"]) == NEW_ID
    assert decrypt(case.form_data["mobile"]["encrypted"]) == PHONE


def test_shown_masked_on_the_pages_and_in_the_api(client, window_case):
    case, _clerk = window_case
    handling = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert MASKED_ID in handling and NEW_ID not in handling and PHONE not in handling
    client.force_login(case.applicant)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert MASKED_ID in page and NEW_ID not in page
    body = client.get(f"/api/v1/cases/{case.number}", headers=app_headers(case.applicant)).json()
    assert body["form_data"]["id_no"] == MASKED_ID and body["form_data"]["mobile"] == "139****9999"


def test_revealed_in_full_only_to_personal_data_full_and_audited(client, window_case):
    case, clerk = window_case
    revealed = client.post(f"/workbench/cases/{case.number}/reveal/").content.decode()
    assert NEW_ID in revealed and PHONE in revealed
    row = AuditEvent.objects.get(action="accounts.view_personal_data")
    assert row.actor == clerk and row.detail["subject"] == case.applicant_id
    assert row.detail["fields"] == [f"{case.number}.id_no", f"{case.number}.mobile"]
    supervisor = staff("supervisor", Role.SUPERVISOR, department=case.department)  # sees cases, not full numbers
    client.force_login(supervisor)
    assert "reveal" not in client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert client.post(f"/workbench/cases/{case.number}/reveal/").status_code == 403
    assert AuditEvent.objects.filter(action="accounts.view_personal_data").count() == 1


def test_the_document_is_always_the_applicants_and_a_new_phone_is_kept(item):
    from govhall.accounts.tests.factories import person

    alice = person("alice", phone="13900002222")
    case = services.submit_case(
        applicant=alice,
        item=item,
        form_data={"reason": "开店", "id_no": "somebody else", "mobile": "13700001111"},
        idempotency_key="a",
        channel="web",
    )
    assert decrypt(case.form_data["id_no"]["encrypted"]) == alice.person.document_number
    assert decrypt(case.form_data["mobile"]["encrypted"]) == "13700001111"


def test_older_cases_are_sealed_with_the_real_values(item):
    """Migration cases/0010: a masked document number is restored from the profile, a phone kept (the real one when
    it was the masked profile phone), both encrypted."""
    from importlib import import_module

    from django.apps import apps

    from govhall.accounts.tests.factories import person

    alice = person("alice", phone="13900002222")
    case = services.submit_case(
        applicant=alice, item=item, form_data={"reason": "开店"}, idempotency_key="a", channel="web"
    )
    Case.objects.filter(pk=case.pk).update(
        form_data={"reason": "开店", "id_no": "110105****1234", "mobile": "139****2222"}
    )
    migration = import_module("govhall.cases.migrations.0010_seal_personal_form_data")
    migration.seal_personal_form_data(apps, None)
    case.refresh_from_db()
    assert decrypt(case.form_data["id_no"]["encrypted"]) == alice.person.document_number
    assert decrypt(case.form_data["mobile"]["encrypted"]) == "13900002222"
    assert case.form_data["reason"] == "开店"
    migration.seal_personal_form_data(apps, None)  # again: sealed values are left alone
    case.refresh_from_db()
    assert decrypt(case.form_data["id_no"]["encrypted"]) == alice.person.document_number
