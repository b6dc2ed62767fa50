"""Virus scanning of uploaded files by a provider (core.providers) chosen by VIRUS_SCAN_PROVIDER.

`ClamdScanner` speaks clamd's INSTREAM protocol over TCP (CLAMD_HOST, CLAMD_PORT); `govhall.contrib.demo.clamd` is a
local clamd peer for the tests and `make run`. With DEBUG off a scanner must be named: a system check (govhall.E010) says so, and until then every
upload is refused as "cannot be checked now" rather than stored unchecked."""

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider

CHUNK = 64 * 1024
# The EICAR anti-virus test file (not a virus): every scanner flags it, so it tests the whole path.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


class ScannerUnavailable(Exception):
    """The scanner could not be reached or gave no usable answer: the file is neither accepted nor refused."""


class VirusScanner(Provider):
    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        """The verdict on the stream, or ScannerUnavailable."""
        raise NotImplementedError


def parse_reply(reply: bytes) -> ScanResult:
    """clamd's answer to one stream: "stream: OK" or "stream: <signature> FOUND" (anything else: unavailable)."""
    text = reply.rstrip(b"\0\n").decode("utf-8", "replace").strip()
    if text.endswith(": OK"):
        return ScanResult(clean=True)
    if text.endswith(" FOUND"):
        return ScanResult(clean=False, signature=text.split(": ", 1)[-1].removesuffix(" FOUND"))
    raise ScannerUnavailable(f"clamd answered {text!r}")


class ClamdScanner(VirusScanner):
    """clamd over TCP: `zINSTREAM\\0`, then chunks each preceded by its length (4 bytes, big-endian), then a
    zero-length chunk; clamd replies with one NUL-terminated line."""

    name = "clamd"
    required_settings = ("CLAMD_HOST", "CLAMD_PORT")

    def __init__(self, host: str | None = None, port: int | None = None, timeout: float | None = None) -> None:
        # Unset: read from settings at each scan (the registry keeps one instance while settings may change).
        self._host, self._port, self._timeout = host, port, timeout

    @property
    def host(self) -> str:
        return self._host or settings.CLAMD_HOST

    @property
    def port(self) -> int:
        return self._port or settings.CLAMD_PORT

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        timeout = self._timeout or settings.CLAMD_TIMEOUT_SECONDS
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as connection:
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


def scanner() -> VirusScanner:
    """The configured scanner. None configured (production without VIRUS_SCAN_PROVIDER): unavailable."""
    if not settings.VIRUS_SCAN_PROVIDER:
        raise ScannerUnavailable("VIRUS_SCAN_PROVIDER is not set")
    return providers.get("virus_scan", VirusScanner)
