"""Bundles API (一件事一次办, docs/bundles.md): the bundles and each one's items and questionnaire (情形引导), and which
items, fields and materials a set of answers gives — what an app needs to draw the questionnaire and the combined
form."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.bundles import selectors, services
from govhall.cases.services import CaseError

router = Router(tags=["bundles"])
Slug = Annotated[str, Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]


class BundleOut(Schema):
    slug: str
    name: str
    description: str
    promised_days: int
    for_legal: bool
    url: str


class ItemOut(Schema):
    id: int
    code: str
    name: str
    department: str
    included: bool
    after: int | None
    result_material: str


class OptionOut(Schema):
    id: int
    label: str
    includes: list[int]
    excludes: list[int]


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    options: list[OptionOut]


class BundleDetailOut(Schema):
    slug: str
    name: str
    description: str
    promised_days: int
    for_legal: bool
    items: list[ItemOut]
    questions: list[QuestionOut]


class FieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool


class MaterialOut(Schema):
    name: str
    items: list[str]


class PlanOut(Schema):
    items: list[str]
    fields: list[FieldOut]
    materials: list[MaterialOut]


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
    response={200: PlanOut, **errors(400, 404)},
    summary="What the answers give: the items, the combined form's fields and the shared materials",
)
def bundle_plan(request: HttpRequest, slug: Slug) -> PlanOut:
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
    return PlanOut(
        items=[part.item.name for part in parts],
        fields=[FieldOut(key=f.key, label=f.label, kind=f.kind, required=f.required) for f in fields],
        materials=[MaterialOut(name=m.name, items=m.items) for m in materials],
    )
