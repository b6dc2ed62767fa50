"""Appointments API: a hall's free slots for an item on a day (public, no account needed)."""

import json
import re
from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.appointments import selectors, slot_cache
from govhall.appointments.slots import DaySlots, bookable_item, group_for
from govhall.organisations.models import Hall, WindowGroup

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


def render(hall: Hall, group: WindowGroup, day: date, result: DaySlots) -> bytes:
    """The answer as the API's renderer writes it (JSON, Chinese unescaped)."""
    answer = DaySlotsOut(
        date=f"{day:%Y-%m-%d}",
        hall=hall.code,
        group=GroupOut(code=group.code, name=group.name),
        slots=[SlotOut(start=f"{s.start:%H:%M}", end=f"{s.end:%H:%M}", free=s.free) for s in result.slots],
        reason=result.reason,
        note=result.note,
    )
    return json.dumps(answer.model_dump(), ensure_ascii=False, separators=(",", ":")).encode()


def resolve(hall: str, code: str) -> tuple[Hall, WindowGroup]:
    """The hall and the window group a slot query names, or its refusal (4xx with the reason)."""
    found = selectors.hall_by_reference(hall)
    if found is None:
        raise HttpError(404, f"没有编码或编号为“{hall[:20]}”的大厅。")
    item = selectors.item_by_code(code)
    if item is None:
        raise HttpError(404, f"没有实施编码为“{code}”的事项。")
    if not bookable_item(item):
        raise HttpError(400, "该事项不支持预约办理。")
    group = group_for(found, item)
    if group is None:
        raise HttpError(400, "该大厅暂不受理此事项的预约，请选择其他大厅。")
    return found, group


@router.get(
    "/{hall}/slots",
    response={200: DaySlotsOut, **errors(400, 404)},
    summary="A hall's appointment slots for an item on a day, with free places",
)
def hall_slots(request: HttpRequest, hall: str, query: Query[SlotQuery]) -> HttpResponse:
    """Kept in the shared cache while no booking, cancellation or change to the hall, group, item or holidays has
    happened (appointments.slot_cache; docs/appointments.md "Fast slot queries")."""
    day = parse_day(query.date)
    body = slot_cache.day_answer(
        hall,
        query.item,
        day,
        resolve=lambda: resolve(hall, query.item),
        render=lambda found, group, result: render(found, group, day, result),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")
