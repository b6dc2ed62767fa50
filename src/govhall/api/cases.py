"""Cases API under /api/v1/cases, for apps acting for a person (OIDC access token with the `cases` scope) and for
department systems (API key: `cases:receive` to read their department's cases, `cases:decide` to push acts back).
Handlers parse, fetch the case through one access helper and call one service; refusals become 4xx with the
service's own Chinese message (docs/api.md)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from govhall.accounts.access import may_act_for, organisations_for
from govhall.accounts.models import Organisation, User
from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.errors import errors
from govhall.cases import filing, services, uploads
from govhall.cases.access import cases_for_user, department_cases, get_case_for_user
from govhall.cases.application_form import shown_values
from govhall.cases.clocks import time_left
from govhall.cases.constants import (
    EXTENSION_DAYS,
    FINAL_STATES,
    REASON_REQUIRED,
    Act,
    CaseState,
    DeliveryMethod,
    DocumentKind,
    PaymentState,
)
from govhall.cases.models import Case, CaseEvent, CaseMaterial
from govhall.cases.system_acts import SYSTEM_ACTS, act_by_system
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.bounds import DB_INT_MAX
from govhall.core.constants import Channel
from govhall.core.workdays import working_days_between

router = Router(tags=["cases"])
PERSON = BearerAuth("cases")
RECEIVE = BearerAuth("cases:receive")
DECIDE = BearerAuth("cases:decide")
NO_CASE = "没有该办件，或您无权查看。"
REUSED_KEY = "该幂等键（Idempotency-Key）已用于另一份申请，请换一个。"
MISSING_HINT = "请先保存草稿（draft: true）并上传材料，再提交。"
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
PageNumber = Annotated[int, Field(ge=1, le=10_000)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
StateFilter = Annotated[str, Field(max_length=20, json_schema_extra={"enum": ["", *CaseState.values]})]


class MaterialOut(Schema):
    name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    trust_level: str
    added_at: datetime

    @staticmethod
    def of(material: CaseMaterial) -> "MaterialOut":
        document = material.document
        return MaterialOut(
            name=material.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            trust_level=document.trust_level,
            added_at=material.added_at,
        )


class DocumentOut(Schema):
    kind: str
    kind_label: str
    number: str
    sha256: str
    created_at: datetime


class CaseSummary(Schema):
    number: str
    item_code: str
    item_name: str
    state: str
    state_label: str
    revision: int
    submitted_at: datetime | None
    promised_deadline: date | None
    time_left: str = Field(description="overdue / warning / ok / stopped / none")
    payment_state: str = Field(default="none", description="none / due (待缴费) / paid")
    payment_state_label: str = ""

    @staticmethod
    def of(case: Case, today: date) -> "CaseSummary":
        return CaseSummary(
            number=case.number,
            item_code=case.item.implementation_code,
            item_name=case.item.name,
            state=case.state,
            state_label=str(CaseState(case.state).label),
            revision=case.revision,
            submitted_at=case.submitted_at,
            promised_deadline=case.promised_deadline,
            time_left=time_left(case, today),
            payment_state=case.payment_state,
            payment_state_label=str(PaymentState(case.payment_state).label),
        )


class CaseOut(CaseSummary):
    department: str
    channel: str
    variant_name: str
    delivery_method: str
    form_data: dict[str, Any]
    created_at: datetime
    accepted_at: datetime | None
    concluded_at: datetime | None
    statutory_deadline: date | None
    clock_stopped: bool
    working_days_left: int | None = Field(description="working days to the promised deadline (negative: overdue)")
    materials: list[MaterialOut]
    missing_materials: list[str]
    exempted_materials: list[str] = Field(
        description="required materials marked 免提交: not asked of the applicant, obtained by the department"
    )
    documents: list[DocumentOut]

    @staticmethod
    def full(case: Case) -> "CaseOut":
        today = timezone.localdate()
        materials = case.materials.select_related("document").order_by("name")
        return CaseOut(
            **CaseSummary.of(case, today).model_dump(),
            department=case.department.name,
            channel=case.channel,
            variant_name=case.variant_name,
            delivery_method=case.delivery_method,
            form_data=shown_values(case.guide_version, case.form_data),
            created_at=case.created_at,
            accepted_at=case.accepted_at,
            concluded_at=case.concluded_at,
            statutory_deadline=case.statutory_deadline,
            clock_stopped=case.clock_stopped,
            working_days_left=working_days_left(case.promised_deadline, today),
            materials=[MaterialOut.of(material) for material in materials],
            missing_materials=uploads.missing_materials(case),
            exempted_materials=[
                material.name
                for material in services.required_materials(case.guide_version, case.variant_name)
                if services.is_exempt(material)
            ],
            documents=[
                DocumentOut(
                    kind=document.kind,
                    kind_label=str(DocumentKind(document.kind).label),
                    number=document.number,
                    sha256=document.sha256,
                    created_at=document.created_at,
                )
                for document in case.documents.all()
            ],
        )


class CaseList(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseSummary]


class EventOut(Schema):
    act: str
    act_label: str
    from_state: str
    to_state: str
    at: datetime
    channel: str
    reason: str
    missing: list[str] = Field(description="一次性告知 of a correction request")
    days: int | None = Field(description="working days added by an extension")


class SubmitIn(Schema):
    item_code: str = Field(max_length=80, description="the item's implementation code (实施编码)")
    variant_name: str = Field("", max_length=200, description="办理情形, when the guide has any")
    form_data: dict[str, Any] = Field(default_factory=dict, description="the application form, by field key")
    delivery_method: str = Field(
        DeliveryMethod.ONLINE,
        description="online / pickup / post",
        json_schema_extra={"enum": [*DeliveryMethod.values]},
    )
    delivery_address: str = Field("", max_length=300, description="required with post")
    commitment: bool = Field(False, description="sign the 告知承诺书 (items under 告知承诺制 only)")
    organisation_uscc: str = Field("", max_length=18, description="apply for this legal person (its USCC)")
    draft: bool = Field(False, description="keep it as a draft (to upload materials, then POST …/submit)")


class DraftSubmitIn(Schema):
    form_data: dict[str, Any] = Field(default_factory=dict, description="fields to change (merged into the draft's)")
    variant_name: str | None = Field(None, max_length=200)
    delivery_method: str | None = Field(None, json_schema_extra={"enum": [*DeliveryMethod.values, None]})
    delivery_address: str | None = Field(None, max_length=300)
    commitment: bool = False


class WithdrawIn(Schema):
    reason: str = Field("", max_length=500)


class ResubmitIn(Schema):
    form_data: dict[str, Any] = Field(default_factory=dict, description="corrected form fields (merged)")
    explanations: dict[str, str] = Field(
        default_factory=dict,
        description="a written explanation per item of the correction notice (keys: the items as listed in `missing`);"
        " every item needs a replacement material uploaded before, or an explanation",
    )


class TransitionIn(Schema):
    act: str = Field(description="the act to perform", json_schema_extra={"enum": list(SYSTEM_ACTS)})
    reason: str = Field(
        "",
        max_length=1000,
        description="required for " + ", ".join(act for act in SYSTEM_ACTS if act in REASON_REQUIRED),
    )
    missing: list[str] = Field(default_factory=list, description="request_correction: everything missing, at once")
    days: int | None = Field(
        None, ge=0, le=10_000, description=f"extend: working days ({EXTENSION_DAYS.start}-{EXTENSION_DAYS.stop - 1})"
    )
    expected_revision: int | None = Field(
        None, ge=0, le=DB_INT_MAX, description="the case's revision the decision was made on"
    )


def working_days_left(deadline: date | None, today: date) -> int | None:
    if deadline is None:
        return None
    if deadline < today:
        return -working_days_between(deadline, today)
    return working_days_between(today, deadline)


@contextmanager
def refusals() -> Iterator[None]:
    """A refused act is the caller's problem (4xx) with the service's message: 409 for the state or a stale view."""
    try:
        yield
    except filing.MissingMaterials as error:
        raise HttpError(400, f"{error}{MISSING_HINT}") from error
    except (services.ActNotAllowed, services.StaleCase) as error:
        raise HttpError(409, str(error)) from error
    except uploads.FileNotCheckable as error:
        raise HttpError(503, str(error)) from error
    except services.WrongIdentity as error:
        raise HttpError(403, str(error)) from error
    except services.CaseError as error:
        raise HttpError(400, str(error)) from error


def _caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def _person(request: HttpRequest) -> User:
    """The person an app acts for with the `cases` scope: their own cases and their legal persons' only. A member of
    staff's token gets no department powers here (department systems use API keys)."""
    user = _caller(request).user
    if user is None:
        raise HttpError(403, "此接口只接受代表本人的应用访问令牌。")
    if user.is_staff_member:
        raise HttpError(403, "工作人员账户的应用令牌不能使用办件接口；部门系统请使用接口密钥。")
    return user


