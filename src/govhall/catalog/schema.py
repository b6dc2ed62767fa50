"""The canonical form of a guide: one dict shape shared by the XLSX import and export, the demo data, the frozen
snapshot of a published version and the diff between versions. Validation errors name the field that is wrong."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from govhall.catalog.constants import (
    Audience,
    FeeStage,
    FieldKind,
    HandlingKind,
    ItemType,
    LimitUnit,
    MaterialExemption,
    MaterialForm,
    MaterialNecessity,
    MaterialSource,
    OnlineStage,
    PostagePayer,
    Prefill,
    ResultType,
    ReviewRole,
    ServiceScope,
)
from govhall.organisations.constants import ExerciseLevel

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class VariantIn(Strict):
    name: Name
    description: Text = ""


class MaterialIn(Strict):
    name: Name
    necessity: MaterialNecessity = MaterialNecessity.REQUIRED
    variant_name: Short = ""
    form: MaterialForm = MaterialForm.BOTH
    originals: int = Field(default=0, ge=0, le=99)
    copies: int = Field(default=0, ge=0, le=99)
    source: MaterialSource = MaterialSource.APPLICANT
    source_note: Short = ""
    acceptance_standard: Text = ""
    legal_basis: Text = ""
    exemption: MaterialExemption = MaterialExemption.NONE
    note: Text = ""


class FeeIn(Strict):
    name: Name
    standard: Short
    legal_basis: Text
    amount: int | None = Field(default=None, ge=0, le=100_000_000)  # fen; None: the clerk fixes it by the standard
    stage: FeeStage = FeeStage.AFTER_DECISION
    reducible: bool = False
    note: Text = ""


class StepIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    office: Short = ""
    time_limit: int | None = Field(default=None, ge=0, le=3650)
    unit: LimitUnit = LimitUnit.WORKING_DAY
    description: Text = ""
    review_role: ReviewRole = ReviewRole.NONE
    review_department: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


class SpecialProcedureIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    time_limit: int | None = Field(default=None, ge=0, le=3650)
    unit: LimitUnit = LimitUnit.WORKING_DAY
    description: Text = ""


class FaqIn(Strict):
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    answer: Text


class FormFieldIn(Strict):
    key: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    kind: FieldKind = FieldKind.TEXT
    required: bool = True
    choices: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    variant_name: Short = ""
    prefill: Prefill = Prefill.NONE
    help_text: Short = ""


class GuideIn(Strict):
    """Every element of an item and its guide. Identity fields first, then the guide."""

    implementation_code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=5, max_length=80, pattern=r"^[0-9A-Za-z\-]+$")
    ]
    department: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    area_code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{12}$")]
    main_item: Short = ""
    # The item's aliases (俗称), comma-separated; None (left out) keeps the item's as they are.
    aliases: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    name: Name
    item_type: ItemType
    catalog_only: bool = False
    exercise_level: ExerciseLevel = ExerciseLevel.COUNTY
    service_scope: ServiceScope = ServiceScope.COUNTY
    audiences: list[Audience] = Field(default_factory=list)
    keywords: Short = ""
    summary: Text = ""
    legal_basis: Text = ""
    conditions: Text = ""
    statutory_limit: int | None = Field(default=None, ge=0, le=3650)
    statutory_unit: LimitUnit = LimitUnit.WORKING_DAY
    promised_limit: int | None = Field(default=None, ge=0, le=3650)
    promised_unit: LimitUnit = LimitUnit.WORKING_DAY
    handling_kind: HandlingKind = HandlingKind.PROMISED
    commitment_allowed: bool = False
    post_check_days: int | None = Field(default=None, ge=1, le=365)
    visits: int = Field(default=1, ge=0, le=20)
    visit_reason: Text = ""
    online_stages: list[OnlineStage] = Field(default_factory=list)
    appointment: bool = False
    online_payment: bool = False
    express_in: bool = False
    express_out: bool = False
    postage_payer: PostagePayer = PostagePayer.GOVERNMENT
    self_service: bool = False
    in_hall: bool = True
    handling_location: Text = ""
    handling_hours: Text = ""
    result_type: ResultType = ResultType.NONE
    result_name: Short = ""
    review_remedy: Text = ""
    litigation_remedy: Text = ""
    consult_phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    consult_channels: Text = ""
    complaint_phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    complaint_channels: Text = ""
    variants: list[VariantIn] = Field(default_factory=list)
    materials: list[MaterialIn] = Field(default_factory=list)
    fees: list[FeeIn] = Field(default_factory=list)
    steps: list[StepIn] = Field(default_factory=list)
    special_procedures: list[SpecialProcedureIn] = Field(default_factory=list)
    faqs: list[FaqIn] = Field(default_factory=list)
    form_fields: list[FormFieldIn] = Field(default_factory=list)

    @field_validator("audiences", "online_stages")
    @classmethod
    def no_repeats(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


# The scalar fields of a guide version (everything but identity and the child lists), in display order.
IDENTITY_FIELDS = ("implementation_code", "department", "area_code", "main_item")
# Fields of the item itself rather than of one guide version: not part of a version's snapshot, so changing them
# publishes nothing. Last in the template's item sheet.
ITEM_ONLY_FIELDS = ("aliases",)
CHILD_LISTS = ("variants", "materials", "fees", "steps", "special_procedures", "faqs", "form_fields")
VERSION_FIELDS = tuple(
    name for name in GuideIn.model_fields if name not in IDENTITY_FIELDS + ITEM_ONLY_FIELDS + CHILD_LISTS
)
CHILD_SCHEMAS: dict[str, type[Strict]] = {
    "variants": VariantIn,
    "materials": MaterialIn,
    "fees": FeeIn,
    "steps": StepIn,
    "special_procedures": SpecialProcedureIn,
    "faqs": FaqIn,
    "form_fields": FormFieldIn,
}
