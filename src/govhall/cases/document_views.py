"""Downloads of a case's documents (PDF): the applicant and those acting for the same legal person from the case page,
staff of the handling department from the workbench. Every download is audited; a file whose sha256 no longer matches
what was issued is refused rather than served."""

import hashlib
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from govhall.accounts.models import User
from govhall.cases import documents
from govhall.cases.access import get_case_for_user
from govhall.cases.constants import DocumentKind
from govhall.cases.models import Case, LockerDocument
from govhall.core import audit
from govhall.core.constants import AuditResult
from govhall.core.downloads import as_download
from govhall.organisations.access import staff_can

logger = logging.getLogger(__name__)


@login_required
@require_safe
def applicant_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _serve(request, user, get_case_for_user(user, number), kind)


@login_required
@require_safe
def staff_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member:
        raise PermissionDenied("工作台仅供工作人员使用。")
    case = get_case_for_user(user, number)
    if not staff_can(user, "cases.view", case.department):
        raise Http404("没有该办件，或您无权查看。")
    return _serve(request, user, case, kind)


def _serve(request: HttpRequest, user: User, case: Case, kind: str) -> HttpResponse:
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
