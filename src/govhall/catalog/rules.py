"""The consistency rules a guide must keep before it is published (DOMAIN.md). Each broken rule is one message."""

from govhall.catalog.constants import (
    STANDARD_STEPS,
    HandlingKind,
    ItemType,
    OnlineStage,
)
from govhall.catalog.schema import GuideIn


def _days(limit: int | None, unit: str) -> float | None:
    if limit is None:
        return None
    # Compare across units: 5 working days ≈ 7 natural days.
    return limit * 7 / 5 if unit == "working_day" else float(limit)


def broken_rules(guide: GuideIn) -> list[str]:
    """Messages, in Chinese, for every rule the guide breaks. An empty list means it may be published."""
    problems: list[str] = []
    if guide.catalog_only:
        return problems  # only the catalog entry exists; the guide itself is still being written
    if guide.statutory_limit is None and guide.handling_kind != HandlingKind.IMMEDIATE:
        problems.append("承诺件须填写法定办结时限。")
    if guide.promised_limit is None and guide.handling_kind != HandlingKind.IMMEDIATE:
        problems.append("承诺件须填写承诺办结时限。")
    statutory = _days(guide.statutory_limit, guide.statutory_unit)
    promised = _days(guide.promised_limit, guide.promised_unit)
    if statutory is not None and promised is not None and promised > statutory:
        problems.append("承诺办结时限不得超过法定办结时限。")
    if guide.promised_limit == 0 and guide.handling_kind != HandlingKind.IMMEDIATE:
        problems.append("承诺时限为 0（当场办结）的事项，办件类型应为即办件。")
    if guide.handling_kind == HandlingKind.IMMEDIATE and (guide.promised_limit or 0) > 1:
        problems.append("即办件的承诺办结时限应为 0 或 1 个工作日（当场办结）。")
    if guide.visits > 0 and not guide.visit_reason:
        problems.append("到办事现场次数不为 0 时，须说明必须现场办理的原因。")
    online = set(guide.online_stages)
    if guide.visits == 0 and OnlineStage.RECEIVE not in online and not guide.express_in:
        problems.append("零跑动但不能网上收件的事项，须提供邮寄申请（物流快递收件）。")
    for index, fee in enumerate(guide.fees, start=1):
        if not fee.standard or not fee.legal_basis:
            problems.append(f"第 {index} 项收费须写明收费标准和收费依据。")
    if guide.online_payment and not guide.fees:
        problems.append("支持网上支付的事项须列出收费项目。")
    if guide.consult_phone and guide.complaint_phone and guide.consult_phone == guide.complaint_phone:
        problems.append("咨询电话与投诉电话不得相同。")
    if not guide.consult_phone:
        problems.append("须填写咨询电话。")
    if not guide.complaint_phone:
        problems.append("须填写投诉电话。")
    if guide.item_type == ItemType.LICENSING:
        step_names = {step.name for step in guide.steps}
        missing = [name for name in STANDARD_STEPS if name not in step_names]
        if missing:
            problems.append("行政许可事项须包含受理、审查、决定、办结、送达环节，缺少：" + "、".join(missing) + "。")
    if not guide.audiences:
        problems.append("须选择服务对象。")
    variant_names = {variant.name for variant in guide.variants}
    for material in guide.materials:
        if material.necessity == "conditional" and material.variant_name not in variant_names:
            problems.append(f"情形必要材料“{material.name}”须对应一个已列出的办理情形。")
    if OnlineStage.HANDLE in online and OnlineStage.ACCEPT not in online:
        problems.append("网上办理深度：网上办理须以网上受理为前提。")
    if guide.commitment_allowed and not guide.post_check_days:
        problems.append("实行告知承诺制的事项须填写事后核查时限。")
    problems.extend(_form_problems(guide, variant_names))
    return problems


def _form_problems(guide: GuideIn, variant_names: set[str]) -> list[str]:
    problems: list[str] = []
    keys = [field.key for field in guide.form_fields]
    for key in sorted({key for key in keys if keys.count(key) > 1}):
        problems.append(f"申请表字段标识“{key}”重复。")
    for field in guide.form_fields:
        if field.kind == "choice" and len([c for c in field.choices.split("|") if c.strip()]) < 2:
            problems.append(f"单选字段“{field.label}”须至少列出两个选项（用“|”分隔）。")
        if field.variant_name and field.variant_name not in variant_names:
            problems.append(f"申请表字段“{field.label}”的适用情形须是已列出的办理情形。")
    for step in guide.steps:
        if step.review_department and not step.review_role:
            problems.append(f"办理环节“{step.name}”填写了审查部门，须同时选择审查岗位。")
    return problems