def _department_case(request: HttpRequest, number: str) -> Case:
    """The case, if it belongs to the API key's department (otherwise as if it did not exist)."""
    key = _caller(request).api_key
    if key is None:
        raise HttpError(403, "此接口只接受部门系统的接口密钥。")
    case = (
        department_cases([key.department_id])
        .select_related("item", "guide_version", "department")
        .filter(number=number[:24])
        .first()
    )
    if case is None:
        raise HttpError(404, NO_CASE)
    return case


def _case(request: HttpRequest, number: str) -> Case:
    if _caller(request).api_key is not None:
        return _department_case(request, number)
    try:
        return get_case_for_user(_person(request), number)
    except Http404 as error:
        raise HttpError(404, NO_CASE) from error


def _page(cases: QuerySet[Case], page: int, page_size: int) -> CaseList:
    # A page past MAX_PAGE is empty anyway; a larger one made an OFFSET beyond SQLite's 64-bit integers (a 500).
    page, page_size = min(max(page, 1), MAX_PAGE), min(max(page_size, 1), MAX_PAGE_SIZE)
    today = timezone.localdate()
    start = (page - 1) * page_size
    rows = cases.select_related("item")[start : start + page_size]
    return CaseList(
        count=cases.count(),
        page=page,
        page_size=page_size,
        results=[CaseSummary.of(case, today) for case in rows],
    )


