"""Catalog API: items (search and guides), departments, halls, themes, life events."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.catalog import selectors
from govhall.catalog.constants import ItemType, OnlineLevel
from govhall.catalog.guides import guide_of
from govhall.catalog.models import Item
from govhall.catalog.schema import GuideIn
from govhall.core.bounds import DB_ID_MAX, ObjectId
from govhall.organisations.models import Department

router = Router(tags=["catalog"])
Code = Annotated[str, Field(max_length=80, pattern=r"^[0-9A-Za-z\-]+$")]


class ItemOut(Schema):
    code: str
    name: str
    department: str
    item_type: str
    item_type_label: str
    for_person: bool
    for_legal: bool
    online_level: int
    online_level_label: str
    visits: int
    fully_online: bool
    at_most_one_visit: bool
    zero_visit: bool
    is_immediate: bool
    has_guide: bool
    url: str

    @staticmethod
    def of(item: Item) -> "ItemOut":
        return ItemOut(
            code=item.implementation_code,
            name=item.name,
            department=item.department.name,
            item_type=item.item_type,
            item_type_label=str(ItemType(item.item_type).label),
            for_person=item.for_person,
            for_legal=item.for_legal,
            online_level=item.online_level,
            online_level_label=str(OnlineLevel(item.online_level).label),
            visits=item.visits,
            fully_online=item.fully_online,
            at_most_one_visit=item.at_most_one_visit,
            zero_visit=item.zero_visit,
            is_immediate=item.is_immediate,
            has_guide=item.has_guide,
            url=item.get_absolute_url(),
        )


class ItemList(Schema):
    count: int
    items: list[ItemOut]


class ItemQuery(Schema):
    q: str = Field("", max_length=100, description="搜索内容：群众说法、事项名称、拼音全拼或首字母")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)
    department: int | None = Field(None, ge=1, le=DB_ID_MAX)
    item_type: ItemType | None = None
    audience: str | None = Field(None, pattern="^(person|legal)$")
    online: str | None = Field(None, pattern="^(full|zero|one|online)$")
    theme: str | None = Field(None, max_length=60)


@router.get("/items", response={200: ItemList, **errors(400)}, summary="Search or list service items, best match first")
def list_items(request: HttpRequest, query: Query[ItemQuery]) -> ItemList:
    filters = selectors.ItemFilters(
        department=query.department,
        item_type=query.item_type.value if query.item_type else None,
        audience=query.audience,
        online=query.online,
        theme=query.theme,
    )
    result = selectors.search_items(query.q, filters, limit=query.limit, offset=query.offset)
    return ItemList(count=result.count, items=[ItemOut.of(item) for item in result.items])


class GuideOut(Schema):
    version: int
    published_at: str | None
    item: ItemOut
    guide: GuideIn
    halls: list[str]


@router.get("/items/{code}", response={200: GuideOut, **errors(404)}, summary="The published guide of one item")
def item_guide(request: HttpRequest, code: Code) -> GuideOut:
    item = selectors.guide_item(code)
    if item is None or item.current_version is None:
        raise HttpError(404, f"没有实施编码为“{code}”的事项。")
    version = item.current_version
    version.item = item
    return GuideOut(
        version=version.number,
        published_at=version.published_at.isoformat() if version.published_at else None,
        item=ItemOut.of(item),
        guide=guide_of(version),
        halls=[hall.name for hall in item.halls.all()],
    )


class DepartmentOut(Schema):
    id: int
    name: str
    uscc: str
    area_code: str
    consult_phone: str
    complaint_phone: str
    item_count: int


@router.get("/departments", response=list[DepartmentOut], summary="Departments with their number of items")
def list_departments(request: HttpRequest) -> list[Department]:
    return list(selectors.departments_with_counts())


@router.get("/departments/{department_id}", response={200: DepartmentOut, **errors(404)}, summary="One department")
def department_detail(request: HttpRequest, department_id: ObjectId) -> Department:
    department = selectors.departments_with_counts().filter(pk=department_id).first()
    if department is None:
        raise HttpError(404, "没有该部门。")
    return department


class HallOut(Schema):
    id: int
    code: str
    name: str
    slug: str
    address: str
    phone: str
    opening_hours: str
    latitude: float
    longitude: float
    distance_km: float | None
    departments: list[str]


class HallQuery(Schema):
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)


@router.get("/halls", response=list[HallOut], summary="Service halls, the nearest first when lat and lng are given")
def list_halls(request: HttpRequest, query: Query[HallQuery]) -> list[HallOut]:
    return [
        HallOut(
            id=entry.hall.pk,
            code=entry.hall.code,
            name=entry.hall.name,
            slug=entry.hall.slug,
            address=entry.hall.address,
            phone=entry.hall.phone,
            opening_hours=entry.hall.opening_hours,
            latitude=float(entry.hall.latitude),
            longitude=float(entry.hall.longitude),
            distance_km=entry.km,
            departments=[department.name for department in entry.hall.departments.all()],
        )
        for entry in selectors.halls_by_distance(query.lat, query.lng)
    ]


class ThemeOut(Schema):
    name: str
    slug: str
    audience: str
    description: str
    item_count: int


@router.get("/themes", response=list[ThemeOut], summary="Themes for 个人办事 (person) and 法人办事 (legal)")
def list_themes(request: HttpRequest, audience: str | None = Query(None, pattern="^(person|legal)$")) -> list[ThemeOut]:
    return [ThemeOut.model_validate(theme, from_attributes=True) for theme in selectors.themes(audience)]


class LifeEventOut(Schema):
    name: str
    slug: str
    audience: str
    description: str
    items: list[str]


@router.get("/life-events", response=list[LifeEventOut], summary="Life events (一件事) and the items they bundle")
def list_life_events(request: HttpRequest) -> list[LifeEventOut]:
    events = selectors.life_events().prefetch_related("items")
    return [
        LifeEventOut(
            name=event.name,
            slug=event.slug,
            audience=event.audience,
            description=event.description,
            items=[item.implementation_code for item in event.items.all()],
        )
        for event in events
    ]
