"""Following the parts' cases (subscribed to cases.events in BundlesConfig.ready): when a part's case ends, the task
`advance` files the parts that waited for it — its result (the licence it issued, else its decision) becomes their
material, trust level A — or drops them when it ended without approval, and concludes the bundle once every part is
done. `covered` tells cases.notifications which part events the bundle's own notice tells (submission, conclusion)."""

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from govhall.bundles import services
from govhall.bundles.constants import BundleState, PartState
from govhall.bundles.models import BundleCase, BundlePart
from govhall.cases import documents, filing, licensing, uploads
from govhall.cases.constants import Act, CaseState, DeliveryMethod, DocumentKind, TrustLevel
from govhall.cases.models import Case, CaseEvent, LockerDocument
from govhall.core import audit
from govhall.core.outbox import enqueue
from govhall.licences.documents import licence_pdf
from govhall.licences.models import Licence

# A part is done when its case is in one of these: concluded (with or without delivery) or ended otherwise.
DONE_STATES = frozenset(
    {CaseState.CONCLUDED, CaseState.DELIVERED, CaseState.NOT_ACCEPTED, CaseState.WITHDRAWN, CaseState.REVOKED}
)
ENDING_ACTS = frozenset({Act.CONCLUDE, Act.NOT_ACCEPT, Act.WITHDRAW})


def is_part(case: Case) -> bool:
    return case.idempotency_key.startswith(services.PART_KEY)


def covered(event: CaseEvent) -> bool:
    """The submission and the conclusion of a bundle part are told by the bundle's notices (services.submit,
    services.close), not once per item."""
    if event.act == Act.SUBMIT or (event.act == Act.DELIVER and event.detail.get("method") == DeliveryMethod.ONLINE):
        return is_part(event.case)
    return event.act == Act.CONCLUDE and is_part(event.case)


def on_event(event: CaseEvent) -> None:
    """A part's case ended: enqueue `advance` of its bundle case in the event's transaction."""
    if event.act in ENDING_ACTS and is_part(event.case):
        part = BundlePart.objects.filter(case_id=event.case_id).first()
        if part is not None:
            enqueue(advance, part.bundle_case_id)


@task()
def advance(bundle_case_id: int) -> str:
    """File or drop the waiting parts whose earlier part is done; conclude the bundle case when all are done."""
    bundle_case = BundleCase.objects.select_related("bundle", "applicant").get(pk=bundle_case_id)
    return advance_now(bundle_case)


def advance_now(bundle_case: BundleCase) -> str:
    parts = list(bundle_case.parts.select_related("bundle_item__item", "case"))
    by_item = {part.bundle_item_id: part for part in parts}
    for part in parts:
        if part.state != PartState.WAITING:
            continue
        earlier = by_item.get(part.bundle_item.after_id or 0)
        if earlier is None or earlier.state == PartState.DROPPED:
            drop(part, _("前序事项未能办理。"))
        elif earlier.case is not None and earlier.case.state in DONE_STATES:
            if licensing.approved(earlier.case) and earlier.case.state in (CaseState.CONCLUDED, CaseState.DELIVERED):
                file_waiting(bundle_case, part, earlier.case)
            else:
                drop(part, _("前序事项“%(name)s”未获准予，本事项未提交。") % {"name": earlier.case.item.name})
    with transaction.atomic():  # two parts ending at once: the bundle is concluded (and told) once
        locked = BundleCase.objects.select_for_update().select_related("bundle", "applicant").get(pk=bundle_case.pk)
        parts = list(locked.parts.select_related("case"))
        if locked.state == BundleState.OPEN and all(done(part) for part in parts):
            services.close(locked)
        return locked.state


def done(part: BundlePart) -> bool:
    if part.state == PartState.DROPPED:
        return True
    return part.case is not None and part.case.state in DONE_STATES


def drop(part: BundlePart, note: str) -> None:
    with transaction.atomic():
        part.state = PartState.DROPPED
        part.note = note[:300]
        part.save(update_fields=["state", "note"])
        audit.record(actor=None, action="bundles.drop_part", target=part.bundle_case, detail={"part": part.pk})


def result_pdf(case: Case) -> tuple[str, bytes]:
    """The earlier case's result as a PDF: the licence it issued (signed, trust level A), else its approval decision."""
    licensing.issue_for_case(case)  # nothing new if issued already (the conclusion's own subscriber may not have run)
    licence = Licence.objects.filter(case_number=case.number).order_by("pk").first()
    if licence is not None:
        return f"{licence.licence_type.name}.pdf", licence_pdf(licence)
    document = documents.document_for(case, DocumentKind.APPROVAL)
    if document is None:
        raise services.BundleError(_("前序事项没有可用的办理结果。"))
    with document.file.open("rb") as stored:
        return f"{DocumentKind.APPROVAL.label}-{case.number}.pdf", stored.read()


def file_waiting(bundle_case: BundleCase, part: BundlePart, earlier: Case) -> Case | None:
    """File the waiting part with the earlier result as its material (trust level A) and the documents kept for it,
    through cases.filing like any application."""
    bundle_item = part.bundle_item
    original_name, pdf = result_pdf(earlier) if bundle_item.result_material else ("", b"")
    with uploads.transaction_with_files():
        locked = BundlePart.objects.select_for_update().get(pk=part.pk)
        if locked.state != PartState.WAITING:
            return locked.case  # filed by another run
        kept: dict[str, int] = locked.pending.get("documents", {})
        given = [filing.Given(material=name, locker_id=pk) for name, pk in kept.items()]
        result = None
        if bundle_item.result_material:
            result = uploads.store_generated(
                owner=bundle_case.applicant,
                name=bundle_item.result_material,
                original_name=original_name,
                pdf=pdf,
                trust_level=TrustLevel.A,
            )
            given.append(filing.Given(material=bundle_item.result_material, locker_id=result.pk))
        form_data = services.pending_form(locked)
        case = filing.file_application(
            applicant=bundle_case.applicant,
            item=bundle_item.item,
            application=services.application_for(
                bundle_item, form_data, str(locked.pending.get("delivery_method") or DeliveryMethod.ONLINE)
            ),
            idempotency_key=services.part_key(bundle_case, bundle_item),
            channel=bundle_case.channel,
            organisation=bundle_case.organisation,
            given=given,
        )
        locked.case = case
        locked.state = PartState.FILED
        locked.pending = {}
        locked.note = (
            _("已由“%(name)s”的办理结果（可信等级 A）自动提交。")
            if result is not None
            else _("“%(name)s”办结后已自动提交。")
        ) % {"name": earlier.item.name}
        locked.save(update_fields=["case", "state", "pending", "note"])
        audit.record(
            actor=None,
            action="bundles.file_part",
            target=bundle_case,
            detail={
                "part": part.pk,
                "case": case.number,
                "after": earlier.number,
                "result": result.sha256 if result is not None else "",
            },
        )
        return case


def result_document(case: Case) -> LockerDocument | None:
    """The trust-level-A result an earlier part gave this case, if any (for the pages)."""
    material = case.materials.select_related("document").filter(document__trust_level=TrustLevel.A).first()
    return material.document if material is not None else None
