"""免提交 made true: the materials a guide marks 电子证照 / 数据共享免提交 are fetched by the system once the case is
filed — the case number is the fetch's purpose — through sharing.services.fetch.

When: the submission's event enqueues `obtain_exempted_materials` through the outbox (in the submission's own
transaction, so a filed case always has it and a rolled-back one never does); the task runs after the commit (in the
task worker, or at once after the commit with an inline backend), so no transaction is open across the HTTP calls.
A source that fails is told on the case at once (the applicant is asked to upload that material) and tried again in
the background (RETRIES times, growing delay); a later success attaches it unless the applicant has uploaded it by
then. A source that has no record is final.

What: a licence found in the licence library becomes a case material of trust level A: a PDF extract of the licence
(identifier, type, number, issuer, validity, state, the verification address), as the licence library has no
document file of its own to attach; a shared-data record becomes a generated certificate of the record (source
department, resource, time, purpose, fields), trust level A too: it comes straight from the authoritative source over
a signed channel, not from the applicant.

`case_purpose` is the lookup cases registers with sharing.purposes: the facts of a filed case (item, department and
the blind indexes of whom it concerns), so sharing decides whether a fetch is lawful without importing cases."""

import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from govhall.cases.constants import Act, CaseState, FetchOutcome, TrustLevel
from govhall.cases.documents import FONT_FAMILY, render_pdf
from govhall.cases.models import Case, CaseEvent, CaseMaterial, ExemptedMaterial
from govhall.cases.uploads import store_generated, transaction_with_files
from govhall.core import audit
from govhall.core.crypto import blind_index
from govhall.core.outbox import backoff, enqueue, stores_rows
from govhall.sharing import selectors as sharing_selectors
from govhall.sharing import services as sharing
from govhall.sharing.constants import SubjectKind
from govhall.sharing.purposes import Purpose

logger = logging.getLogger(__name__)

RETRIES = 3  # background attempts after the first, for a source that failed


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


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events: a submission with 免提交 materials enqueues their fetch (in its transaction)."""
    if event.act == Act.SUBMIT and event.case.exempted_materials.exists():
        enqueue(obtain_exempted_materials, event.case_id)


@task()
def obtain_exempted_materials(case_id: int, attempt: int = 1) -> dict[str, str]:
    """Fetch the case's 免提交 materials still pending (and, on a later attempt, those whose source failed)."""
    case = Case.objects.select_related("item", "department", "applicant__person", "organisation").get(pk=case_id)
    outcomes = obtain(case, retrying=attempt > 1)
    failed = [name for name, outcome in outcomes.items() if outcome == FetchOutcome.FAILED]
    if failed and attempt <= RETRIES and stores_rows(obtain_exempted_materials):
        obtain_exempted_materials.using(run_after=timezone.now() + backoff(attempt)).enqueue(case_id, attempt + 1)
    return {name: str(outcome) for name, outcome in outcomes.items()}


def obtain(case: Case, *, retrying: bool = False) -> dict[str, str]:
    """Fetch each pending 免提交 material of the case (failed ones too when `retrying`), one at a time, outside any
    transaction; the outcome of each."""
    wanted = [FetchOutcome.PENDING, FetchOutcome.FAILED] if retrying else [FetchOutcome.PENDING]
    outcomes: dict[str, str] = {}
    for exempted in case.exempted_materials.filter(outcome__in=wanted).order_by("pk"):
        outcomes[exempted.name] = obtain_one(case, exempted)
    return outcomes


def _subject(case: Case, subject_kind: str) -> str:
    if subject_kind == SubjectKind.ORGANISATION and case.organisation is not None:
        return case.organisation.uscc
    person = getattr(case.applicant, "person", None)
    return person.document_number if person is not None else ""


