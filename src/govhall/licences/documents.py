"""The licence document (证照文件): a PDF of one licence, written by WeasyPrint from templates/licences/pdf/, with the
issuing department's seal image, the SM2 signature, its key and the SM3 digest printed small, and a QR code that opens
the public verification page. Written when first asked for and kept (Django's storage API) under a name no one can
guess, one file per licence, state, seal and copy; a change of any of them gives a new file.

Two copies: the holder's own (the holder's name in full) and the public one (name masked); an ID number is always
masked. OFD (GB/T 33190) is not written: no maintained Python library writes it."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from govhall.core.crypto import mask_document_number, mask_name
from govhall.core.pdf import FONT_FAMILY, qr_data_uri, render_pdf
from govhall.licences.constants import HolderKind, LicenceState
from govhall.licences.models import Licence, Seal
from govhall.licences.seals import UPLOAD_TYPES, data_uri, seal_svg_data_uri

HOLDER_COPY = "holder"
PUBLIC_COPY = "public"
COPIES = (HOLDER_COPY, PUBLIC_COPY)
STORAGE_DIR = "licences"


@dataclass(frozen=True)
class Holder:
    name: str
    id_type: str
    id_number: str


def verify_url(licence: Licence) -> str:
    """The absolute address of the licence's public verification page (what the document's QR code opens)."""
    return f"{settings.SITE_URL}{reverse('verify:licence', args=[licence.identifier])}"


def seal_for(licence: Licence) -> tuple[str, str]:
    """(data: URI of the seal image, version) for the licence's issuing department: its uploaded seal, or the one drawn
    from the issuer's name."""
    seal = (
        Seal.objects.filter(department_id=licence.issuer_department_id).first()
        if licence.issuer_department_id
        else None
    )
    if seal is not None and seal.image:
        suffix = "." + (seal.image.name or "").rsplit(".", 1)[-1].lower()
        with seal.image.open("rb") as stored:
            content = stored.read()
        return data_uri(content, UPLOAD_TYPES.get(suffix, "image/png")), hashlib.sha256(content).hexdigest()[:16]
    return seal_svg_data_uri(licence.issuer_name), "drawn"


def holder_for(licence: Licence, copy: str) -> Holder:
    if licence.holder_kind != HolderKind.PERSON:
        return Holder(licence.holder_name, licence.holder_id_type, licence.holder_id)
    name = licence.holder_name if copy == HOLDER_COPY else mask_name(licence.holder_name)
    return Holder(name, licence.holder_id_type, mask_document_number(licence.holder_id))


def fields_for(licence: Licence) -> list[tuple[str, str]]:
    """(label, value) of the licence type's fields, except the holder's own (shown, masked, as the holder)."""
    shown = []
    for field in licence.licence_type.fields or []:
        key, source = str(field.get("key", "")), str(field.get("source", ""))
        if not key or source.startswith("holder."):
            continue
        value = licence.data.get(key)
        if value not in (None, ""):
            shown.append((str(field.get("label") or key), str(value)))
    return shown


def context_for(licence: Licence, *, copy: str, seal: str) -> dict[str, Any]:
    url = verify_url(licence)
    return {
        "licence": licence,
        "title": licence.licence_type.name,
        "holder": holder_for(licence, copy),
        "holder_copy": copy == HOLDER_COPY,
        "fields": fields_for(licence),
        "issued_at": timezone.localtime(licence.issued_at),
        "valid": licence.state == LicenceState.VALID,
        "state": LicenceState(licence.state).label,
        "seal": seal,
        "verify_url": url,
        "qr": qr_data_uri(url),
        "font_family": FONT_FAMILY,
    }


def render_html(licence: Licence, *, copy: str = HOLDER_COPY, seal: str | None = None) -> str:
    """The document as HTML, in Chinese (the licence type's own template when there is one)."""
    if seal is None:
        seal = seal_for(licence)[0]
    template = select_template([f"licences/pdf/{licence.licence_type.template}.html", "licences/pdf/licence.html"])
    with translation.override("zh-hans"):
        return template.render(context_for(licence, copy=copy, seal=seal))


def stored_name(licence: Licence, copy: str, seal_version: str) -> str:
    key = f"{licence.identifier}|{licence.state}|{licence.sm3}|{copy}|{seal_version}"
    return f"{STORAGE_DIR}/{salted_hmac('govhall.licences.documents', key, algorithm='sha256').hexdigest()}.pdf"


def licence_pdf(licence: Licence, *, copy: str = HOLDER_COPY) -> bytes:
    """The licence document as PDF bytes: the stored file when there is one, written and stored now otherwise."""
    if copy not in COPIES:
        raise ValueError(f"unknown copy {copy!r}")
    seal, seal_version = seal_for(licence)
    name = stored_name(licence, copy, seal_version)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return bytes(stored.read())
    pdf = render_pdf(render_html(licence, copy=copy, seal=seal))
    default_storage.save(name, ContentFile(pdf))  # a second writer at the same moment stores a twin; both are right
    return pdf


def file_name(licence: Licence) -> str:
    return f"{licence.licence_type.name}-{licence.number}.pdf"
