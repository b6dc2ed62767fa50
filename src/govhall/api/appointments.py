"""Appointments API: a hall's free slots for an item on a day (public, no account needed)."""

import re
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.appointments import selectors
from govhall.appointments.slots import bookable_item, group_for, slots_on

router = Router(tags=["appointments"])
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class SlotQuery(Schema):
    item: str = Field(..., min_length=1, max_length=80, description="事项实施编码")
    date: str = Field(..., min_length=1, max_length=10, description="日期，YYYY-MM-DD")


class SlotOut(Schema):
    start: str
    end: str
    free: int


class GroupOut(Schema):
    code: str
    name: str


class DaySlotsOut(Schema):
    date: str
    hall: str
    group: GroupOut
    slots: list[SlotOut]
    reason: str = Field("", description="没有时段时的原因，如法定节假日休息")
    note: str = Field("", description="如：周末不打烊")


def parse_day(text: str) -> date:
    try:
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise HttpError(400, "日期格式应为 YYYY-MM-DD，如 2026-12-08。") from None


@router.get(
    "/{hall}/slots",
    response={200: DaySlotsOut, **errors(400, 404)},
    summary="A hall's appointment slots for an item on a day, with free places",
)
def hall_slots(request: HttpRequest, hall: str, query: Query[SlotQuery]) -> DaySlotsOut:
    day = parse_day(query.date)
    found = selectors.hall_by_reference(hall)
    if found is None:
        raise HttpError(404, f"没有编码或编号为“{hall[:20]}”的大厅。")
    item = selectors.item_by_code(query.item)
    if item is None:
        raise HttpError(404, f"没有实施编码为“{query.item}”的事项。")
    if not bookable_item(item):
        raise HttpError(400, "该事项不支持预约办理。")
    group = group_for(found, item)
    if group is None:
        raise HttpError(400, "该大厅暂不受理此事项的预约，请选择其他大厅。")
    result = slots_on(found, group, day)
    return DaySlotsOut(
        date=f"{day:%Y-%m-%d}",
        hall=found.code,
        group=GroupOut(code=group.code, name=group.name),
        slots=[SlotOut(start=f"{s.start:%H:%M}", end=f"{s.end:%H:%M}", free=s.free) for s in result.slots],
        reason=result.reason,
        note=result.note,
    )
