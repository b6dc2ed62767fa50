"""免提交 made true: the materials a guide marks 电子证照 / 数据共享免提交 are fetched by the system after the case is
filed (the case number is the fetch's purpose), through sharing.services.fetch.

`case_purpose` is the lookup cases registers with sharing.purposes: the facts of a filed case (item, department and
the blind indexes of whom it concerns), so sharing decides whether a fetch is lawful without importing cases."""

from django.urls import reverse

from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.core.crypto import blind_index
from govhall.sharing.purposes import Purpose


def case_purpose(number: str) -> Purpose | None:
    """The filed case numbered `number` as a purpose (a draft is not one)."""
    case = (
        Case.objects.select_related("applicant__person", "organisation")
        .exclude(state=CaseState.DRAFT)
        .filter(number=number)
        .first()
    )
    if case is None:
        return None
    subjects: dict[str, int | None] = {}
    person = getattr(case.applicant, "person", None)
    if person is not None:
        subjects[person.document_index] = case.applicant_id
    if case.organisation is not None:
        subjects[blind_index(case.organisation.uscc)] = None
    return Purpose(
        number=case.number,
        item_id=case.item_id,
        department_id=case.department_id,
        subjects=subjects,
        url=reverse("cases:detail", args=[case.number]),
    )