def obtain_one(case: Case, exempted: ExemptedMaterial) -> str:
    source = sharing_selectors.source_of(case.item_id, exempted.name)
    if source is None:
        return _settle(exempted, FetchOutcome.FAILED, message="未配置该材料的数据来源。")
    resource = source.resource
    where = f"{resource.department.name}·{resource.name}"
    subject_kind = resource.subject_kind
    if subject_kind == SubjectKind.ORGANISATION and case.organisation is None:
        subject_kind = SubjectKind.PERSON
    subject = _subject(case, subject_kind)
    if not subject:
        return _settle(exempted, FetchOutcome.FAILED, source=where, message="申请人没有可用于查询的证件号码。")
    try:
        result = sharing.fetch(
            resource=resource,
            subject_id=subject,
            subject_kind=subject_kind,
            purpose=case.number,
            department=case.department,
            licence_type_code=source.licence_type_code,
        )
    except sharing.FetchRefused as refused:
        return _settle(exempted, FetchOutcome.FAILED, source=where, message=str(refused), access=refused.access)
    if not result.found:
        outcome = FetchOutcome.NO_RECORD if result.outcome == "no_record" else FetchOutcome.FAILED
        return _settle(exempted, outcome, source=where, message=result.failure, access=result.access)
    pdf = render_pdf(_certificate_html(case, exempted, result, where))
    with transaction_with_files():
        if CaseMaterial.objects.filter(case=case, name=exempted.name).exists():
            # the applicant uploaded it after an earlier failure: keep theirs
            return _settle(exempted, FetchOutcome.OBTAINED, source=where, access=result.access, record=result.record)
        document = store_generated(
            owner=case.applicant,
            name=exempted.name,
            original_name=f"{exempted.name}（{resource.name}）.pdf",
            pdf=pdf,
            trust_level=TrustLevel.A,
        )
        material = CaseMaterial.objects.create(case=case, name=exempted.name, document=document, added_by=None)
        audit.record(
            actor=None,
            action="cases.obtain_material",
            target=case,
            detail={"material": exempted.name, "resource": resource.code, "access": result.access.pk},
        )
        return _settle(
            exempted,
            FetchOutcome.OBTAINED,
            source=where,
            access=result.access,
            record=result.record,
            material=material,
        )


def _settle(
    exempted: ExemptedMaterial,
    outcome: str,
    *,
    source: str = "",
    message: str = "",
    access: Any = None,
    record: dict[str, Any] | None = None,
    material: CaseMaterial | None = None,
) -> str:
    exempted.outcome = outcome
    exempted.source = source[:200]
    exempted.message = message[:300]
    exempted.attempts += 1
    exempted.access = access
    fields = ["outcome", "source", "message", "attempts", "access"]
    if outcome == FetchOutcome.OBTAINED:
        exempted.obtained_at = access.at if access is not None else timezone.now()
        exempted.fetched = json.dumps(record or {}, ensure_ascii=False)
        exempted.material = material
        fields += ["obtained_at", "fetched", "material"]
    with transaction.atomic():
        exempted.save(update_fields=fields)
    return outcome


def fetched_fields(exempted: ExemptedMaterial) -> list[tuple[str, str]]:
    """The fetched record as (label, value) rows, labelled by the resource's catalog entry."""
    if not exempted.fetched:
        return []
    record: dict[str, Any] = json.loads(exempted.fetched)
    labels = exempted.access.resource.field_labels() if exempted.access is not None else {}
    return [(labels.get(key, key), str(value)) for key, value in record.items()]


def _certificate_html(case: Case, exempted: ExemptedMaterial, result: sharing.FetchResult, where: str) -> str:
    labels = result.resource.field_labels()
    rows = [(labels.get(key, key), str(value)) for key, value in result.record.items()]
    licence = result.licence
    context = {
        "title": "电子证照调用凭证" if licence is not None else "共享数据获取凭证",
        "number": f"{case.number}-SJ{uuid.uuid4().hex[:6].upper()}",
        "case": case,
        "department": case.department,
        "material": exempted.name,
        "resource": result.resource,
        "source": where,
        "at": timezone.localtime(result.at),
        "purpose": case.number,
        "requester": case.department,
        "rows": rows,
        "licence": licence,
        "verify_url": f"{settings.SITE_URL}/verify/{licence.identifier}" if licence is not None else "",
        "access_id": result.access.pk,
        "font_family": FONT_FAMILY,
    }
    with translation.override("zh-hans"):
        return render_to_string("cases/pdf/shared_data_certificate.html", context)


def shown_to_staff(case: Case, viewer: Any, channel: str) -> list[tuple[ExemptedMaterial, list[tuple[str, str]]]]:
    """The case's 免提交 materials with the fetched records, for the workbench; each record shown is logged as a
    view (DataAccess) on the subject's trail."""
    shown = []
    for exempted in case.exempted_materials.select_related("access__resource").order_by("pk"):
        rows = fetched_fields(exempted)
        access = exempted.access
        if rows and access is not None:
            sharing.log_view(
                resource=access.resource,
                subject_id=access.subject_number,
                subject_kind=access.subject_kind,
                purpose=case.number,
                department=case.department,
                actor=viewer,
                channel=channel,
                fields=list(json.loads(exempted.fetched)),
            )
        shown.append((exempted, rows))
    return shown
