"""The documents a case's events issue: 申报回执, 补正材料一次性告知书, 不予受理决定书, 准予许可决定书, 不予许可决定书,
撤销行政许可决定书 and 告知承诺书. Each is a PDF written once by WeasyPrint from templates/cases/pdf/<kind>.html, stored
through Django's storage API with its sha256, and never written again (one row per case, kind and event), so what the
person received is what stays on file.

They are written in the task worker, enqueued in the event's own transaction (cases.events.recorded). A
download that comes before the worker has run writes the document on the spot (`document_for`), so it never fails."""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from govhall.cases.constants import Act, DeliveryMethod, DocumentKind
from govhall.cases.models import Case, CaseDocument, CaseEvent
from govhall.catalog.constants import HandlingKind, LimitUnit
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.crypto import mask_document_number, mask_name
from govhall.core.outbox import backoff, enqueue, stores_rows
from govhall.core.pdf import FONT_FAMILY, qr_data_uri, render_pdf

logger = logging.getLogger(__name__)

K = DocumentKind
# act → the documents its event issues (the commitment only when the applicant signed one).
ISSUED_BY: dict[str, tuple[str, ...]] = {
    Act.SUBMIT: (K.RECEIPT, K.COMMITMENT),
    Act.REQUEST_CORRECTION: (K.CORRECTION_NOTICE,),
    Act.NOT_ACCEPT: (K.NOT_ACCEPT_DECISION,),
    Act.APPROVE: (K.APPROVAL,),
    Act.DENY: (K.DENIAL,),
    Act.REVOKE: (K.REVOCATION,),
}
ISSUING_ACT: dict[str, str] = {kind: act for act, kinds in ISSUED_BY.items() for kind in kinds}
# The suffix of a document's number (文号) after the case number: GH20260310000001-BZ, -BZ2 for a second notice.
SUFFIX: dict[str, str] = {
    K.RECEIPT: "HZ",
    K.CORRECTION_NOTICE: "BZ",
    K.NOT_ACCEPT_DECISION: "BSL",
    K.APPROVAL: "XK",
    K.DENIAL: "BXK",
    K.REVOCATION: "CX",
    K.COMMITMENT: "CN",
}
CORRECTION_BASIS = "《中华人民共和国行政许可法》第三十二条"
DEFAULT_REVIEW_REMEDY = "如不服本决定，可以自收到本决定书之日起六十日内，依法向有管辖权的行政复议机关申请行政复议。"
DEFAULT_LITIGATION_REMEDY = "如不服本决定，也可以自收到本决定书之日起六个月内，依法向有管辖权的人民法院提起行政诉讼。"
MAX_ATTEMPTS = 5


def kinds_for(event: CaseEvent) -> list[str]:
    """The documents `event` issues."""
    return [
        kind
        for kind in ISSUED_BY.get(event.act, ())
        if kind != K.COMMITMENT or event.case.commitment_signed_at is not None
    ]


def wanted(event: CaseEvent) -> bool:
    """Does the event issue documents?"""
    return event.act in ISSUED_BY


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events: in the event's transaction, enqueue the documents the event issues, if any."""
    if wanted(event):
        enqueue(issue_documents, event.pk)


@task()
def issue_documents(event_id: int, attempt: int = 1) -> list[str]:
    """Write the event's documents (those not written yet); a failure is tried again later with a growing delay."""
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    try:
        return [document.number for document in issue(event)]
    except Exception:
        if attempt < MAX_ATTEMPTS and stores_rows(issue_documents):
            delay = backoff(attempt)
            issue_documents.using(run_after=timezone.now() + delay).enqueue(event_id, attempt + 1)
        raise


def issue(event: CaseEvent) -> list[CaseDocument]:
    """The documents of `event`, each written and stored the first time only."""
    return [issue_one(event, kind) for kind in kinds_for(event)]


def issue_one(event: CaseEvent, kind: str) -> CaseDocument:
    case = event.case
    existing = _stored(case, kind, event)
    if existing is not None:
        return existing
    number = document_number(event, kind)
    pdf = render_pdf(render_html(event, kind, number))
    document = CaseDocument(case=case, kind=kind, event=event, number=number, sha256=hashlib.sha256(pdf).hexdigest())
    # A random name, as for uploads: nothing about the person or the case can be guessed from the storage path.
    document.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
            audit.record(
                actor=None,
                action="cases.issue_document",
                target=case,
                detail={"kind": kind, "number": number, "sha256": document.sha256, "event": event.pk},
            )
    except IntegrityError:
        # Another worker (or a download) wrote it at the same time: keep theirs, drop this copy.
        document.file.delete(save=False)
        stored = _stored(case, kind, event)
        if stored is None:
            raise
        return stored
    return document


def attachments(event: CaseEvent) -> list[tuple[str, bytes]]:
    """(file name, PDF) of each document `event` issues, for the notice's email. One that cannot be written (a bad
    template, a missing font) is left out and logged: the notice still goes, and the case page offers the document. A
    lost database connection is raised instead, so the notice is sent later with its documents."""
    found = []
    for kind in kinds_for(event):
        try:
            document = issue_one(event, kind)
            with document.file.open("rb") as stored:
                found.append((f"{DocumentKind(kind).label}-{event.case.number}.pdf", stored.read()))
        except (OperationalError, InterfaceError):
            raise  # the database went away: the notice task fails and runs again, rather than mail without it
        except Exception:
            logger.exception("Case document %s of event %s could not be attached", kind, event.pk)
    return found


def _stored(case: Case, kind: str, event: CaseEvent) -> CaseDocument | None:
    return CaseDocument.objects.filter(case=case, kind=kind, event=event).first()


