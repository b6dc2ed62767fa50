"""The licence document: a PDF that opens (pypdf), carries the identifier, the Chinese title and fields as extractable
text, the signature, and a QR code of the absolute verify address; the holder's copy names the holder in full, the
public copy masks the name; the ID number is always masked. Written once, then served from storage."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from govhall.core.pdf import qr_data_uri
from govhall.licences import documents
from govhall.licences.models import Seal
from govhall.licences.tests.factories import issued

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


@pytest.fixture
def licence():
    return issued(holder_name="张三丰", holder_id=ID_NUMBER)


def test_the_pdf_opens_and_its_text_is_the_licence(licence):
    pdf = documents.licence_pdf(licence)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = text_of(pdf)
    assert licence.identifier in text
    assert licence.licence_type.name in text
    assert "张三丰" in text  # the holder's own copy
    assert "110105********002X" in text and ID_NUMBER not in text
    assert "四川省广安市" in text  # a field, CJK extracted as written
    assert licence.issuer_name in text
    assert licence.signature[:32] in text and licence.sm3[:32] in text and licence.key_id in text
    assert reader.metadata is not None and licence.identifier in (reader.metadata.subject or "")


def test_the_public_copy_masks_the_holder_name(licence):
    text = text_of(documents.licence_pdf(licence, copy=documents.PUBLIC_COPY))
    assert "张**" in text and "张三丰" not in text
    assert "公开件" in text


def test_the_qr_code_opens_the_absolute_verify_address(licence, settings):
    settings.SITE_URL = "https://zwfw.example.gov.cn"
    url = documents.verify_url(licence)
    assert url == f"https://zwfw.example.gov.cn/verify/{licence.identifier}"
    html = documents.render_html(licence)
    assert qr_data_uri(url) in html  # segno's encoding of exactly that address
    assert url in text_of(documents.licence_pdf(licence))


def test_the_drawn_seal_is_on_the_document_unless_the_department_uploaded_one(licence):
    html = documents.render_html(licence)
    assert documents.seal_for(licence) == (documents.seal_svg_data_uri(licence.issuer_name), "drawn")
    assert documents.seal_svg_data_uri(licence.issuer_name) in html
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    seal = Seal(department=licence.issuer_department)
    seal.image.save("seal.png", ContentFile(png))
    uri, version = documents.seal_for(licence)
    assert uri.startswith("data:image/png;base64,") and version != "drawn"


def test_a_revoked_licence_says_so_on_a_new_document(licence):
    from govhall.licences import services

    before = documents.licence_pdf(licence)
    services.revoke(licence, reason="事后核查不实")
    licence.refresh_from_db()
    after = documents.licence_pdf(licence)
    assert before != after
    assert "本证照当前状态：撤销" in text_of(after)


def test_the_document_is_written_once_and_then_read_from_storage(licence, monkeypatch):
    first = documents.licence_pdf(licence)

    def not_again(html: str) -> bytes:
        raise AssertionError("rendered twice")

    monkeypatch.setattr(documents, "render_pdf", not_again)
    assert documents.licence_pdf(licence) == first


def test_an_unknown_copy_is_an_error(licence):
    with pytest.raises(ValueError):
        documents.licence_pdf(licence, copy="other")