def _organisation(user: User, uscc: str, item: Item) -> Organisation | None:
    if not uscc:
        return None
    organisation = organisations_for(user).filter(uscc=uscc.strip().upper()).first()
    if organisation is None or not may_act_for(user, organisation, item):
        raise HttpError(403, "您无权代表该法人申报此事项。")
    return organisation


@router.post(
    "",
    response={201: CaseOut, **errors(400, 403, 404, 409)},
    auth=PERSON,
    summary="Apply (idempotent), or save a draft",
)
def submit(
    request: HttpRequest, data: SubmitIn, idempotency_key: str = Header("", alias="Idempotency-Key")
) -> Status[CaseOut]:
    """Files the case under the item's published guide; every required material must be given, so an item that asks
    for materials is applied for as a draft (`draft: true`), its materials uploaded, then POST /cases/{number}/submit.
    Send an `Idempotency-Key` header (any unique string up to 64 characters): a retried request with the same key
    returns the case (or draft) made the first time, even when both arrive at once."""
    user = _person(request)
    item = (
        Item.objects.select_related("current_version", "department").filter(implementation_code=data.item_code).first()
    )
    if item is None:
        raise HttpError(404, "没有该事项，请检查事项编码。")
    application = services.Application(
        form_data=data.form_data,
        variant_name=data.variant_name,
        delivery_method=data.delivery_method,
        delivery_address=data.delivery_address,
        commitment=data.commitment,
    )
    organisation = _organisation(user, data.organisation_uscc, item)
    with refusals():
        if data.draft:
            case = filing.save_application(
                applicant=user,
                item=item,
                application=application,
                channel=Channel.API,
                organisation=organisation,
                idempotency_key=idempotency_key,
            )
            if case.item_id != item.pk or case.state != CaseState.DRAFT:
                raise HttpError(409, REUSED_KEY)
            return Status(201, CaseOut.full(case))
        case = filing.file_application(
            applicant=user,
            item=item,
            application=application,
            idempotency_key=idempotency_key,
            channel=Channel.API,
            organisation=organisation,
        )
        if case.item_id != item.pk or case.state == CaseState.DRAFT:
            raise HttpError(409, REUSED_KEY)
    return Status(201, CaseOut.full(case))


@router.post(
    "/{number}/submit",
    response={201: CaseOut, **errors(400, 403, 404, 409)},
    auth=PERSON,
    summary="Submit a draft (idempotent)",
)
def submit_draft(
    request: HttpRequest,
    number: str,
    data: DraftSubmitIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
) -> Status[CaseOut]:
    """Submits a draft once its required materials are uploaded; fields given here change the draft's."""
    user = _person(request)
    draft = _case(request, number)
    application = services.Application(
        form_data={**draft.form_data, **data.form_data},
        variant_name=draft.variant_name if data.variant_name is None else data.variant_name,
        delivery_method=data.delivery_method or draft.delivery_method,
        delivery_address=draft.delivery_address if data.delivery_address is None else data.delivery_address,
        commitment=data.commitment,
    )
    with refusals():
        case = filing.file_application(
            applicant=user,
            item=draft.item,
            application=application,
            idempotency_key=idempotency_key,
            channel=Channel.API,
            organisation=draft.organisation,
            draft=draft,
        )
        if case.pk != draft.pk:
            raise HttpError(409, REUSED_KEY)
    return Status(201, CaseOut.full(case))


@router.get("", response={200: CaseList, **errors(403)}, auth=PERSON, summary="The caller's cases, newest first")
def my_cases(request: HttpRequest, page: PageNumber = 1, page_size: PageSize = 20) -> CaseList:
    cases = cases_for_user(_person(request)).order_by("-created_at", "-pk")
    return _page(cases, page, page_size)


