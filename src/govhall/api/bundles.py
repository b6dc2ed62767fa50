"""Bundles API (一件事一次办, docs/bundles.md): the bundles and each one's items and questionnaire (情形引导), and which
items, fields and materials a set of answers gives — what an app needs to draw the questionnaire and the combined
form."""

import json
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ValidationError

from govhall.accounts.models import User
from govhall.api.cases import PERSON
from govhall.api.errors import errors
from govhall.bundles import selectors, services
from govhall.bundles.models import BundleCase
from govhall.cases import filing, uploads
from govhall.cases.services import CaseError, WrongIdentity
from govhall.core.constants import Channel

router = Router(tags=["bundles"])
Slug = Annotated[str, Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]


class BundleOut(Schema):
    slug: str
    name: str
    description: str
    promised_days: int
    for_legal: bool
    url: str


class BundleItemOut(Schema):
    id: int
    code: str
    name: str
    department: str
    included: bool
    after: int | None
    result_material: str


class BundleOptionOut(Schema):
    id: int
    label: str
    includes: list[int]
    excludes: list[int]


class BundleQuestionOut(Schema):
    id: int
    text: str
    help_text: str
    options: list[BundleOptionOut]


class BundleDetailOut(Schema):
    slug: str
    name: str
    description: str
    promised_days: int
    for_legal: bool
    items: list[BundleItemOut]
    questions: list[BundleQuestionOut]


class BundleFieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool


class BundleMaterialOut(Schema):
    name: str
    items: list[str]


class BundlePlanOut(Schema):
    items: list[str]
    fields: list[BundleFieldOut]
    materials: list[BundleMaterialOut]


@router.get("", response=list[BundleOut], summary="The bundles (一件事) that can be filed at once")
def list_bundles(request: HttpRequest) -> list[BundleOut]:
    return [
        BundleOut(
            slug=bundle.slug,
            name=bundle.name,
            description=bundle.description,
            promised_days=bundle.promised_days,
            for_legal=bundle.for_legal,
            url=f"/bundles/{bundle.slug}/",
        )
        for bundle in selectors.active_bundles()
    ]


@router.get(
    "/{slug}", response={200: BundleDetailOut, **errors(404)}, summary="One bundle: its items and questionnaire"
)
def bundle_detail(request: HttpRequest, slug: Slug) -> BundleDetailOut:
    bundle = selectors.bundle_by_slug(slug)
    if bundle is None:
        raise HttpError(404, f"没有标识为“{slug}”的一件事。")
    return BundleDetailOut.model_validate(selectors.describe(bundle))


@router.get(
    "/{slug}/plan",
    response={200: BundlePlanOut, **errors(400, 404)},
    summary="What the answers give: the items, the combined form's fields and the shared materials",
)
def bundle_plan(request: HttpRequest, slug: Slug) -> BundlePlanOut:
    """The answers as query parameters `q_<question id>=<option id>`, every question answered."""
    bundle = selectors.bundle_by_slug(slug)
    if bundle is None:
        raise HttpError(404, f"没有标识为“{slug}”的一件事。")
    answers = {key[2:]: value[:12] for key, value in request.GET.items() if key.startswith("q_")}
    try:
        parts = services.applicable_parts(bundle, answers)
        fields = services.combined_fields(parts)
        materials = services.shared_materials(parts)
    except CaseError as error:
        raise HttpError(400, str(error)) from error
    return BundlePlanOut(
        items=[part.item.name for part in parts],
        fields=[BundleFieldOut(key=f.key, label=f.label, kind=f.kind, required=f.required) for f in fields],
        materials=[BundleMaterialOut(name=m.name, items=m.items) for m in materials],
    )


class BundleSubmitIn(Schema):
    """The multipart field `payload` (JSON): the answers {question id: option id}, the combined form's values and the
    names of the materials, in the order of the `files` parts sent with it."""

    answers: dict[str, int | str] = {}
    form_data: dict[str, Any] = {}
    materials: list[Annotated[str, Field(max_length=200)]] = Field(default=[], max_length=30)


class BundlePartOut(Schema):
    item: str
    department: str
    state: str
    case_number: str | None
    note: str


class BundleCaseOut(Schema):
    number: str
    bundle: str
    state: str
    promised_deadline: date
    progress: str
    parts: list[BundlePartOut]

    @staticmethod
    def of(bundle_case: BundleCase) -> "BundleCaseOut":
        parts = selectors.parts_of(bundle_case)
        done = selectors.progress(parts)
        return BundleCaseOut(
            number=bundle_case.number,
            bundle=bundle_case.bundle.slug,
            state=bundle_case.state,
            promised_deadline=bundle_case.promised_deadline,
            progress=f"{done.done}/{done.total}",
            parts=[
                BundlePartOut(
                    item=part.bundle_item.item.name,
                    department=part.bundle_item.item.department.name,
                    state=part.case.state if part.case is not None else part.state,
                    case_number=part.case.number if part.case is not None else None,
                    note=part.note,
                )
                for part in parts
            ],
        )


def _person(request: HttpRequest) -> User:
    user: User | None = request.auth.user  # type: ignore[attr-defined]
    if user is None or user.is_staff_member:
        raise HttpError(403, "此接口只接受代表本人的应用访问令牌。")
    return user


@router.post(
    "/{slug}/cases",
    response={201: BundleCaseOut, **errors(400, 403, 404, 503)},
    auth=PERSON,
    summary="File a bundle once (multipart: payload JSON and the files)",
)
def submit_bundle(
    request: HttpRequest,
    slug: Slug,
    payload: Form[str],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    idempotency_key: str = Header("", alias="Idempotency-Key"),
) -> Status[BundleCaseOut]:
    """Every part without an earlier one is filed at once through the same rules as POST /cases; the others when
    their earlier part concludes. Each material of GET /bundles/{slug}/plan once, named in `payload.materials` in
    the order of the `files` parts. The same Idempotency-Key returns the bundle case made first."""
    user = _person(request)
    bundle = selectors.bundle_by_slug(slug)
    if bundle is None:
        raise HttpError(404, f"没有标识为“{slug}”的一件事。")
    try:
        data = BundleSubmitIn.model_validate(json.loads(payload[:100_000]))
    except (ValueError, ValidationError) as error:
        raise HttpError(400, "payload 应为 JSON：answers、form_data、materials。") from error
    given = list(files or [])
    if len(given) != len(data.materials):
        raise HttpError(400, "materials 的名称个数应与上传的文件个数相同。")
    try:
        bundle_case = services.submit(
            applicant=user,
            bundle=bundle,
            answers={str(key): str(value) for key, value in data.answers.items()},
            form_data=data.form_data,
            uploads_given=dict(zip(data.materials, given, strict=True)),
            idempotency_key=idempotency_key,
            channel=Channel.API,
        )
    except uploads.FileNotCheckable as error:
        raise HttpError(503, str(error)) from error
    except WrongIdentity as error:
        raise HttpError(403, str(error)) from error
    except (filing.MissingMaterials, CaseError) as error:
        raise HttpError(400, str(error)) from error
    return Status(201, BundleCaseOut.of(bundle_case))


@router.get(
    "/{slug}/cases/{number}",
    response={200: BundleCaseOut, **errors(403, 404)},
    auth=PERSON,
    summary="One of the caller's bundle cases: its parts and their states",
)
def bundle_case_detail(request: HttpRequest, slug: Slug, number: str) -> BundleCaseOut:
    found = selectors.bundle_case_of(_person(request), number)
    if found is None or found.bundle.slug != slug:
        raise HttpError(404, "没有该一件事办件。")
    return BundleCaseOut.of(found)
