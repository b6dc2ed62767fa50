"""Filing an application (申报): the one service the portal, the window (帮办代办) and the API call. It takes who applies
(or the clerk filing for them), the form, the files given and the choices, and does the whole thing in one transaction
inside uploads.transaction_with_files(): the draft that holds the materials, every file given, the required materials
(免提交 ones excepted) and the submission. If anything fails, no row stays and the files stored on the way are removed.
Drafts (save and resume) go through save_application, with the same files."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from govhall.accounts.models import Organisation, User
from govhall.cases import services, uploads
from govhall.cases.constants import CaseState
from govhall.cases.models import Case, LockerDocument
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.organisations.models import Hall


@dataclass(frozen=True)
class Given:
    """A file given for one of the guide's materials: a new upload, or a document of the applicant's locker by id."""

    material: str
    upload: UploadedFile[bytes] | None = None
    locker_id: int | None = None


class MissingMaterials(services.CaseError):
    """A required material (for the case's 情形, 免提交 ones excepted) was not given."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(_("缺少必要材料：") + "、".join(names) + "。")
        self.names = names


def attach_given(*, case: Case, actor: User, given: Iterable[Given], channel: str) -> None:
    """Attach each file given to the case. Call inside uploads.transaction_with_files()."""
    for entry in given:
        if entry.upload is not None:
            uploads.attach_upload(case=case, actor=actor, name=entry.material, upload=entry.upload, channel=channel)
        elif entry.locker_id is not None:
            document = case.applicant.locker.filter(pk=entry.locker_id).first()
            if document is None:
                raise services.CaseError(_("所选材料库文件不存在。"))
            uploads.attach_from_locker(case=case, actor=actor, name=entry.material, document=document, channel=channel)


def keep_given(*, applicant: User, given: Iterable[Given], channel: str) -> dict[str, LockerDocument]:
    """After a refused application, keep the files it carried so the applicant need not choose them again: each new
    upload goes into the applicant's locker (checked and scanned like any upload; a file refused on its own is not
    kept), each locker pick stays picked. Returns the document per material name, for the form to offer again
    ("已上传：…（可替换）"). Each file is its own transaction (a refused one does not lose the others)."""
    kept: dict[str, LockerDocument] = {}
    for entry in given:
        if entry.upload is not None:
            try:
                entry.upload.seek(0)
                with uploads.transaction_with_files():
                    document = uploads.store_in_locker(owner=applicant, name=entry.material, upload=entry.upload)
                    audit.record(
                        actor=applicant,
                        action="cases.keep_upload",
                        channel=channel,
                        target=document,
                        detail={"material": entry.material, "sha256": document.sha256},
                    )
            except services.CaseError:
                continue
            kept[entry.material] = document
        elif entry.locker_id is not None:
            found = applicant.locker.filter(pk=entry.locker_id).first()
            if found is not None:
                kept[entry.material] = found
    return kept


def keep_on_draft(*, draft: Case, actor: User, given: Iterable[Given], channel: str) -> None:
    """After a refused submission at the window, keep each new file given on the draft itself (uploads.attach_upload,
    one transaction per file: a refused file is not kept and loses no other), so the clerk need not scan it again."""
    for entry in given:
        if entry.upload is None:
            continue
        try:
            entry.upload.seek(0)
            uploads.attach_upload(case=draft, actor=actor, name=entry.material, upload=entry.upload, channel=channel)
        except services.CaseError:
            continue


def require_materials(case: Case) -> None:
    """Refuse (MissingMaterials) while a required material of the case is missing."""
    missing = uploads.missing_materials(case)
    if missing:
        raise MissingMaterials(missing)


def window_hall(clerk: User, department_id: int) -> Hall | None:
    """The hall where a clerk receives for the department (or any hall of theirs): where the visit happened."""
    memberships = list(clerk.memberships.all())
    return next((m.hall for m in memberships if m.hall_id and m.department_id == department_id), None) or next(
        (m.hall for m in memberships if m.hall_id), None
    )


def save_application(
    *,
    applicant: User,
    item: Item,
    application: services.Application,
    channel: str,
    organisation: Organisation | None = None,
    draft: Case | None = None,
    given: Iterable[Given] = (),
    idempotency_key: str = "",
) -> Case:
    """Keep an unfinished application with the files given so far (services.save_draft), all or nothing."""
    with uploads.transaction_with_files():
        draft = services.save_draft(
            applicant=applicant,
            item=item,
            application=application,
            channel=channel,
            organisation=organisation,
            draft=draft,
            idempotency_key=idempotency_key,
        )
        attach_given(case=draft, actor=applicant, given=given, channel=channel)
        return draft


def file_application(
    *,
    applicant: User,
    item: Item,
    application: services.Application,
    idempotency_key: str,
    channel: str,
    organisation: Organisation | None = None,
    draft: Case | None = None,
    given: Iterable[Given] = (),
    received_by: User | None = None,
    hall: Hall | None = None,
) -> Case:
    """File the application, in one transaction: the materials go onto a draft (the one given, or a new one) before it
    is submitted, so a missing or refused material stops the submission as a whole. The same idempotency key from the
    same applicant returns the case made first (a retried or simultaneous request makes one case). `received_by` is the
    window clerk filing for a walk-in applicant: their files are trust level B and the visit is recorded at their
    hall (window_hall, unless `hall` is given)."""
    key = idempotency_key.strip()[:64]
    with uploads.transaction_with_files():
        existing = Case.objects.filter(applicant=applicant, idempotency_key=key).first() if key else None
        if existing is not None and not (existing.state == CaseState.DRAFT and existing == draft):
            return existing  # a retried request: the first one made the case with its materials
        if draft is None:
            # The form is checked before anything is stored (services.submit_case checks it again).
            version = services.published_version(item)
            services.check_application(version, application, applicant=applicant, organisation=organisation)
            draft = services.save_draft(
                applicant=applicant,
                item=item,
                application=application,
                channel=channel,
                organisation=organisation,
                draft=None,
            )
        if draft.state == CaseState.DRAFT:
            draft.variant_name = application.variant_name.strip()
            attach_given(case=draft, actor=received_by or applicant, given=given, channel=channel)
            require_materials(draft)
        if received_by is not None and hall is None:
            hall = window_hall(received_by, draft.department_id)
        case = services.submit_case(
            applicant=applicant,
            item=item,
            idempotency_key=key,
            channel=channel,
            organisation=organisation,
            application=application,
            draft=draft,
            received_by=received_by,
            hall=hall,
        )
        if case.pk != draft.pk:  # the same request arrived twice at once and the other one filed the case
            transaction.set_rollback(True)  # and the draft and files stored on the way go with it
        return case


def answer_correction(
    *,
    case: Case,
    actor: User,
    channel: str,
    note: str,
    explanations: dict[str, str],
    given: Iterable[Given] = (),
) -> Case:
    """Answer a 一次性告知 with the files given and the explanations, and send the case back (services.resubmit), all
    or nothing: a required material still missing or a refused file keeps nothing."""
    with uploads.transaction_with_files():
        attach_given(case=case, actor=actor, given=given, channel=channel)
        require_materials(case)
        return services.resubmit(case=case, actor=actor, channel=channel, note=note, explanations=explanations)
