"""Writing PDF documents (WeasyPrint) and the QR codes printed on them, for every app that issues documents: the case
documents (cases.documents) and the licence documents (licences.documents)."""

import segno

# CJK fonts in order of preference: WenQuanYi on Debian, Noto/Source Han elsewhere.
FONT_FAMILY = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif'


def qr_data_uri(url: str) -> str:
    """`url` as a QR code (SVG data: URI), medium error correction."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=3, border=2))


def render_pdf(html: str) -> bytes:
    """HTML → PDF. Nothing is fetched: the only resources allowed are data: URIs inside the document (the QR code, a
    seal image), and a reference to anything else stops the rendering."""
    from weasyprint import HTML  # loading pango and friends takes half a second: only where documents are written
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
