"""{% case_documents case %}: links to the case's documents (PDF), on the applicant's case page and, with staff=True,
on the workbench."""

from typing import Any

from django import template

from govhall.cases import documents
from govhall.cases.models import Case

register = template.Library()


@register.inclusion_tag("cases/_documents.html")
def case_documents(case: Case, staff: bool = False) -> dict[str, Any]:
    return {
        "case": case,
        "documents": documents.available(case),
        "url_name": "workbench:document" if staff else "cases:document",
    }
