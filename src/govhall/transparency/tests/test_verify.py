"""The standalone verifier: no Django, gmssl only, against a running GovHall (the live server)."""

import subprocess
import sys

import pytest

from govhall.core import gm
from govhall.transparency import services, verify
from govhall.transparency.models import LogEntry
from govhall.transparency.tests import reference


def test_imports_neither_django_nor_tongsuo():
    code = (
        "import sys, govhall.transparency.verify;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'tongsuopy', 'cryptography')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": "src"})


def test_gmssl_checks_tongsuo_signatures_whatever_the_key():
    for _ in range(8):  # keys whose x starts with 0 or 4 broke gmssl's own constructor
        key = gm.SigningKey(gm.generate_private_key())
        message = verify.sth_message(5, 1, b"\x01" * 32)
        signature = key.sign(message).hex
        assert verify.gmssl_verify(key.public_key_hex, message, signature)
        assert not verify.gmssl_verify(key.public_key_hex, message + b"x", signature)
    assert not verify.gmssl_verify("zz", b"", "00")
    assert not verify.gmssl_verify(key.public_key_hex, message, "0" * 128)


def test_rfc_functions_with_gmssl_match_the_reference():
    entries = [b"a", b"b", b"c", b"d", b"e"]
    root = reference.mth(entries)
    assert verify.verify_inclusion(4, 5, verify.leaf_hash(entries[4]), reference.path(4, entries), root)
    assert verify.verify_consistency(3, 5, reference.mth(entries[:3]), root, reference.proof(3, entries))
    assert not verify.verify_consistency(3, 5, reference.mth(entries[:3]), root, [])


@pytest.mark.django_db(transaction=True)
def test_verifier_against_a_live_server(live_server):
    entries = [services.encode_entry("test", n=i) for i in range(7)]
    for entry in entries[:3]:
        services.append(entry)
    earlier = services.sign_tree_head()
    for entry in entries[3:]:
        services.append(entry)
    services.sign_tree_head()
    public = gm.log_keyring().current.public_key_hex
    lines: list[str] = []
    argv = [live_server.url, "--public-key", public, "--leaf-index", "1", "--leaf-index", "6"]
    argv += ["--entry-hex", entries[1].hex(), "--previous-size", "3", "--previous-root", earlier.root_hash]
    assert verify.run(argv, lines.append) == 0, lines
    assert len(lines) == 5 and all(line.startswith("OK") for line in lines)

    lines.clear()
    other = gm.SigningKey(gm.generate_private_key()).public_key_hex
    assert verify.run([live_server.url, "--public-key", other], lines.append) == 1
    assert lines[0].startswith("FAIL")

    LogEntry.objects.filter(index=6).update(entry=b"changed")
    lines.clear()
    assert verify.run([live_server.url, "--leaf-index", "6"], lines.append) == 1
    assert lines[0].startswith("WARN") and lines[-1].startswith("FAIL")


@pytest.mark.django_db(transaction=True)
def test_verifier_checks_a_licence_signature_and_its_log_entry(live_server):
    from govhall.licences.models import Licence
    from govhall.licences.tests.factories import issued

    licence = issued()
    services.sign_tree_head()
    public = gm.log_keyring().current.public_key_hex
    lines: list[str] = []
    argv = [live_server.url, "--public-key", public, "--licence", licence.identifier]
    assert verify.run(argv, lines.append) == 0, lines
    assert sum(line.startswith("OK") for line in lines) == 6 and any("有效" in line for line in lines)

    changed = bytes(licence.canonical).replace(b'"version":1', b'"version":2')
    Licence.objects.filter(pk=licence.pk).update(canonical=changed)
    lines.clear()
    assert verify.run(argv, lines.append) == 1
    assert next(line for line in lines if line.startswith("FAIL")).endswith("SM3 of the signed bytes")

    unknown = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"
    lines.clear()
    assert verify.run([live_server.url, "--public-key", public, "--licence", unknown], lines.append) == 1
    assert "answers 404" in lines[-1]
