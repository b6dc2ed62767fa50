"""Headers for every file GovHall hands out: always a download (never shown inline as a page of our site), sandboxed
if a browser opens it anyway, its type taken as given, and not kept in any cache when it holds personal data."""

from urllib.parse import quote

from django.http import HttpResponseBase


def as_download(
    response: HttpResponseBase, filename: str, *, fallback: str = "", personal: bool = True
) -> HttpResponseBase:
    response["Content-Disposition"] = attachment(filename, fallback=fallback)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if personal:
        response["Cache-Control"] = "private, no-store"
    return response


def attachment(filename: str, *, fallback: str = "") -> str:
    """Content-Disposition with the Chinese name (RFC 6266 filename*) and an ASCII name for clients without it."""
    if not fallback:
        extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
        fallback = ascii_name if ascii_name == filename else f"download.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
