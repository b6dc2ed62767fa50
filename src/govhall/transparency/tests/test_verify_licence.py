"""The standalone verifier's licence checks (`--licence`), against a live server: gmssl checks what Tongsuo signed,
and a row changed in the database after signing is caught."""

import base64
import json
from datetime import timedelta

import pytest

from govhall.core import gm
from govhall.licences import services as licences
from govhall.licences.models import Licence
from govhall.licences.tests.factories import issued
from govhall.transparency import services, verify
from govhall.transparency.models import LogEntry

pytestmark = pytest.mark.django_db(transaction=True)


def check(live_server, licence: Licence, *extra: str) -> tuple[int, list[str]]:
    lines: list[str] = []
    argv = [live_server.url, "--public-key", gm.log_keyring().current.public_key_hex, "--licence", licence.identifier]
    return verify.run([*argv, *extra], lines.append), lines


def failures(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("FAIL")]


@pytest.fixture
def licence() -> Licence:
    made = issued()
    services.sign_tree_head()
    return made


def test_a_good_licence_passes_every_check(live_server, licence):
    code, lines = check(live_server, licence, "--issuer-key", licence.public_key)
    assert code == 0, lines
    assert not failures(lines)
    assert sum(line.startswith("OK") for line in lines) == 1 + 6  # the head, then the licence's six checks
    assert lines[-1] == f"INFO  licence {licence.identifier}: status valid (有效)"


def test_without_issuer_key_the_published_keys_are_used_with_a_warning(live_server, licence):
    code, lines = check(live_server, licence)
    assert code == 0, lines
    assert any(line.startswith("WARN") and "no --issuer-key" in line for line in lines)
    assert any(line.startswith("OK") and "published key" in line for line in lines)


def test_an_entry_newer_than_the_signed_head_is_pending(live_server, licence):
    later = issued()
    code, lines = check(live_server, later)
    assert code == 3, lines
    assert not failures(lines)
    assert any("newer than the signed head" in line for line in lines)


def test_a_revoked_licence_verifies_and_reports_revoked(live_server, licence):
    licences.revoke(licence, reason="事后核查不符合条件")
    services.sign_tree_head()
    code, lines = check(live_server, licence)
    assert code == 3, lines
    assert not failures(lines)
    assert lines[-1] == f"INFO  licence {licence.identifier}: status revoked (已撤销)"


def test_changed_signed_bytes_fail(live_server, licence):
    doc = json.loads(bytes(licence.canonical))
    doc["valid_until"] = "2099-12-31"
    changed = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    Licence.objects.filter(pk=licence.pk).update(canonical=changed)
    code, lines = check(live_server, licence)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in failures(lines)] == [
        "SM3 of the signed bytes",
        "SM2 signature",
        "the signed bytes say what the site shows (valid_until)",
        f"log entry {licence.log_index} records its issuance with this SM3",
    ]


def test_changed_bytes_signed_again_with_another_key_fail(live_server, licence):
    """Whoever can write the database but has not the issuer's key: their own signature is valid, but the key is not
    the issuer's and the log recorded the original SM3."""
    doc = json.loads(bytes(licence.canonical))
    doc["holder"]["name"] = "李*"
    changed = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    own = gm.SigningKey(gm.generate_private_key())
    Licence.objects.filter(pk=licence.pk).update(
        canonical=changed,
        sm3=gm.sm3_hex(changed),
        signature=own.sign(changed).hex,
        public_key=own.public_key_hex,
        holder_name="李四",
    )
    code, lines = check(live_server, licence)
    assert code == 1
    failed = [line.split(": ", 1)[1] for line in failures(lines)]
    assert failed == [
        "signed with a published key of issuer " + licence.issuer_uscc,
        f"log entry {licence.log_index} records its issuance with this SM3",
    ]


def test_a_changed_signature_fails(live_server, licence):
    flipped = ("0" if licence.signature[0] != "0" else "1") + licence.signature[1:]
    Licence.objects.filter(pk=licence.pk).update(signature=flipped)
    code, lines = check(live_server, licence)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in failures(lines)] == ["SM2 signature"]


def test_a_row_changed_in_the_database_fails(live_server, licence):
    """The licence's row changed after signing (validity extended, holder renamed): the page no longer says what was
    signed."""
    Licence.objects.filter(pk=licence.pk).update(
        valid_until=licence.valid_until + timedelta(days=3650), holder_name="王五"
    )
    code, lines = check(live_server, licence)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in failures(lines)] == [
        "the signed bytes say what the site shows (valid_until, holder)"
    ]


def test_a_changed_log_entry_fails_here_and_in_verify_log(live_server, licence):
    entry = json.loads(bytes(LogEntry.objects.get(index=licence.log_index).entry))
    entry["sm3"] = "0" * 64
    LogEntry.objects.filter(index=licence.log_index).update(entry=json.dumps(entry).encode())
    code, lines = check(live_server, licence)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in failures(lines)] == [
        f"log entry {licence.log_index} records its issuance with this SM3",
        f"log entry {licence.log_index} in the signed head",
    ]
    assert any(f"entry {licence.log_index}" in problem for problem in services.audit_log())


def test_an_unknown_licence_fails(live_server, licence):
    other = Licence(identifier=licence.identifier[:-1] + ("A" if licence.identifier[-1] != "A" else "B"))
    code, lines = check(live_server, other)
    assert code == 1
    assert "not found" in failures(lines)[0]


def test_the_canonical_the_site_sends_is_the_one_signed(live_server, licence):
    """The API's base64 is the stored bytes, so another SM2 library needs nothing else."""
    answer = verify.fetch_json(live_server.url, f"licences/verify/{licence.identifier}")
    assert base64.b64decode(answer["canonical"]) == bytes(licence.canonical)
    assert verify.gmssl_verify(answer["public_key"], bytes(licence.canonical), answer["signature"])
