"""Real files for upload tests: a one-page PDF, PNG and JPEG images, and the hostile ones GovHall must refuse."""

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from govhall.cases.scanning import EICAR


def pdf(**catalog: object) -> bytes:
    """A one-page PDF; `catalog` adds entries to its document catalog (e.g. an /OpenAction)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for key, value in catalog.items():
        writer._root_object[NameObject(f"/{key}")] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def javascript_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.exe", b"MZ not really")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG whose header claims width×height pixels (a few KB on disk, gigabytes once decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(min(height, 2000))) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


PDF = pdf()
PNG = image("PNG")
JPEG = image("JPEG")
PDF_THEN_HTML = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
EICAR_PDF = PDF + b"\n%" + EICAR + b"\n"
