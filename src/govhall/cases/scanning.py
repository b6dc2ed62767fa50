"""Virus scanning of uploaded files, behind a small interface chosen in settings (VIRUS_SCAN_PROVIDER).

`ClamdScanner` speaks clamd's INSTREAM protocol over TCP (CLAMD_HOST, CLAMD_PORT). `DemoScanner` (development only)
answers the same way from an in-process signature list; `govhall.cases.demo_clamd` is a local clamd peer for tests
and `make run`. With DEBUG off a scanner must be named: a system check (govhall.E010) says so, and until then every
upload is refused as "cannot be checked now" rather than stored unchecked."""

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024
# The EICAR anti-virus test file (not a virus): every scanner flags it, so it tests the whole path.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


class ScannerUnavailable(Exception):
    """The scanner could not be reached or gave no usable answer: the file is neither accepted nor refused."""


class VirusScanner(Protocol):
    name: str

    def scan(self, chunks: Iterable[bytes]) -> ScanResult: ...


def parse_reply(reply: bytes) -> ScanResult:
    """clamd's answer to one stream: "stream: OK" or "stream: <signature> FOUND" (anything else: unavailable)."""
    text = reply.rstrip(b"\0\n").decode("utf-8", "replace").strip()
    if text.endswith(": OK"):
        return ScanResult(clean=True)
    if text.endswith(" FOUND"):
        return ScanResult(clean=False, signature=text.split(": ", 1)[-1].removesuffix(" FOUND"))
    raise ScannerUnavailable(f"clamd answered {text!r}")


class ClamdScanner:
    """clamd over TCP: `zINSTREAM\\0`, then chunks each preceded by its length (4 bytes, big-endian), then a
    zero-length chunk; clamd replies with one NUL-terminated line."""

    name = "clamd"

    def __init__(self, host: str | None = None, port: int | None = None, timeout: float | None = None) -> None:
        self.host = host or settings.CLAMD_HOST
        self.port = port or settings.CLAMD_PORT
        self.timeout = timeout or settings.CLAMD_TIMEOUT_SECONDS

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as connection:
                connection.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    for start in range(0, len(chunk), CHUNK):
                        part = chunk[start : start + CHUNK]
                        connection.sendall(struct.pack(">I", len(part)) + part)
                connection.sendall(struct.pack(">I", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    received = connection.recv(4096)
                    if not received:
                        break
                    reply += received
        except OSError as error:
            raise ScannerUnavailable(f"clamd at {self.host}:{self.port}: {error}") from error
        return parse_reply(reply)


class DemoScanner:
    """Development only: flags files containing a known test signature (EICAR), answering as clamd would."""

    name = "demo"
    signatures = {EICAR: "Eicar-Signature"}

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        content = b"".join(chunks)
        for pattern, signature in self.signatures.items():
            if pattern in content:
                return parse_reply(f"stream: {signature} FOUND\0".encode())
        return parse_reply(b"stream: OK\0")


def scanner() -> VirusScanner:
    """The configured scanner. None configured (production without VIRUS_SCAN_PROVIDER): unavailable."""
    path = settings.VIRUS_SCAN_PROVIDER
    if not path:
        raise ScannerUnavailable("VIRUS_SCAN_PROVIDER is not set")
    found: VirusScanner = import_string(path)()
    return found
