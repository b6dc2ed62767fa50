"""The workbench's tools shown on the inbox (窗口收件, 窗口叫号, 咨询投诉…), each with the permission its page asks for:
a member of staff sees a tool only when the page would open for them (no link that ends in 403)."""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.accounts.models import User
from govhall.enquiries.constants import HANDLE as ENQUIRY_PERMISSION
from govhall.licences.grants import GRANTEE_PERMISSION
from govhall.organisations.access import staff_departments
from govhall.queueing.services import WINDOW_PERMISSION

RECEIVE_PERMISSION = "cases.receive"
INSTANT_AUDIT_PERMISSION = "cases.review"
SEARCH_REPORT_PERMISSION = "catalog.edit"


class Tool(NamedTuple):
    url_name: str
    label: str | Promise
    permission: str


TOOLS = (
    Tool("workbench:receive", _("窗口收件（帮办代办）"), RECEIVE_PERMISSION),
    Tool("workbench:licence_verify", _("核验证照"), GRANTEE_PERMISSION),
    Tool("workbench:instant_audit", _("秒批抽查"), INSTANT_AUDIT_PERMISSION),
    Tool("workbench:appointments", _("大厅预约"), WINDOW_PERMISSION),
    Tool("workbench:queue", _("窗口叫号"), WINDOW_PERMISSION),
    Tool("workbench:enquiries", _("咨询投诉"), ENQUIRY_PERMISSION),
    Tool("workbench:search_report", _("检索分析"), SEARCH_REPORT_PERMISSION),
)


def tools_for(user: User) -> list[Tool]:
    """The tools whose pages open for `user` (one department query per distinct permission)."""
    held: dict[str, bool] = {}
    for tool in TOOLS:
        if tool.permission not in held:
            held[tool.permission] = bool(staff_departments(user, tool.permission))
    return [tool for tool in TOOLS if held[tool.permission]]
