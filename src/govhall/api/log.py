"""Transparency log API (可信存证, RFC 9162 with SM3 and SM2): the signed tree head, entries and proofs, public and
read-only, for anyone to check with `python -m govhall.transparency.verify` or their own tools."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.core.bounds import DB_ID_MAX
from govhall.transparency import services
from govhall.transparency.models import LogEntry

router = Router(tags=["log"])
Index = Annotated[int, Field(ge=0, le=DB_ID_MAX)]
Size = Annotated[int, Field(ge=1, le=DB_ID_MAX)]
MAX_ENTRIES = 1000


class TreeHeadOut(Schema):
    tree_size: int
    root_hash: str = Field(description="树根哈希（SM3，十六进制）")
    timestamp: int = Field(description="签名时间，Unix 毫秒")
    signature: str = Field(description="SM2 签名 r‖s（十六进制），签名内容见 docs/api.md")
    key_id: str
    public_key: str = Field(description="日志公钥，未压缩点 04‖x‖y 的十六进制")


class EntryOut(Schema):
    index: int
    entry: str = Field(description="条目字节的十六进制")


class EntriesOut(Schema):
    entries: list[EntryOut]


class EntriesQuery(Schema):
    start: Index
    end: Index = Field(description="不含；一次最多 1000 条")


class InclusionQuery(Schema):
    leaf_index: Index
    tree_size: Size


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    audit_path: list[str]


class ConsistencyQuery(Schema):
    first: Size
    second: Size


class ConsistencyOut(Schema):
    first: int
    second: int
    proof: list[str]


def _within_log(tree_size: int) -> None:
    size = services.log_size()
    if tree_size > size:
        raise HttpError(
            400, _("树大小 %(requested)s 超出日志现有条目数 %(size)s。") % {"requested": tree_size, "size": size}
        )


@router.get("/sth", response={200: TreeHeadOut, **errors(404)}, summary="The newest signed tree head")
def signed_tree_head(request: HttpRequest) -> TreeHeadOut:
    head = services.latest_tree_head()
    if head is None:
        raise HttpError(404, _("日志尚无签名树头。"))
    return TreeHeadOut(
        tree_size=head.tree_size,
        root_hash=head.root_hash,
        timestamp=head.timestamp,
        signature=head.signature,
        key_id=head.key_id,
        public_key=head.public_key,
    )


@router.get("/entries", response={200: EntriesOut, **errors(400, 422)}, summary="Entries [start, end)")
def entries(request: HttpRequest, query: Query[EntriesQuery]) -> EntriesOut:
    if query.end <= query.start:
        raise HttpError(400, _("end 应大于 start。"))
    if query.start >= services.log_size():
        raise HttpError(400, _("start 超出日志现有条目数。"))
    end = min(query.end, query.start + MAX_ENTRIES)
    rows = LogEntry.objects.filter(index__gte=query.start, index__lt=end).order_by("index")
    return EntriesOut(
        entries=[EntryOut(index=index, entry=bytes(entry).hex()) for index, entry in rows.values_list("index", "entry")]
    )


@router.get(
    "/proof/inclusion", response={200: InclusionOut, **errors(400, 422)}, summary="Audit path of a leaf (RFC 9162)"
)
def inclusion_proof(request: HttpRequest, query: Query[InclusionQuery]) -> InclusionOut:
    if query.leaf_index >= query.tree_size:
        raise HttpError(400, _("leaf_index 应小于 tree_size。"))
    _within_log(query.tree_size)
    path = services.tree(query.tree_size).inclusion_path(query.leaf_index)
    return InclusionOut(leaf_index=query.leaf_index, tree_size=query.tree_size, audit_path=[p.hex() for p in path])


@router.get(
    "/proof/consistency",
    response={200: ConsistencyOut, **errors(400, 422)},
    summary="Consistency proof between two tree sizes (RFC 9162)",
)
def consistency_proof(request: HttpRequest, query: Query[ConsistencyQuery]) -> ConsistencyOut:
    if query.first > query.second:
        raise HttpError(400, _("first 不能大于 second。"))
    _within_log(query.second)
    proof = services.tree(query.second).consistency_proof(query.first)
    return ConsistencyOut(first=query.first, second=query.second, proof=[p.hex() for p in proof])
