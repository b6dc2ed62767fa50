"""POST /api/v1/cases/{number}/rating: the applicant rates a concluded case from an app (一事一评, OIDC access token
with the `cases` scope; the rating's channel is 移动端). The rules are evaluation.services.rate's: once, within the
rating period, the channel's aspect questions, and for a bad rating (1–2 stars) at least one 差评原因."""

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.errors import errors
from govhall.cases.access import get_case_for_user
from govhall.core.constants import Channel
from govhall.evaluation import services
from govhall.evaluation.constants import BadReason

router = Router(tags=["ratings"])
PERSON = BearerAuth("cases")
NO_CASE = "没有该办件，或您无权查看。"


class RatingIn(Schema):
    score: int = Field(ge=1, le=5, description="整体满意度，1（非常不满意）到 5（非常满意）")
    aspects: dict[str, int] = Field(
        default_factory=dict, description="分项评价 {efficiency, guide_accuracy, convenience, usability: 1–5}"
    )
    bad_reasons: list[str] = Field(
        default_factory=list,
        max_length=len(BadReason.values),
        description="差评原因（1–2 星时至少一项）：" + "、".join(f"{c.value}={c.label}" for c in BadReason),
    )
    comment: str = Field("", max_length=services.COMMENT_MAX, description="意见和建议；差评原因为 other 时必填")


class RatingOut(Schema):
    case: str
    score: int
    bad_reasons: list[str]
    rectification: bool = Field(description="差评：承办部门将回访整改")


@router.post(
    "/{number}/rating",
    response={201: RatingOut, **errors(400, 403, 404)},
    auth=[PERSON],
    summary="Rate a concluded case (一事一评)",
)
def rate_case(request: HttpRequest, number: str, data: RatingIn) -> Status[RatingOut]:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    user = caller.user
    if user is None or user.is_staff_member:
        raise HttpError(403, "此接口只接受代表本人的应用访问令牌。")
    try:
        case = get_case_for_user(user, number)
    except Http404 as error:
        raise HttpError(404, NO_CASE) from error
    try:
        rating = services.rate(
            case=case,
            rater=user,
            channel=Channel.MOBILE,
            score=data.score,
            aspects=dict(data.aspects),
            comment=data.comment,
            bad_reasons=data.bad_reasons,
        )
    except services.RatingError as error:
        raise HttpError(400, str(error)) from error
    return Status(
        201,
        RatingOut(case=case.number, score=rating.score, bad_reasons=rating.bad_reasons, rectification=rating.is_bad),
    )
