"""What each staff role may see and do: the one table of permissions (documented in docs/roles.md).

A permission is granted within the member's department only: a staff member's rights in a department come only from
their role in that department. `staff_can(user, permission, department)` checks one department;
`staff_departments(user, permission)` (organisations.access) gives the departments every staff query is narrowed to."""

from django.utils.translation import gettext_lazy as _

from govhall.organisations.constants import Role

PERMISSIONS = {
    "catalog.edit": _("编辑办事指南草稿"),
    "catalog.publish": _("发布办事指南"),
    "cases.view": _("查看本部门办件"),
    "cases.receive": _("窗口收件、帮办代办、核验原件"),
    "cases.review": _("审查办件、一次性告知补正"),
    "cases.decide": _("作出准予或不予许可决定、批准延期"),
    "personal_data.full": _("查看完整证件号码与手机号码（每次查看均记录）"),
    "supervision.view": _("查看效能监察数据与差评整改"),
    "supervision.escalate": _("督办超期办件与差评"),
    "operations.outbox": _("查看短信发件箱与后台任务"),
    "operations.staff": _("管理工作人员账户与岗位"),
    "payments.collect": _("窗口收款（现金、刷卡）、申请退款"),
    "payments.refund_approve": _("审批退款（不能审批本人申请的退款）"),
    "payments.reconcile": _("查看对账结果、处理对账差异"),
    "enquiries.handle": _("受理、答复、转办本部门的咨询投诉建议，审核公开问答"),
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.WINDOW_CLERK: frozenset(
        {"cases.view", "cases.receive", "personal_data.full", "payments.collect", "enquiries.handle"}
    ),
    Role.REVIEWER: frozenset({"cases.view", "cases.review", "personal_data.full", "enquiries.handle"}),
    Role.APPROVER: frozenset(
        {
            "cases.view",
            "cases.review",
            "cases.decide",
            "personal_data.full",
            "payments.refund_approve",
            "enquiries.handle",
        }
    ),
    Role.SUPERVISOR: frozenset({"cases.view", "supervision.view", "supervision.escalate", "payments.reconcile"}),
    Role.CATALOG_MANAGER: frozenset({"catalog.edit", "catalog.publish"}),
    Role.OPERATOR: frozenset({"operations.outbox", "operations.staff"}),
}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
