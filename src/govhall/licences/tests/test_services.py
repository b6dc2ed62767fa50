from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from govhall.core.gm import generate_private_key, private_key_pem, sm3_hex, verify
from govhall.core.models import AuditEvent
from govhall.licences import canonical, identifiers, selectors, services
from govhall.licences.constants import LicenceState
from govhall.licences.models import LicenceEvent
from govhall.licences.tests.factories import DEPARTMENT_USCC, PERSON_ID, LicenceTypeFactory, issued
from govhall.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def test_issuance_signs_logs_and_audits():
    licence = issued()
    assert identifiers.is_valid(licence.identifier)
    parts = identifiers.parse(licence.identifier)
    assert (parts.type_code, parts.issuer, parts.serial, parts.version) == (
        licence.licence_type.code,
        DEPARTMENT_USCC,
        "00000001",
        "001",
    )
    data = bytes(licence.canonical)
    assert licence.sm3 == sm3_hex(data)
    assert verify(licence.public_key, data, bytes.fromhex(licence.signature))
    assert canonical.decode(data)["identifier"] == licence.identifier
    assert licence.state == LicenceState.VALID
    assert licence.valid_until == services.years_later(licence.valid_from, 5)
    entry = LogEntry.objects.get(index=licence.log_index)
    body = canonical.decode(bytes(entry.entry))
    assert body["kind"] == "licence.issued"
    assert body["identifier"] == licence.identifier and body["sm3"] == licence.sm3
    assert AuditEvent.objects.filter(action="licences.issue", object_id=str(licence.pk)).exists()
    assert licence.events.get().to_state == LicenceState.VALID


def test_serials_count_up_per_type_and_issuer():
    licence_type = LicenceTypeFactory()
    first, second = issued(licence_type), issued(licence_type, holder_id="510802199001011238")
    assert (first.serial, second.serial) == ("00000001", "00000002")
    assert issued().serial == "00000001"  # another type counts on its own


def test_log_entries_and_signed_bytes_hold_no_personal_data():
    licence = issued(holder_name="欧阳娜娜", data={"name": "欧阳娜娜", "address": "广安市金安大道二段88号"})
    services.revoke(licence, reason="经核查，欧阳娜娜提交的材料不实", actor=None)
    for entry in LogEntry.objects.all():
        raw = bytes(entry.entry)
        for secret in ("欧阳娜娜", PERSON_ID, "广安市金安大道二段88号"):
            assert secret.encode() not in raw
    assert "欧阳娜娜".encode() not in bytes(licence.canonical)
    assert PERSON_ID.encode() not in bytes(licence.canonical)


def test_the_holder_is_found_by_the_blind_index_and_stored_encrypted():
    licence = issued()
    assert selectors.find_current(licence.licence_type.code, PERSON_ID.lower()) == licence
    assert selectors.find_current(licence.licence_type.code, "510802199001011238") is None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_id FROM licences_licence WHERE id = %s", [licence.pk])
        assert PERSON_ID not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([LicenceState.SUSPENDED, LicenceState.VALID, LicenceState.REVOKED], True),
        ([LicenceState.SUSPENDED, LicenceState.REVOKED], True),
        ([LicenceState.EXPIRED], True),
        ([LicenceState.REVOKED, LicenceState.VALID], False),
        ([LicenceState.EXPIRED, LicenceState.SUSPENDED], False),
        ([LicenceState.SUSPENDED, LicenceState.REPLACED], False),
    ],
)
def test_transitions(path, allowed):
    licence = issued()
    *steps, last = path
    for state in steps:
        licence = services.change_state(licence=licence, to_state=state, reason="测试", actor=None)
    if allowed:
        licence = services.change_state(licence=licence, to_state=last, reason="测试", actor=None)
        assert licence.state == last
        event = LicenceEvent.objects.filter(licence=licence).last()
        assert event.to_state == last and event.log_index is not None
        body = canonical.decode(bytes(LogEntry.objects.get(index=event.log_index).entry))
        assert body["kind"] == "licence.state" and body["to_state"] == last
        assert body["reason_sm3"] == sm3_hex("测试".encode())
    else:
        with pytest.raises(ValidationError, match="不能变更为"):
            services.change_state(licence=licence, to_state=last, reason="测试", actor=None)


def test_a_reason_is_required_and_states_must_exist():
    licence = issued()
    with pytest.raises(ValidationError, match="原因"):
        services.suspend(licence, reason="  ")
    with pytest.raises(ValidationError, match="未知"):
        services.change_state(licence=licence, to_state="cancelled", reason="x", actor=None)


def test_replace_issues_the_next_version_and_replaces_the_old():
    licence = issued()
    new = services.replace(licence, data={"address": "四川省广安市广安区"}, reason="住址变更")
    licence.refresh_from_db()
    assert licence.state == LicenceState.REPLACED
    assert new.version == 2 and new.serial == licence.serial and new.replaces == licence
    assert identifiers.parse(new.identifier).version == "002"
    assert new.data["address"] == "四川省广安市广安区"
    assert selectors.find_current(licence.licence_type.code, PERSON_ID) == new
    assert canonical.decode(bytes(LogEntry.objects.get(index=new.log_index).entry))["replaces"] == licence.identifier
    with pytest.raises(ValidationError, match="只有有效的证照"):
        services.replace(licence)


def test_expire_due_marks_licences_past_their_validity():
    old = issued(issued_at=timezone.now() - timedelta(days=6 * 366))
    current = issued(holder_id="510802199001011238")
    assert services.expire_due() == 1
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.state, current.state) == (LicenceState.EXPIRED, LicenceState.VALID)
    assert services.expire_due() == 0


def test_years_later_handles_29_february():
    assert services.years_later(date(2024, 2, 29), 1) == date(2025, 2, 27)
    assert services.years_later(date(2026, 1, 1), 5) == date(2030, 12, 31)


def test_new_uscc_is_valid():
    from govhall.core.validators import is_valid_uscc

    code = services.new_uscc("511602000000")
    assert code.startswith("92511602MA") and is_valid_uscc(code)


def test_inactive_types_are_not_issued():
    with pytest.raises(ValidationError, match="已停用"):
        issued(LicenceTypeFactory(active=False))


def test_key_rotation_keeps_old_licences_verifiable(settings):
    old_key, new_key = (private_key_pem(generate_private_key()).decode() for _ in range(2))
    settings.LICENCE_SIGNING_KEYS = {DEPARTMENT_USCC: [old_key]}
    licence_type = LicenceTypeFactory()
    before = issued(licence_type)
    settings.LICENCE_SIGNING_KEYS = {DEPARTMENT_USCC: [old_key, new_key]}
    after = issued(licence_type, holder_id="510802199001011238")
    assert before.key_id != after.key_id
    assert selectors.signature_valid(before) and selectors.signature_valid(after)
    published = {key["key_id"]: key for key in selectors.issuer_keys()[0]["keys"]}
    assert published[after.key_id]["current"] and not published[before.key_id]["current"]
    settings.LICENCE_SIGNING_KEYS = {DEPARTMENT_USCC: [new_key]}  # the old key dropped: its licences no longer check
    assert not selectors.signature_valid(before)
