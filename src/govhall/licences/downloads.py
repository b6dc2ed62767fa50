"""Handing out a licence document (PDF), to the holder from the wallet or to a grantee through a grant. Every download is
audited. The caller has already checked who may have it (licences.access, licences.grants)."""

from django.http import HttpRequest, HttpResponse

from govhall.accounts.models import User
from govhall.core import audit
from govhall.core.downloads import as_download
from govhall.licences import documents
from govhall.licences.models import Licence, LicenceGrant


def document_response(
    request: HttpRequest, user: User, licence: Licence, *, copy: str, grant: LicenceGrant | None = None
) -> HttpResponse:
    pdf = documents.licence_pdf(licence, copy=copy)
    audit.record(
        actor=user,
        action="licences.download",
        channel=getattr(request, "channel", "web"),
        target=licence,
        detail={"copy": copy, "grant": grant.pk if grant is not None else None},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    as_download(response, documents.file_name(licence), fallback=f"licence-{licence.pk}.pdf")
    return response
