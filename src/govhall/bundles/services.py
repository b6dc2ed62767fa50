"""一件事一次办, the rules (docs/bundles.md): which items apply (the questionnaire), the combined form (each field once,
by its key), the shared materials (each once, by name), and the one submission that files every part through
cases.filing — the parts that need another's result wait for it (following.py files them when it concludes)."""

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import Organisation, User
from govhall.bundles.constants import BundleState, PartState
from govhall.bundles.models import Bundle, BundleCase, BundleItem, BundlePart, Question
from govhall.cases import filing, uploads
from govhall.cases.application_form import applies
from govhall.cases.constants import DeliveryMethod
from govhall.cases.models import LockerDocument
from govhall.cases.services import Application, CaseError, is_exempt, published_version, required_materials
from govhall.catalog.models import FormField
from govhall.core import audit
from govhall.core.crypto import decrypt, encrypt
from govhall.core.workdays import add_working_days
from govhall.notices.services import tell

PART_KEY = "yjs:"  # the idempotency key of every part's case starts so: the case is a bundle part from its first event


class BundleError(CaseError):
    """The bundle cannot be filed as asked; the message says why, for the applicant."""


@dataclass(frozen=True)
class SharedMaterial:
    """A material asked once for every item of the bundle that needs it (same name)."""

    name: str
    items: list[str] = field(default_factory=list)


def questions(bundle: Bundle) -> list[Question]:
    return list(bundle.questions.prefetch_related("options__includes", "options__excludes"))


def chosen_options(bundle: Bundle, answers: Mapping[str, Any]) -> dict[int, int]:
    """{question id: option id}, every question answered with one of its own options; BundleError says which not."""
    chosen: dict[int, int] = {}
    for question in questions(bundle):
        raw = str(answers.get(str(question.pk), "") or "").strip()
        options = {str(option.pk): option.pk for option in question.options.all()}
        if raw not in options:
            raise BundleError(_("请回答：%(question)s") % {"question": question.text})
        chosen[question.pk] = options[raw]
    return chosen


def applicable_parts(bundle: Bundle, answers: Mapping[str, Any]) -> list[BundleItem]:
    """The items that apply: those included by default, then each chosen option's includes and excludes in the order
    of the questions (a later answer overrides an earlier one)."""
    chosen = chosen_options(bundle, answers)
    parts = list(bundle.parts.select_related("item", "item__current_version", "item__department"))
    included = {part.pk for part in parts if part.included}
    for question in questions(bundle):
        option = next(option for option in question.options.all() if option.pk == chosen[question.pk])
        included |= {part.pk for part in option.includes.all()}
        included -= {part.pk for part in option.excludes.all()}
    return [part for part in parts if part.pk in included]


def waits(part: BundleItem, parts: Iterable[BundleItem]) -> bool:
    """Is `part` filed only once its earlier part (also among `parts`) has concluded?"""
    return part.after_id is not None and part.after_id in {other.pk for other in parts}


def provided_by_earlier(part: BundleItem, parts: Iterable[BundleItem]) -> str:
    """The material of `part` the result of an earlier part in `parts` stands for ("" if none)."""
    return part.result_material if waits(part, parts) else ""


def combined_fields(parts: list[BundleItem]) -> list[FormField]:
    """Each form field of the parts' guides once, by key (the first guide's wording; required if any guide requires
    it)."""
    fields: dict[str, FormField] = {}
    for part in parts:
        version = published_version(part.item)
        for spec in version.form_fields.all():
            if not applies(spec, part.variant_name):
                continue
            if spec.key in fields:
                fields[spec.key].required = fields[spec.key].required or spec.required
            else:
                fields[spec.key] = spec
    return list(fields.values())


def shared_materials(parts: list[BundleItem]) -> list[SharedMaterial]:
    """The materials the applicant gives, each once by name with the items needing it: the required materials of each
    part's 情形, but those 免提交 and those an earlier part's result stands for."""
    found: dict[str, SharedMaterial] = {}
    for part in parts:
        version = published_version(part.item)
        skip = provided_by_earlier(part, parts)
        for material in required_materials(version, part.variant_name):
            if is_exempt(material) or material.name == skip:
                continue
            found.setdefault(material.name, SharedMaterial(material.name)).items.append(part.item.name)
    return list(found.values())


