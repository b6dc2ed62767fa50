"""Handing out a case's files, for the portal and the workbench alike: its documents (PDF) and its materials. Every
download is audited; a document whose sha256 no longer matches what was issued is refused rather than served. The
caller has already checked that the person may see the case (cases.access)."""

import hashlib
import logging

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from govhall.accounts.models import User
from govhall.cases import documents
from govhall.cases.constants import DocumentKind
from govhall.cases.models import Case, LockerDocument
from govhall.core import audit
from govhall.core.constants import AuditResult
from govhall.core.downloads import as_download

logger = logging.getLogger(__name__)


def document_response(request: HttpRequest, user: User, case: Case, kind: str) -> HttpResponse:
    """The case's document of `kind` as a PDF download (404 when it has none)."""
    if kind not in DocumentKind.values:
        raise Http404("没有该文书。")
    document = documents.document_for(case, kind)
    if document is None:
        raise Http404("该办件尚无此文书。")
    with document.file.open("rb") as stored:
        content = stored.read()
    channel = getattr(request, "channel", "web")
    detail = {"kind": kind, "number": document.number}
    if hashlib.sha256(content).hexdigest() != document.sha256:
        logger.error("Case document %s (%s) does not match its sha256", document.number, document.file.name)
        audit.record(
            actor=user,
            action="cases.download_document",
            channel=channel,
            target=case,
            result=AuditResult.FAILURE,
            detail={**detail, "problem": "sha256 mismatch"},
        )
        return HttpResponse(
            "文书文件校验未通过，请联系办理部门。", status=500, content_type="text/plain; charset=utf-8"
        )
    audit.record(actor=user, action="cases.download_document", channel=channel, target=case, detail=detail)
    response = HttpResponse(content, content_type="application/pdf")
    as_download(response, f"{DocumentKind(kind).label}-{case.number}.pdf", fallback=f"{case.number}-{kind}.pdf")
    return response


def material_response(request: HttpRequest, case: Case, document: LockerDocument, *, material: str) -> FileResponse:
    """A material's file (current, replaced or replacing) as a download. A material is personal data (ID copies,
    certificates): every view by someone other than the applicant is audited, as document downloads are."""
    if request.user.pk != case.applicant_id:
        audit.record(
            actor=request.user,
            action="cases.view_material",
            channel=getattr(request, "channel", "web"),
            target=case,
            detail={"material": material, "document": document.pk},
        )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    as_download(response, document.original_name)
    return response