@router.get(
    "/inbox",
    response={200: CaseList, **errors(400, 403)},
    auth=RECEIVE,
    summary="Open cases of the API key's department",
)
def inbox(request: HttpRequest, state: StateFilter = "", page: PageNumber = 1, page_size: PageSize = 20) -> CaseList:
    key = _caller(request).api_key
    if key is None:
        raise HttpError(403, "此接口只接受部门系统的接口密钥。")
    cases = Case.objects.filter(department_id=key.department_id).exclude(state__in={*FINAL_STATES, CaseState.DRAFT})
    if state:
        if state not in CaseState.values:
            raise HttpError(400, f"未知的办件状态：{state}。")
        cases = cases.filter(state=state)
    return _page(cases.order_by("promised_deadline", "submitted_at", "pk"), page, page_size)


@router.get(
    "/{number}",
    response={200: CaseOut, **errors(403, 404)},
    auth=[PERSON, RECEIVE],
    summary="One case: state, deadlines, materials",
)
def case_detail(request: HttpRequest, number: str) -> CaseOut:
    case = _case(request, number)
    key = _caller(request).api_key
    if key is not None:
        audit.record(
            actor=None,
            action="cases.system_view",
            channel=Channel.API,
            target=case,
            detail={"api_key": key.prefix, "system": key.name},
        )
    return CaseOut.full(case)


@router.get(
    "/{number}/events",
    response={200: list[EventOut], **errors(403, 404)},
    auth=[PERSON, RECEIVE],
    summary="The case's timeline",
)
def case_events(request: HttpRequest, number: str) -> list[EventOut]:
    case = _case(request, number)
    return [_event_out(event) for event in case.events.order_by("at", "pk")]


def _event_out(event: CaseEvent) -> EventOut:
    days = event.detail.get("days")
    return EventOut(
        act=event.act,
        act_label=str(Act(event.act).label),
        from_state=event.from_state,
        to_state=event.to_state,
        at=event.at,
        channel=event.channel,
        reason=event.reason,
        missing=[str(entry) for entry in event.detail.get("missing", [])],
        days=int(days) if isinstance(days, int) else None,
    )


@router.post(
    "/{number}/materials",
    response={201: MaterialOut, **errors(400, 403, 404, 409, 503)},
    auth=PERSON,
    summary="Upload one material (PDF, JPG, PNG)",
)
def upload_material(
    request: HttpRequest, number: str, name: Form[str], file: File[UploadedFile]
) -> Status[MaterialOut]:
    """`name` is the material's name in the guide; a new file replaces the one given before. Only while the case can
    still be changed (draft, submitted, correction requested)."""
    user = _person(request)
    case = _case(request, number)
    with refusals():
        material = uploads.attach_upload(case=case, actor=user, name=name, upload=file, channel=Channel.API)
    return Status(201, MaterialOut.of(material))


@router.post(
    "/{number}/withdraw",
    response={200: CaseOut, **errors(400, 403, 404, 409)},
    auth=PERSON,
    summary="Withdraw the application",
)
def withdraw(request: HttpRequest, number: str, data: WithdrawIn) -> CaseOut:
    user = _person(request)
    case = _case(request, number)
    with refusals():
        services.withdraw(case=case, actor=user, channel=Channel.API, reason=data.reason)
    return CaseOut.full(_case(request, number))


@router.post(
    "/{number}/resubmit",
    response={200: CaseOut, **errors(400, 403, 404, 409)},
    auth=PERSON,
    summary="Resubmit after a correction request",
)
def resubmit(request: HttpRequest, number: str, data: ResubmitIn) -> CaseOut:
    user = _person(request)
    case = _case(request, number)
    with refusals():
        services.resubmit(
            case=case, actor=user, channel=Channel.API, form_data=data.form_data, explanations=data.explanations
        )
    return CaseOut.full(_case(request, number))


@router.post(
    "/{number}/transitions",
    response={200: CaseOut, **errors(400, 403, 404, 409)},
    auth=DECIDE,
    summary="A department system's act on one of its cases",
)
def transition(request: HttpRequest, number: str, data: TransitionIn) -> CaseOut:
    """Acts pushed back by the department's own system. Send `expected_revision` (the `revision` of the case as the
    system last saw it) so that a decision made on an outdated view is refused with 409."""
    case = _department_case(request, number)
    key = _caller(request).api_key
    assert key is not None
    with refusals():
        act_by_system(
            case=case,
            api_key=key,
            act=data.act,
            reason=data.reason,
            missing=data.missing,
            days=data.days,
            expected_revision=data.expected_revision,
        )
    return CaseOut.full(_department_case(request, number))
