"""What an uploaded file really is, judged by its whole structure rather than its first bytes or its name: a PDF is
parsed (pypdf) and refused if it carries scripts, automatic actions or embedded files; an image is decoded (Pillow)
after its dimensions are checked against a pixel limit. Returns the content type and the extension to store it
under."""

import io
import re
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Dictionary keys and name values that make a PDF do something by itself: run JavaScript, act when opened or on
# events, start programs, carry other files, submit or fetch data, or embed Flash/3D/forms engines.
ACTIVE_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/FileAttachment",
        "/RichMedia",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/XFA",
        "/Sound",
        "/Movie",
    }
)
# Markup a browser would run if it ever treated the file as a page (a "polyglot").
MARKUP = re.compile(rb"<\s*(script|html|!doctype|svg|iframe|body|object|embed)\b", re.IGNORECASE)
IMAGE_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
SIGNATURES = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
]


class FileRefused(Exception):
    """The file is not one GovHall accepts; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


def inspect(file: IO[bytes]) -> FileKind:
    file.seek(0)
    head = file.read(16)
    kind = next((kind for signature, kind in SIGNATURES if head.startswith(signature)), None)
    if kind is None:
        raise FileRefused("文件类型不支持：请上传 PDF、JPG 或 PNG 格式的文件（以文件内容为准，不看扩展名）。")
    file.seek(0)
    content = file.read()
    file.seek(0)
    if MARKUP.search(content):
        raise FileRefused("文件中含有网页代码，不是有效的 PDF 或图片，请重新导出后上传。")
    return _pdf(content) if kind == "pdf" else _image(content)


def _pdf(content: bytes) -> FileKind:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise FileRefused("PDF 文件已加密或设置了密码，请去掉密码后上传。")
        if len(reader.pages) < 1:
            raise FileRefused("PDF 文件没有页面，请检查后重新上传。")
        active = _active_names(reader)
    except FileRefused:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError) as error:
        raise FileRefused("PDF 文件已损坏或格式不正确，无法打开，请重新导出后上传。") from error
    if active:
        raise FileRefused("PDF 文件含有脚本、自动动作或嵌入的文件（" + "、".join(sorted(active)) + "），不能接收。")
    return FileKind("application/pdf", "pdf")


def _active_names(reader: PdfReader) -> set[str]:
    """Every active name (ACTIVE_PDF_NAMES) in any object of the file, reachable or not, in object streams too."""
    found: set[str] = set()
    numbers = {(number, generation) for generation, table in reader.xref.items() for number in table}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in numbers:
        _walk(reader.get_object(IndirectObject(number, generation, reader)), found, depth=0)
    _walk(reader.trailer, found, depth=0)
    return found


def _walk(value: Any, found: set[str], *, depth: int) -> None:
    if depth > 50:
        return
    if isinstance(value, NameObject) and str(value) in ACTIVE_PDF_NAMES:
        found.add(str(value))
    elif isinstance(value, DictionaryObject | StreamObject):
        for key, item in value.items():
            if str(key) in ACTIVE_PDF_NAMES:
                found.add(str(key))
            if not isinstance(item, IndirectObject):
                _walk(item, found, depth=depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            if not isinstance(item, IndirectObject):
                _walk(item, found, depth=depth + 1)


def _image(content: bytes) -> FileKind:
    megapixels = settings.CASE_UPLOAD_MAX_MEGAPIXELS
    too_large = f"图片尺寸过大：不能超过 {megapixels} 百万像素，请缩小后上传。"
    try:
        with Image.open(io.BytesIO(content)) as image:  # reads the header only
            if image.format not in IMAGE_FORMATS:
                raise FileRefused("图片格式不支持：请上传 JPG 或 PNG 图片。")
            width, height = image.size
            if width * height > megapixels * 1_000_000:
                raise FileRefused(too_large)
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()  # really decodes every pixel
            found = IMAGE_FORMATS[str(image.format)]
    except FileRefused:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own limit, met when the header is read
        raise FileRefused(too_large) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FileRefused("图片文件已损坏或格式不正确，无法打开，请重新拍摄或导出后上传。") from error
    return FileKind(*found)
