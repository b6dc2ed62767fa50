"""智能导办 API: a question in everyday words → the item, what is asked, and the guide's own text."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.assist import services

router = Router(tags=["assist"])


class ItemRef(Schema):
    code: str
    name: str


class Alternative(Schema):
    code: str
    name: str
    source: str


class BundleOut(Schema):
    slug: str
    name: str
    source: str
    promised_days: int


class AssistOut(Schema):
    item: ItemRef | None = Field(description="回答依据的事项；没有找到对应事项时为 null")
    intent: Literal["materials", "time_limit", "fees", "place", "how", "online"] = Field(
        description="问的是什么：申请材料、办理时限、收费、办理地点、办理流程、网上办理"
    )
    answer: str = Field(
        description="回答：逐字引用办事指南的字段（材料名称、承诺时限、收费标准、地点和时间、流程、网办深度）"
    )
    source: str = Field(description="办事指南页面的地址；没有对应事项时为空")
    confident: bool = Field(description="是否有把握；为 false 时回答会说明，并列出可能的事项（alternatives）")
    alternatives: list[Alternative]
    bundles: list[BundleOut] = Field(description="一件事一次办：问题涉及的可一次申请的多个事项（bundle）")


@router.get(
    "",
    response={200: AssistOut, **errors(400)},
    summary="Answer a question in everyday words from the published guides (智能导办)",
)
def assist(request: HttpRequest, q: str = "") -> AssistOut:
    try:
        result = services.answer(q)
    except services.QuestionError as error:
        raise HttpError(400, str(error)) from error
    return AssistOut(
        item=ItemRef(code=result.item.code, name=result.item.name) if result.item is not None else None,
        intent=result.intent,
        answer=result.text,
        source=result.source,
        confident=result.confident,
        alternatives=[Alternative(code=ref.code, name=ref.name, source=ref.source) for ref in result.alternatives],
        bundles=[
            BundleOut(slug=ref.slug, name=ref.name, source=ref.source, promised_days=ref.promised_days)
            for ref in result.bundles
        ],
    )
