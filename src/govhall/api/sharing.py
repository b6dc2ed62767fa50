"""Sharing API: a person's own trail of accesses to their data (谁查看/调用了我的数据), through an app (OIDC access
token with scope `profile`). Department systems (API keys) have no trail of their own: refused."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.errors import errors
from govhall.core.constants import Channel
from govhall.sharing import selectors, services

router = Router(tags=["sharing"])


class TrailRowOut(Schema):
    at: datetime
    resource: str = Field(description="数据资源名称")
    resource_department: str = Field(description="数据提供部门")
    kind: str = Field(description="调用 / 查看")
    department: str = Field(description="调用部门")
    purpose: str = Field(description="用途：办件编号")
    staff: str = Field(description="经办工作人员（姓名脱敏）或“系统”")
    outcome: str
    fields: list[str] = Field(description="返回的信息项（仅名称）")


class TrailOut(Schema):
    page: int
    pages: int
    total: int
    rows: list[TrailRowOut]


class TrailQuery(Schema):
    page: Annotated[int, Field(ge=1, le=100_000)] = 1


@router.get(
    "/trail",
    response={200: TrailOut, **errors(400, 403)},
    auth=BearerAuth("profile"),
    summary="Who fetched or viewed the caller's data (the person's own trail)",
)
def trail(request: HttpRequest, query: Query[TrailQuery]) -> TrailOut:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if caller.user is None:
        raise HttpError(403, "此接口只供本人通过应用查询自己的数据调用记录。")
    page = services.read_trail(user=caller.user, page=str(query.page), channel=Channel.API)
    return TrailOut(
        page=page.number,
        pages=page.paginator.num_pages,
        total=page.paginator.count,
        rows=[TrailRowOut(**vars(row)) for row in selectors.trail_rows(page.object_list)],
    )
