"""Downloads from the applicant's case page: the case's documents (PDF) and its materials, to whoever may see the case
(the applicant, those acting for the same legal person, the department's staff). Served by cases.downloads, audited."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from govhall.accounts.models import User
from govhall.cases.access import get_case_for_user
from govhall.cases.downloads import document_response, material_response


@login_required
@require_safe
def applicant_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return document_response(request, user, get_case_for_user(user, number), kind)


@login_required
@require_safe
def material_file(request: HttpRequest, number: str, material_id: int) -> FileResponse:
    """A material's file, to whoever may see the case (applicant, agents, the department's staff)."""
    case = get_case_for_user(request.user, number)  # type: ignore[arg-type]
    material = case.materials.select_related("document").filter(pk=material_id).first()
    if material is None:
        raise PermissionDenied("没有该材料。")
    return material_response(request, case, material.document, material=material.name)
