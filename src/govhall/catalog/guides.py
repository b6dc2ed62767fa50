"""Guide versions: a version's content as the canonical GuideIn, written back from it, and compared with another."""

from dataclasses import dataclass
from typing import Any

from django.db import models

from govhall.catalog.constants import FULLY_ONLINE_STAGES, OnlineLevel, OnlineStage
from govhall.catalog.models import Faq, Fee, FormField, GuideVersion, Item, Material, SpecialProcedure, Step, Variant
from govhall.catalog.schema import CHILD_LISTS, CHILD_SCHEMAS, VERSION_FIELDS, GuideIn

CHILD_MODELS: dict[str, type[models.Model]] = {
    "variants": Variant,
    "materials": Material,
    "fees": Fee,
    "steps": Step,
    "special_procedures": SpecialProcedure,
    "faqs": Faq,
    "form_fields": FormField,
}


def guide_of(version: GuideVersion) -> GuideIn:
    """The version's whole content in canonical form."""
    item = version.item
    data: dict[str, Any] = {
        "implementation_code": item.implementation_code,
        "department": item.department.name,
        "area_code": item.area_code,
        "main_item": item.main_item,
        "aliases": item.aliases,
    }
    for name in VERSION_FIELDS:
        data[name] = getattr(version, name)
    for list_name in CHILD_LISTS:
        fields = list(CHILD_SCHEMAS[list_name].model_fields)
        rows = getattr(version, list_name).all()
        data[list_name] = [{field: getattr(row, field) for field in fields} for row in rows]
    return GuideIn.model_validate(data)


def write_guide(version: GuideVersion, guide: GuideIn) -> None:
    """Replace the version's content with `guide` (the version must be a draft being built)."""
    fresh = version.pk is None
    for name in VERSION_FIELDS:
        setattr(version, name, getattr(guide, name))
    version.save()
    for list_name, model in CHILD_MODELS.items():
        if not fresh:
            model._default_manager.filter(version=version).delete()
        rows = [
            model(version=version, order=index, **row.model_dump())
            for index, row in enumerate(getattr(guide, list_name), start=1)
        ]
        model._default_manager.bulk_create(rows)


def copy_parts(source: GuideVersion, target: GuideVersion) -> None:
    for model in CHILD_MODELS.values():
        rows = list(model._default_manager.filter(version=source))
        for row in rows:
            row.pk = None
            row.version = target  # type: ignore[attr-defined]
        model._default_manager.bulk_create(rows)


def online_level(stages: list[str], visits: int) -> int:
    present = set(stages)
    if present >= FULLY_ONLINE_STAGES and visits == 0:
        return OnlineLevel.IV
    if OnlineStage.ACCEPT in present and OnlineStage.HANDLE in present:
        return OnlineLevel.III
    if present & {OnlineStage.RECEIVE, OnlineStage.PREREVIEW}:
        return OnlineLevel.II
    if present:
        return OnlineLevel.I
    return OnlineLevel.NONE


def copy_facets(item: Item, version: GuideVersion) -> None:
    """Copy the published version's facets onto the item, for filters and ranking."""
    from govhall.catalog.constants import LEGAL_AUDIENCES, PERSON_AUDIENCES, HandlingKind

    audiences = set(version.audiences)
    item.name = version.name
    item.item_type = version.item_type
    item.for_person = bool(audiences & PERSON_AUDIENCES)
    item.for_legal = bool(audiences & LEGAL_AUDIENCES)
    item.visits = version.visits
    item.online_level = online_level(version.online_stages, version.visits)
    item.is_immediate = version.handling_kind == HandlingKind.IMMEDIATE
    item.has_guide = not version.catalog_only


@dataclass(frozen=True)
class Change:
    """One difference between two versions, in words a catalog manager reads."""

    field: str
    before: str
    after: str


def _label(name: str) -> str:
    try:
        return str(getattr(GuideVersion._meta.get_field(name), "verbose_name", name))
    except Exception:
        return name


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(part) for part in value)
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What changed from one snapshot to another: scalar fields, then rows added, removed or changed per list."""
    changes: list[Change] = []
    for name in VERSION_FIELDS:
        if before.get(name) != after.get(name):
            changes.append(Change(_label(name), _show(before.get(name)), _show(after.get(name))))
    titles = {
        "variants": "办理情形",
        "materials": "申请材料",
        "fees": "收费",
        "steps": "办理环节",
        "special_procedures": "特别程序",
        "faqs": "常见问题",
    }
    for list_name in CHILD_LISTS:
        key = "question" if list_name == "faqs" else "name"
        old = {row[key]: row for row in before.get(list_name, [])}
        new = {row[key]: row for row in after.get(list_name, [])}
        for row_name in new.keys() - old.keys():
            changes.append(Change(titles[list_name], "（无）", f"新增：{row_name}"))
        for row_name in old.keys() - new.keys():
            changes.append(Change(titles[list_name], f"删除：{row_name}", "（无）"))
        for row_name in old.keys() & new.keys():
            if old[row_name] != new[row_name]:
                fields = [f for f in new[row_name] if new[row_name][f] != old[row_name].get(f)]
                changes.append(Change(f"{titles[list_name]}：{row_name}", "修改前", "修改了 " + "、".join(fields)))
    return changes