def materials_of(part: BundleItem, parts: list[BundleItem]) -> list[str]:
    version = published_version(part.item)
    skip = provided_by_earlier(part, parts)
    return [
        material.name
        for material in required_materials(version, part.variant_name)
        if not is_exempt(material) and material.name != skip
    ]


def application_for(part: BundleItem, form_data: Mapping[str, Any], delivery_method: str) -> Application:
    """The part's own application: the combined values (each guide keeps the keys it knows) and the part's 情形."""
    return Application(form_data=dict(form_data), variant_name=part.variant_name, delivery_method=delivery_method)


def part_key(bundle_case: BundleCase, part: BundleItem) -> str:
    return f"{PART_KEY}{bundle_case.number}:{part.pk}"[:64]


def submit(
    *,
    applicant: User,
    bundle: Bundle,
    answers: Mapping[str, Any],
    form_data: Mapping[str, Any],
    uploads_given: Mapping[str, UploadedFile[bytes]],
    locker_given: Mapping[str, int] | None = None,
    idempotency_key: str,
    channel: str,
    organisation: Organisation | None = None,
    delivery_method: str = DeliveryMethod.ONLINE,
) -> BundleCase:
    """File the bundle once: the bundle case, a part per item that applies, each part without an earlier one filed at
    once through cases.filing (its own rules: form, identity, materials), the others kept to be filed when the earlier
    one concludes. All or nothing; the same key returns the bundle case made first."""
    key = idempotency_key.strip()[:64]
    if key:
        existing = BundleCase.objects.filter(applicant=applicant, idempotency_key=key).first()
        if existing is not None:
            return existing
    if not bundle.active:
        raise BundleError(_("该一件事暂停办理。"))
    if bundle.for_legal and organisation is None:
        raise BundleError(_("该一件事须以企业身份申请，请切换身份。"))
    parts = applicable_parts(bundle, answers)
    if not parts:
        raise BundleError(_("按您的情形，没有需要办理的事项。"))
    needed = shared_materials(parts)
    locker_given = locker_given or {}
    missing = [m.name for m in needed if m.name not in uploads_given and m.name not in locker_given]
    if missing:
        raise filing.MissingMaterials(missing)
    try:
        with uploads.transaction_with_files():
            documents = _documents(applicant, needed, uploads_given, locker_given)
            today = timezone.localdate()
            bundle_case = BundleCase.objects.create(
                number=f"YJS{today:%Y%m%d}{uuid.uuid4().hex[:6].upper()}",
                bundle=bundle,
                applicant=applicant,
                organisation=organisation,
                channel=channel,
                answers={str(k): v for k, v in chosen_options(bundle, answers).items()},
                promised_deadline=add_working_days(today, bundle.promised_days),
                idempotency_key=key,
            )
            for part in parts:
                names = materials_of(part, parts)
                given = [filing.Given(material=name, locker_id=documents[name].pk) for name in names]
                if waits(part, parts):
                    earlier = next(other for other in parts if other.pk == part.after_id)
                    BundlePart.objects.create(
                        bundle_case=bundle_case,
                        bundle_item=part,
                        state=PartState.WAITING,
                        note=_("待“%(earlier)s”办结后自动提交。") % {"earlier": earlier.item.name},
                        pending={
                            "form": encrypt(json.dumps(dict(form_data), ensure_ascii=False)),
                            "documents": {entry.material: entry.locker_id for entry in given},
                            "delivery_method": delivery_method,
                        },
                    )
                    continue
                case = filing.file_application(
                    applicant=applicant,
                    item=part.item,
                    application=application_for(part, form_data, delivery_method),
                    idempotency_key=part_key(bundle_case, part),
                    channel=channel,
                    organisation=organisation,
                    given=given,
                )
                BundlePart.objects.create(bundle_case=bundle_case, bundle_item=part, case=case, state=PartState.FILED)
            filed = sum(1 for part in parts if not waits(part, parts))
            tell(
                user=applicant,
                title=_("【%(name)s】已提交") % {"name": bundle.name},
                body=_(
                    "已收到您的一件事申请（编号 %(number)s），%(filed)s 个事项已同时提交各部门，%(waiting)s 个事项将在"
                    "前序事项办结后自动提交；承诺 %(deadline)s 前全部办结。"
                )
                % {
                    "number": bundle_case.number,
                    "filed": filed,
                    "waiting": len(parts) - filed,
                    "deadline": f"{bundle_case.promised_deadline:%Y-%m-%d}",
                },
            )
            audit.record(
                actor=applicant,
                action="bundles.submit",
                channel=channel,
                target=bundle_case,
                detail={"bundle": bundle.slug, "items": [part.item.implementation_code for part in parts]},
            )
    except IntegrityError:
        existing = BundleCase.objects.filter(applicant=applicant, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    return bundle_case


def _documents(
    applicant: User,
    needed: list[SharedMaterial],
    uploads_given: Mapping[str, UploadedFile[bytes]],
    locker_given: Mapping[str, int],
) -> dict[str, LockerDocument]:
    """Each shared material's document in the applicant's locker: an upload stored there (checked and scanned as
    any upload), or a document they chose from it."""
    documents: dict[str, LockerDocument] = {}
    for material in needed:
        upload = uploads_given.get(material.name)
        if upload is not None:
            documents[material.name] = uploads.store_in_locker(owner=applicant, name=material.name, upload=upload)
            continue
        found = applicant.locker.filter(pk=locker_given[material.name]).first()
        if found is None:
            raise BundleError(_("所选材料库文件不存在。"))
        documents[material.name] = found
    return documents


def pending_form(part: BundlePart) -> dict[str, Any]:
    """The form values a waiting part will be filed with."""
    sealed = part.pending.get("form")
    return dict(json.loads(decrypt(sealed))) if sealed else {}


def close(bundle_case: BundleCase) -> BundleCase:
    """Conclude the bundle case once every part is done, with its one notice. Call inside a transaction."""
    if bundle_case.state == BundleState.CONCLUDED:
        return bundle_case
    bundle_case.state = BundleState.CONCLUDED
    bundle_case.concluded_at = timezone.now()
    bundle_case.save(update_fields=["state", "concluded_at"])
    tell(
        user=bundle_case.applicant,
        title=_("【%(name)s】已办结") % {"name": bundle_case.bundle.name},
        body=_("您的一件事申请（编号 %(number)s）已全部办结，请登录查看各事项结果并评价。")
        % {"number": bundle_case.number},
    )
    audit.record(actor=None, action="bundles.conclude", target=bundle_case, detail={"number": bundle_case.number})
    return bundle_case


def rate(
    *,
    bundle_case: BundleCase,
    rater: User,
    channel: str,
    score: int | str,
    comment: str = "",
    bad_reasons: Iterable[str] = (),
) -> int:
    """One rating for the bundle: the applicant's score and comment given to each concluded part's case (each
    department is rated for its own part, through evaluation.services.rate and its rules). Returns how many."""
    from govhall.bundles.selectors import parts_of, ratable_cases
    from govhall.evaluation import services as evaluation

    if rater.pk != bundle_case.applicant_id:
        raise BundleError(_("只有申请人可以评价。"))
    cases = ratable_cases(parts_of(bundle_case))
    if not cases:
        raise BundleError(_("没有可评价的已办结事项。"))
    with transaction.atomic():
        for case in cases:
            evaluation.rate(
                case=case, rater=rater, channel=channel, score=score, comment=comment, bad_reasons=list(bad_reasons)
            )
        bundle_case.rated_at = timezone.now()
        bundle_case.save(update_fields=["rated_at"])
        audit.record(actor=rater, action="bundles.rate", channel=channel, target=bundle_case, detail={"score": score})
    return len(cases)
