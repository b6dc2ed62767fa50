"""The answer to one intent, quoted from the published guide: every line is a guide field (or the hall's own record),
under the label the guide page gives it. Nothing here states a fact the guide does not."""

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from govhall.assist.intents import Intent
from govhall.catalog.constants import HandlingKind, MaterialExemption, MaterialNecessity, OnlineLevel, OnlineStage
from govhall.catalog.models import GuideVersion, Item

MAX_HALLS = 3


def _limit(value: int, unit_label: str) -> str:
    return _("%(n)s 个%(unit)s") % {"n": value, "unit": unit_label}


def materials(item: Item, guide: GuideVersion) -> list[str]:
    rows = list(guide.materials.all())
    if not rows:
        return [_("申请材料：无需提交材料。")]
    lines = [_("申请材料：")]
    for number, material in enumerate(rows, start=1):
        notes = []
        if material.necessity != MaterialNecessity.REQUIRED:
            notes.append(material.get_necessity_display())
        if material.variant_name:
            notes.append(material.variant_name)
        if material.exemption != MaterialExemption.NONE:
            notes.append(material.get_exemption_display())
        note = f"（{'，'.join(str(part) for part in notes)}）" if notes else ""
        lines.append(f"{number}. {material.name}{note}")
    return lines


def time_limit(item: Item, guide: GuideVersion) -> list[str]:
    lines = []
    if guide.handling_kind == HandlingKind.IMMEDIATE or guide.promised_limit == 0:
        lines.append(_("承诺办结时限：当场办结（%(kind)s）。") % {"kind": guide.get_handling_kind_display()})
    elif guide.promised_limit is not None:
        limit = _limit(guide.promised_limit, guide.get_promised_unit_display())
        lines.append(_("承诺办结时限：%(limit)s。") % {"limit": limit})
    if guide.statutory_limit is not None:
        limit = _limit(guide.statutory_limit, guide.get_statutory_unit_display())
        lines.append(_("法定办结时限：%(limit)s。") % {"limit": limit})
    for procedure in guide.special_procedures.all():
        span = (
            f"：{_limit(procedure.time_limit, procedure.get_unit_display())}"
            if procedure.time_limit is not None
            else ""
        )
        lines.append(
            _("特别程序（所需时间不计入办结时限）：%(name)s%(span)s。") % {"name": procedure.name, "span": span}
        )
    return lines or [_("办事指南未载明办结时限。")]


def fees(item: Item, guide: GuideVersion) -> list[str]:
    rows = list(guide.fees.all())
    if not rows:
        return [_("收费：不收费。")]
    lines = [_("收费：")]
    for fee in rows:
        line = f"{fee.name}：{fee.standard}（{fee.get_stage_display()}）"
        if fee.reducible:
            line += _("，可按规定减免")
        if fee.note:
            line += f"。{fee.note}"
        lines.append(line)
    return lines


def place(item: Item, guide: GuideVersion) -> list[str]:
    lines = []
    if guide.handling_location:
        lines.append(_("办理地点：%(where)s") % {"where": guide.handling_location})
    if guide.handling_hours:
        lines.append(_("办理时间：%(when)s") % {"when": guide.handling_hours})
    for hall in list(item.halls.filter(is_open=True).order_by("name"))[:MAX_HALLS]:
        hours = f"，{hall.opening_hours}" if hall.opening_hours else ""
        lines.append(
            _("可办理的服务大厅：%(name)s（%(address)s%(hours)s）")
            % {"name": hall.name, "address": hall.address, "hours": hours}
        )
    return lines or [_("办事指南未载明办理地点。")]


def how(item: Item, guide: GuideVersion) -> list[str]:
    lines = []
    steps = list(guide.steps.all())
    if steps:
        lines.append(_("办理流程："))
        for number, step in enumerate(steps, start=1):
            details = [part for part in (step.office,) if part]
            if step.time_limit is not None:
                details.append(_limit(step.time_limit, step.get_unit_display()))
            line = f"{number}. {step.name}" + (f"（{'，'.join(details)}）" if details else "")
            if step.description:
                line += f"：{step.description}"
            lines.append(line)
    elif guide.summary:
        lines.append(guide.summary)
    visits = _("到办事现场次数：%(n)s 次") % {"n": guide.visits}
    lines.append(visits + (f"（{guide.visit_reason}）" if guide.visit_reason else ""))
    return lines


def online(item: Item, guide: GuideVersion) -> list[str]:
    lines = [_("网上办理深度：%(level)s") % {"level": OnlineLevel(item.online_level).label}]
    stages = [str(OnlineStage(stage).label) for stage in guide.online_stages if stage in OnlineStage.values]
    if stages:
        lines.append(_("网上办理环节：%(stages)s") % {"stages": "、".join(stages)})
    visits = _("到办事现场次数：%(n)s 次") % {"n": guide.visits}
    lines.append(visits + (f"（{guide.visit_reason}）" if guide.visit_reason else ""))
    options = [
        str(getattr(GuideVersion._meta.get_field(name), "verbose_name", name))
        for name in ("appointment", "online_payment", "express_in", "express_out", "self_service")
        if getattr(guide, name)
    ]
    if options:
        lines.append(_("服务方式：%(options)s") % {"options": "、".join(options)})
    return lines


QUOTERS: dict[Intent, Callable[[Item, GuideVersion], list[str]]] = {
    "materials": materials,
    "time_limit": time_limit,
    "fees": fees,
    "place": place,
    "how": how,
    "online": online,
}


def quote(item: Item, intent: Intent) -> list[str]:
    """The guide's lines that answer `intent` for `item` (which comes with its published guide and parts)."""
    guide = item.current_version
    if guide is None or guide.catalog_only:
        phone = item.department.consult_phone or settings.GOVHALL_HOTLINE
        return [_("本事项的详细办事指南正在编制中。办理前请先电话咨询：%(phone)s。") % {"phone": phone}]
    return QUOTERS[intent](item, guide)


def consult_channels(item: Item) -> str:
    """The guide's 咨询方式: its phone and other channels, as the guide page shows them."""
    guide = item.current_version
    phone = (
        (guide.consult_phone if guide is not None else "") or item.department.consult_phone or settings.GOVHALL_HOTLINE
    )
    channels = guide.consult_channels if guide is not None and not guide.catalog_only else ""
    return f"{phone}；{channels}" if channels else phone
