"""Virus scanning: the clamd adapter against the local clamd peer (real INSTREAM protocol), and the deploy check."""

import socket
import struct

import pytest
from django.core.checks import run_checks

from govhall.cases import scanning
from govhall.cases.scanning import EICAR, ClamdScanner, ScannerUnavailable


def test_clean_stream_is_ok(clamd_peer):
    assert ClamdScanner(port=clamd_peer.port).scan([b"hello", b" world"]) == scanning.ScanResult(clean=True)


def test_eicar_is_found_even_across_chunks(clamd_peer):
    padding = b"\0" * (scanning.CHUNK + 10)  # the signature straddles the adapter's 64 KiB chunks
    result = ClamdScanner(port=clamd_peer.port).scan([padding + EICAR[:20], EICAR[20:]])
    assert result == scanning.ScanResult(clean=False, signature="Eicar-Signature")


def test_the_peer_speaks_the_protocol_byte_for_byte(clamd_peer):
    with socket.create_connection(("127.0.0.1", clamd_peer.port), timeout=5) as connection:
        connection.sendall(b"zINSTREAM\0" + struct.pack(">I", len(EICAR)) + EICAR + struct.pack(">I", 0))
        assert connection.recv(100) == b"stream: Eicar-Signature FOUND\0"


def test_a_scanner_that_is_down_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(port=port, timeout=2).scan([b"x"])


def test_an_unexpected_reply_is_unavailable_not_clean():
    with pytest.raises(ScannerUnavailable):
        scanning.parse_reply(b"INSTREAM size limit exceeded. ERROR\0")


@pytest.mark.parametrize(
    ("provider", "problem"),
    [("", "govhall.E010"), (None, None)],
)
def test_production_without_a_real_scanner_fails_the_deploy_check(settings, provider, problem):
    settings.DEBUG = False
    if provider is not None:
        settings.VIRUS_SCAN_PROVIDER = provider
    ids = {message.id for message in run_checks(include_deployment_checks=True, tags=["security"])}
    assert (problem in ids) if problem else "govhall.E010" not in ids