def document_for(case: Case, kind: str) -> CaseDocument | None:
    """The case's document of `kind` (from the latest event that issues it), written now if the worker has not yet;
    None when no event of the case issues it."""
    act = ISSUING_ACT.get(kind)
    if act is None or (kind == K.COMMITMENT and case.commitment_signed_at is None):
        return None
    event = case.events.filter(act=act).order_by("-at", "-pk").first()
    if event is None:
        return None
    event.case = case
    return issue_one(event, kind)


def available(case: Case) -> list[tuple[str, str]]:
    """(kind, label) of each document the case has, issued or still to be written (for the case pages' links)."""
    acts = set(case.events.filter(act__in=list(ISSUED_BY)).values_list("act", flat=True))
    return [
        (kind, str(label))
        for kind, label in DocumentKind.choices
        if ISSUING_ACT[kind] in acts and (kind != K.COMMITMENT or case.commitment_signed_at is not None)
    ]


def document_number(event: CaseEvent, kind: str) -> str:
    """文号: the case number and the kind's suffix, counted when the same act happened before (a second 补正)."""
    earlier = (
        CaseEvent.objects.filter(case_id=event.case_id, act=event.act, at__lte=event.at)
        .exclude(pk=event.pk)
        .exclude(at=event.at, pk__gt=event.pk)
        .count()
    )
    return f"{event.case.number}-{SUFFIX[kind]}{earlier + 1 if earlier else ''}"


def progress_url(case: Case) -> str:
    """The public progress lookup with the case number filled in (what the documents' QR codes open)."""
    return f"{settings.SITE_URL}{reverse('cases:progress')}?{urlencode({'number': case.number})}"


# --- rendering -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    name: str
    document_type: str
    document_number: str


def _applicant(case: Case) -> Applicant:
    person = getattr(case.applicant, "person", None)
    if person is None:
        return Applicant(mask_name(case.applicant.get_full_name() or case.applicant.username), "", "")
    return Applicant(
        mask_name(person.real_name), person.get_document_type_display(), mask_document_number(person.document_number)
    )


def _limit(guide: Any) -> str:
    if guide.handling_kind == HandlingKind.IMMEDIATE:
        return "即办件，当场办结"
    if guide.promised_limit:
        return f"承诺 {guide.promised_limit} 个{LimitUnit(guide.promised_unit).label}内办结（自受理之日起计算）"
    if guide.statutory_limit:
        return f"法定 {guide.statutory_limit} 个{LimitUnit(guide.statutory_unit).label}内办结（自受理之日起计算）"
    return "按法定期限办结"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def context_for(event: CaseEvent, kind: str, number: str) -> dict[str, Any]:
    """What the template of `kind` shows. Everything comes from the case, its guide version and the event, so the
    document says what was true when the event happened."""
    case = event.case
    guide = case.guide_version
    department = case.department
    url = progress_url(case)
    missing = [str(entry) for entry in event.detail.get("missing", [])] or [
        entry for entry in event.reason.split("；") if entry.strip()
    ]
    # The revoked decision's number (numbers follow from the events, so it is known even before that PDF is written).
    approved = case.events.filter(act=Act.APPROVE).order_by("-at", "-pk").first() if kind == K.REVOCATION else None
    return {
        "kind": kind,
        "title": DocumentKind(kind).label,
        "number": number,
        "case": case,
        "event": event,
        "guide": guide,
        "department": department,
        "item_name": guide.name or case.item.name,
        "variant": case.variant_name or str(case.form_data.get("办理情形", "") or ""),
        "applicant": _applicant(case),
        "organisation": case.organisation,
        "date": timezone.localtime(event.at),
        "submitted_at": timezone.localtime(case.submitted_at) if case.submitted_at else None,
        "channel": Channel(case.channel).label if case.channel in Channel.values else case.channel,
        "materials": list(case.materials.order_by("added_at", "pk")) if kind == K.RECEIPT else [],
        "limit": _limit(guide),
        "consult_phone": guide.consult_phone or department.consult_phone or settings.GOVHALL_HOTLINE,
        "consult_channels": _lines(guide.consult_channels),
        "complaint_phone": guide.complaint_phone or department.complaint_phone or settings.GOVHALL_HOTLINE,
        "handling_location": _lines(guide.handling_location),
        "handling_hours": _lines(guide.handling_hours),
        "missing": missing,
        "reasons": _lines(event.reason),
        "correction_basis": CORRECTION_BASIS,
        "review_remedy": guide.review_remedy.strip() or DEFAULT_REVIEW_REMEDY,
        "litigation_remedy": guide.litigation_remedy.strip() or DEFAULT_LITIGATION_REMEDY,
        "conditions": _lines(guide.conditions),
        "result_name": guide.result_name or guide.name,
        "delivery": DeliveryMethod(case.delivery_method).label if case.delivery_method in DeliveryMethod.values else "",
        "approval_number": document_number(approved, K.APPROVAL) if approved is not None else "",
        "post_check": bool(event.detail.get("post_check")),
        "signed_at": timezone.localtime(case.commitment_signed_at) if case.commitment_signed_at else None,
        "site_url": settings.SITE_URL,
        "progress_url": url,
        "qr": qr_data_uri(url),
        "font_family": FONT_FAMILY,
    }


def render_html(event: CaseEvent, kind: str, number: str) -> str:
    """The document as HTML, always in Chinese (legal documents are issued in the national language)."""
    with translation.override("zh-hans"):
        return render_to_string(f"cases/pdf/{kind}.html", context_for(event, kind, number))
