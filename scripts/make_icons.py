"""Draws the site's PNG icons (PWA 192/512, maskable, apple-touch-icon, favicon.ico) with Debian's Chromium, so the
character 政 is set in the same CJK font as the pages. Run once after changing the design; the files are committed:

    /work/main/.venv/bin/python scripts/make_icons.py
"""

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "src/govhall/static/img"
BLUE = "#0b5cad"
FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"


def page_html(size: int, *, maskable: bool) -> str:
    # A maskable icon keeps what matters inside the middle 80 % circle and fills the whole square with colour.
    radius = 0 if maskable else size * 0.2
    glyph = size * (0.46 if maskable else 0.62)
    return f"""<html><body style="margin:0;background:transparent">
<div style="width:{size}px;height:{size}px;background:{BLUE};border-radius:{radius}px;display:grid;place-items:center">
<span style="color:#fff;font:700 {glyph}px/1 {FONT}">政</span></div></body></html>"""


def ico(pngs: list[tuple[int, bytes]]) -> bytes:
    """An ICO file holding PNG images (allowed since Windows Vista and read by every current browser)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])

        def draw(size: int, *, maskable: bool = False) -> bytes:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(size, maskable=maskable))
            png = page.screenshot(omit_background=True)
            page.close()
            return png

        (OUT / "icon-192.png").write_bytes(draw(192))
        (OUT / "icon-512.png").write_bytes(draw(512))
        (OUT / "icon-maskable-512.png").write_bytes(draw(512, maskable=True))
        (OUT / "apple-touch-icon.png").write_bytes(draw(180, maskable=True))
        (OUT / "favicon.ico").write_bytes(ico([(16, draw(16)), (32, draw(32)), (48, draw(48))]))
        browser.close()


if __name__ == "__main__":
    main()
